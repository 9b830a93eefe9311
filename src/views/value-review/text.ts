import type { SectionBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import { LIMITS, section } from '../kit.js';
import { formatMoney } from '../mrkdwn.js';

// Small formatting the value review's messages, modal and Home section share.

export const monthName = (month: PeriodKey): string => monthLabel(month).split(' ')[0] ?? month;
export const money = (cents: number, currency: string): string => formatMoney(cents, currency);

export function day(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(at);
}

/** Lines packed into as few sections as Slack's 3,000 characters a section allow. */
export function packedSections(
  lines: readonly string[],
  separator: string,
  blockId: (part: number) => string,
): SectionBlock[] {
  const parts: string[] = [];
  for (const line of lines) {
    const last = parts.at(-1);
    if (last !== undefined && last.length + separator.length + line.length <= LIMITS.sectionText) {
      parts[parts.length - 1] = `${last}${separator}${line}`;
    } else {
      parts.push(line);
    }
  }
  return parts.map((text, i) => section(text, blockId(i)));
}
