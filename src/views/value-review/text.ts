import type { SectionBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { MonthlyReport } from '../../domain/monthly-report.js';
import { LIMITS, section } from '../kit.js';
import { formatMoney, formatWeekday } from '../mrkdwn.js';

// Small formatting the value review's messages, modal and Home section share.

export const monthName = (month: PeriodKey): string => monthLabel(month).split(' ')[0] ?? month;
export const money = (cents: number, currency: string): string => formatMoney(cents, currency);

/** Where a report's number came from, as a phrase: "Already reported: $2,800 (typed over ...)". */
export function sourcePhrase(r: Pick<MonthlyReport, 'source' | 'feedCents'>, currency: string): string {
  if (r.source === 'feed') return "the live feed's number, unchanged";
  if (r.source === 'feed_changed' && r.feedCents !== null)
    return `typed over the live feed's ${money(r.feedCents, currency)}`;
  return 'typed by hand';
}

export const day = (at: Date, zone: string): string => formatWeekday(at, zone);

/**
 * Lines packed into as few sections as Slack's 3,000 characters a section allow, up to `maxSections` when
 * given. Lines are read one at a time and no further than the last section kept, so a long list costs only
 * the lines that are shown.
 */
export function packedSections(
  lines: Iterable<string>,
  separator: string,
  blockId: (part: number) => string,
  maxSections = Number.POSITIVE_INFINITY,
): { sections: SectionBlock[]; complete: boolean } {
  const parts: string[] = [];
  const packed = (complete: boolean) => ({
    sections: parts.map((text, i) => section(text, blockId(i))),
    complete,
  });
  for (const line of lines) {
    const last = parts.at(-1);
    if (last !== undefined && last.length + separator.length + line.length <= LIMITS.sectionText) {
      parts[parts.length - 1] = `${last}${separator}${line}`;
    } else if (parts.length === maxSections) {
      return packed(false);
    } else {
      parts.push(line);
    }
  }
  return packed(true);
}
