// When each ritual falls due, and what to do after downtime: run the latest period late, mark older ones missed.

import {
  type Cadence,
  nextPeriod,
  nthBusinessDayAt,
  type PeriodKey,
  periodOf,
  previousPeriod,
} from './calendar.js';

export const RITUALS = ['value-review', 'kill-or-scale'] as const;
export type RitualId = (typeof RITUALS)[number];

export interface RitualSchedule {
  readonly ritual: RitualId;
  readonly cadence: Cadence;
  /** 1-based business day of the period. */
  readonly businessDay: number;
  /** Local wall time 'HH:MM' in the workspace zone. */
  readonly time: string;
}

export const DEFAULT_SCHEDULES: Readonly<Record<RitualId, RitualSchedule>> = {
  'value-review': { ritual: 'value-review', cadence: 'monthly', businessDay: 1, time: '09:00' },
  'kill-or-scale': { ritual: 'kill-or-scale', cadence: 'quarterly', businessDay: 1, time: '10:00' },
};

export const DEFAULT_LATE_AFTER_MINUTES = 15;

export interface DuePeriod {
  readonly period: PeriodKey;
  readonly dueAt: Date;
  readonly late: boolean;
}

export interface DueDecision {
  readonly run: DuePeriod | null;
  /** Oldest first. These are recorded as missed, never run: a stale review helps nobody. */
  readonly missed: readonly PeriodKey[];
}

/** The instant a period of this schedule falls due. */
export function dueAtFor(schedule: RitualSchedule, period: PeriodKey, zone: string): Date {
  return nthBusinessDayAt(period, schedule.businessDay, schedule.time, zone);
}

/**
 * The candidate is the newest period whose due instant is <= now. Before this period's due time that is the
 * previous period: it fell due last period and, if it never ran (say the app was down), it may still run late.
 * Only the candidate ever runs. Every older unknown period due on or after `since` is missed. Periods due before
 * `since` (the workspace was set up after them) are neither run nor missed.
 */
export function decideDue(p: {
  schedule: RitualSchedule;
  now: Date;
  zone: string;
  since: Date;
  known: ReadonlySet<PeriodKey>;
  lateAfterMinutes?: number;
}): DueDecision {
  const lateAfterMs = (p.lateAfterMinutes ?? DEFAULT_LATE_AFTER_MINUTES) * 60_000;
  const dueAt = (period: PeriodKey): Date => dueAtFor(p.schedule, period, p.zone);
  const counts = (due: Date): boolean => due.getTime() >= p.since.getTime();

  const current = periodOf(p.schedule.cadence, p.now, p.zone);
  const candidate = dueAt(current).getTime() <= p.now.getTime() ? current : previousPeriod(current);
  const candidateDueAt = dueAt(candidate);
  if (!counts(candidateDueAt)) return { run: null, missed: [] };

  const missed: PeriodKey[] = [];
  for (let period = previousPeriod(candidate); counts(dueAt(period)); period = previousPeriod(period)) {
    if (!p.known.has(period)) missed.unshift(period);
  }

  const run = p.known.has(candidate)
    ? null
    : {
        period: candidate,
        dueAt: candidateDueAt,
        late: p.now.getTime() - candidateDueAt.getTime() > lateAfterMs,
      };
  return { run, missed };
}

const CADENCE_LABELS: Readonly<Record<Cadence, string>> = { monthly: 'Monthly', quarterly: 'Quarterly' };
const ORDINAL_WORDS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];
const ORDINAL_SUFFIXES: Readonly<Record<number, string>> = { 1: 'st', 2: 'nd', 3: 'rd' };

function ordinal(n: number): string {
  const word = ORDINAL_WORDS[n - 1];
  if (word) return word;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (ORDINAL_SUFFIXES[n % 10] ?? 'th')}`;
}

/** "Monthly, first business day at 09:00 (America/Chicago)". */
export function describeSchedule(s: RitualSchedule, zone: string): string {
  return `${CADENCE_LABELS[s.cadence]}, ${ordinal(s.businessDay)} business day at ${s.time} (${zone})`;
}

/** The first due instant strictly after `now`. */
export function nextDueAt(s: RitualSchedule, now: Date, zone: string): Date {
  const current = periodOf(s.cadence, now, zone);
  const thisPeriod = dueAtFor(s, current, zone);
  return thisPeriod.getTime() > now.getTime() ? thisPeriod : dueAtFor(s, nextPeriod(current), zone);
}
