// Past placements, newest first.

import type { KnownBlock } from '@slack/types';
import type { StoredPlacement } from '../../domain/placement.js';
import { stageLabel } from '../../domain/stages.js';
import { header, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';

export function historyBlocks(placements: readonly StoredPlacement[], timeZone: string): KnownBlock[] {
  if (placements.length === 0) {
    return [section('No placements yet. Type `/maturity` to place the operation.', 'history_empty')];
  }
  const lines = placements.map((p) => {
    const self = p.selfReported === p.final ? '' : ` (answers said ${stageLabel(p.selfReported)})`;
    const flags = p.flags.length > 0 ? ` · ${p.flags.map((f) => escapeMrkdwn(f.title)).join(', ')}` : '';
    return `• ${formatDate(p.createdAt, timeZone)}: *${stageLabel(p.final)}*${self} by ${mention(p.userId)}${flags}`;
  });
  return [header('Placement history'), section(lines.join('\n'), 'history_list')];
}
