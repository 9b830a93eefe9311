import type { KnownBlock } from '@slack/types';
import { section } from './kit.js';
import { escapeMrkdwn } from './mrkdwn.js';

export interface HelpEntry {
  readonly usage: string;
  readonly summary: string;
}

export function helpBlocks(entries: readonly HelpEntry[], unknown?: string): KnownBlock[] {
  const intro = unknown
    ? `I don't know "${escapeMrkdwn(unknown)}". Here is what \`/maturity\` can do:`
    : 'Here is what `/maturity` can do:';
  const lines = entries.map((e) => `• \`${e.usage}\`: ${e.summary}`);
  return [section(intro, 'help_intro'), section(lines.join('\n'), 'help_list')];
}

export function helpText(entries: readonly HelpEntry[]): string {
  return `What /maturity can do: ${entries.map((e) => e.usage).join(', ')}`;
}
