// One placement as a person reads it: the stage, the trap, the next move, what the records changed.

import type { KnownBlock, ModalView } from '@slack/types';
import {
  CHECK_TEXTS,
  monitoringReason,
  type Override,
  type Reason,
  type StoredPlacement,
} from '../../domain/placement.js';
import { stageLabel, stageOf } from '../../domain/stages.js';
import { context, divider, header, modal, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import { PLACEMENT_CALLBACK_ID } from './ids.js';

/** The result's line on monitoring: how many running agents a healthy live feed shows as monitored. */
export const RESULT_MONITORING_BLOCK_ID = 'result_monitoring';

/** A reason from the records as mrkdwn: the app's words and agent names escaped, people as mentions, days in the zone. */
export function reasonMrkdwn(reason: Reason, timeZone: string): string {
  return reason
    .map((part) => {
      if (typeof part === 'string') return escapeMrkdwn(part);
      if ('agent' in part) return `*${escapeMrkdwn(part.agent)}*`;
      if ('person' in part) return mention(part.person);
      return formatDate(new Date(part.day), timeZone);
    })
    .join('');
}

function answeredText(o: Override): string {
  if (o.question === 'threeOrMoreAgents') return 'Your answers imply it.';
  return `You said ${o.answered ? 'yes' : 'no'}.`;
}

/** The result as a person reads it: where they stand, the trap, the one next move, and what the records changed. */
export function placementResultBlocks(p: StoredPlacement, timeZone: string): KnownBlock[] {
  const stage = stageOf(p.final);
  const blocks: KnownBlock[] = [
    header(stageLabel(p.final), 'result_stage'),
    section(stage.whatIsTrue, 'result_true'),
    section(`*The trap at this stage:* ${stage.trap}`, 'result_trap'),
    section(`*Your one next move:* ${stage.nextMove}`, 'result_next_move'),
  ];
  const monitoring = monitoringReason(p.evidence);
  if (monitoring)
    blocks.push(section(`*Monitoring:* ${reasonMrkdwn(monitoring, timeZone)}`, RESULT_MONITORING_BLOCK_ID));
  if (p.selfReported !== p.final) {
    blocks.push(
      divider(),
      section(
        `*Your answers say:* ${stageLabel(p.selfReported)}\n*The records say:* ${stageLabel(p.final)}\nThe records win: where they prove an answer wrong, either way, their fact counts.`,
        'result_compare',
      ),
    );
  }
  if (p.overrides.length > 0) {
    const lines = p.overrides.map(
      (o) => `• ${escapeMrkdwn(CHECK_TEXTS[o.question])} ${answeredText(o)} ${reasonMrkdwn(o.why, timeZone)}`,
    );
    blocks.push(section(`*Where the records overrode an answer*\n${lines.join('\n')}`, 'result_overrides'));
  }
  for (const flag of p.flags) {
    blocks.push(
      section(
        `:warning: *${escapeMrkdwn(flag.title)}:* ${reasonMrkdwn(flag.reason, timeZone)}`,
        `result_flag_${flag.id}`,
      ),
    );
  }
  return blocks;
}

export function placementResultModal(p: StoredPlacement, timeZone: string): ModalView {
  return modal({
    callbackId: `${PLACEMENT_CALLBACK_ID}_result`,
    title: 'Your placement',
    close: 'Done',
    blocks: [
      ...placementResultBlocks(p, timeZone),
      context(['Saved to the placement history. `/maturity history` shows past placements.']),
    ],
  });
}
