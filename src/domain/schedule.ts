// When each ritual falls due, and what to do after downtime: run the latest period late, mark older ones missed.

import {
  type Cadence,
  calendarZone,
  nextPeriod,
  nthBusinessDayAt,
  type PeriodKey,
  periodOf,
  previousPeriod,
  type ZoneOrCalendar,
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
export function dueAtFor(schedule: RitualSchedule, period: PeriodKey, days: ZoneOrCalendar): Date {
  return nthBusinessDayAt(period, schedule.businessDay, schedule.time, days);
}

/**
 * What the heartbeat knows of its own past: when it last ran before this tick, and the tick before that (which
 * gives its usual pace: every minute in the server, however often a system cron calls `rituals run`).
 */
export interface HeartbeatRecord {
  readonly lastAt: Date;
  readonly previousAt: Date | null;
}

/**
 * Whether the app was running when `dueAt` came, judged from its own record rather than from how long ago that
 * was. It was, if this tick comes within `graceMinutes` of the due time, if a tick already ran at or after it, or
 * if the gap since the last tick before it is no longer than the heartbeat's usual pace allows (twice the gap
 * between its last two ticks): a system cron that calls `rituals run` every half hour is slow, not down. With no
 * record at all, only the grace counts.
 */
export function wasRunningAt(p: {
  dueAt: Date;
  now: Date;
  heartbeat: HeartbeatRecord | null;
  graceMinutes?: number;
}): boolean {
  const graceMs = (p.graceMinutes ?? DEFAULT_LATE_AFTER_MINUTES) * 60_000;
  const due = p.dueAt.getTime();
  if (p.now.getTime() - due <= graceMs) return true;
  if (p.heartbeat === null) return false;
  const last = p.heartbeat.lastAt.getTime();
  if (last >= due) return true;
  const pace = p.heartbeat.previousAt === null ? 0 : last - p.heartbeat.previousAt.getTime();
  return p.now.getTime() - last <= 2 * pace;
}

/**
 * The candidate is the newest period whose due instant is <= now. Before this period's due time that is the
 * previous period: it fell due last period and, if it never ran (say the app was down), it may still run late.
 * Only the candidate ever runs, late only when the heartbeat's record shows the app was not running at its due
 * time. Every older unknown period due on or after `since` is missed. Periods due before `since` (the workspace
 * was set up after them) are neither run nor missed.
 */
export function decideDue(p: {
  schedule: RitualSchedule;
  now: Date;
  /** The workspace's zone, or its working calendar when it keeps holidays. */
  zone: ZoneOrCalendar;
  since: Date;
  known: ReadonlySet<PeriodKey>;
  heartbeat: HeartbeatRecord | null;
  lateAfterMinutes?: number;
}): DueDecision {
  const dueAt = (period: PeriodKey): Date => dueAtFor(p.schedule, period, p.zone);
  const counts = (due: Date): boolean => due.getTime() >= p.since.getTime();

  const current = periodOf(p.schedule.cadence, p.now, calendarZone(p.zone));
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
        late: !wasRunningAt({
          dueAt: candidateDueAt,
          now: p.now,
          heartbeat: p.heartbeat,
          ...(p.lateAfterMinutes === undefined ? {} : { graceMinutes: p.lateAfterMinutes }),
        }),
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
export function nextDueAt(s: RitualSchedule, now: Date, days: ZoneOrCalendar): Date {
  const current = periodOf(s.cadence, now, calendarZone(days));
  const thisPeriod = dueAtFor(s, current, days);
  return thisPeriod.getTime() > now.getTime() ? thisPeriod : dueAtFor(s, nextPeriod(current), days);
}
