// People away: an owner (or a leader) marks dates away, optionally naming a delegate who reports for them.
// Dates are local calendar dates 'YYYY-MM-DD' in the workspace's zone, both ends included.

import { DateTime } from 'luxon';
import type { ParseResult } from './money.js';

export interface AwayRange {
  readonly id: number;
  readonly personId: string;
  readonly firstDay: string;
  readonly lastDay: string;
  /** Who reports for them while they are away; null when nobody does. */
  readonly delegateId: string | null;
}

/** The range that covers `date` for this person, or null when they are not away that day. */
export function awayOn(ranges: readonly AwayRange[], personId: string, date: string): AwayRange | null {
  return ranges.find((r) => r.personId === personId && r.firstDay <= date && date <= r.lastDay) ?? null;
}

/**
 * Who gets a message meant for `personId` on `date`: themselves, their delegate (on their behalf), or nobody
 * (away with no delegate). A delegate who is away too passes nothing on: one hop, so a chain cannot loop.
 */
export type Recipient =
  | { readonly kind: 'self'; readonly userId: string }
  | {
      readonly kind: 'delegate';
      readonly userId: string;
      readonly onBehalfOf: string;
      readonly until: string;
    }
  | { readonly kind: 'nobody'; readonly until: string };

export function recipientOn(ranges: readonly AwayRange[], personId: string, date: string): Recipient {
  const away = awayOn(ranges, personId, date);
  if (away === null) return { kind: 'self', userId: personId };
  if (away.delegateId !== null && awayOn(ranges, away.delegateId, date) === null) {
    return { kind: 'delegate', userId: away.delegateId, onBehalfOf: personId, until: away.lastDay };
  }
  return { kind: 'nobody', until: away.lastDay };
}

/** A local calendar date as Slack's date picker gives it. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The longest a range may run: beyond a year it is not being away, it is leaving (hand the agents over). */
const MAX_AWAY_DAYS = 366;

/**
 * Checks an away range as typed in the modal. `today` is the local date now: a range that has already ended
 * helps nobody. Returns the message for the field at fault.
 */
export function checkAwayRange(p: {
  firstDay: string | null;
  lastDay: string | null;
  personId: string;
  delegateId: string | null;
  today: string;
}): ParseResult<{ firstDay: string; lastDay: string }> & { field?: 'first' | 'last' | 'delegate' } {
  const { firstDay, lastDay } = p;
  if (firstDay === null || !ISO_DATE.test(firstDay))
    return { ok: false, message: 'Pick the first day away.', field: 'first' };
  if (lastDay === null || !ISO_DATE.test(lastDay))
    return { ok: false, message: 'Pick the last day away.', field: 'last' };
  if (lastDay < firstDay)
    return { ok: false, message: 'The last day away comes on or after the first.', field: 'last' };
  if (lastDay < p.today)
    return { ok: false, message: 'These dates are past. Pick dates from today on.', field: 'last' };
  const days = DateTime.fromISO(lastDay).diff(DateTime.fromISO(firstDay), 'days').days + 1;
  if (days > MAX_AWAY_DAYS) {
    return {
      ok: false,
      message: 'Away for more than a year is leaving: hand the agents to a new owner instead.',
      field: 'last',
    };
  }
  if (p.delegateId === p.personId)
    return { ok: false, message: 'Pick someone else to report, or leave it empty.', field: 'delegate' };
  return { ok: true, value: { firstDay, lastDay } };
}
