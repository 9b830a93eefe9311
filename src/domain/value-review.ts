// The monthly value review: when owners are asked, nudged and escalated, and which numbers deserve a second look.
// Amounts stay integer cents; messages carry plain percentages and counts, never formatted money.

import {
  addBusinessDays,
  cadenceOf,
  nthBusinessDayAt,
  type PeriodKey,
  previousPeriod,
  type ZoneOrCalendar,
} from './calendar.js';
import { DEFAULT_SCHEDULES, dueAtFor, type RitualSchedule } from './schedule.js';

export interface ValueReviewSettings {
  /** Business days after the prompt before the owner is nudged. */
  readonly nudgeAfterBusinessDays: number;
  /** Business days after the prompt before the portfolio owner is told. */
  readonly escalateAfterBusinessDays: number;
  /** Business day of the month the summary posts, whether or not every number is in. */
  readonly postOnBusinessDay: number;
  /** A drop of more than this percentage against the trailing average is flagged. */
  readonly dropPercent: number;
  /** Months in a row below target before it is flagged. */
  readonly belowTargetMonths: number;
}

export const DEFAULT_VALUE_REVIEW: ValueReviewSettings = {
  nudgeAfterBusinessDays: 3,
  escalateAfterBusinessDays: 5,
  postOnBusinessDay: 7,
  dropPercent: 25,
  belowTargetMonths: 2,
};

/** What a workspace sets about its review; the other rules keep their defaults. */
export interface ReviewSettings {
  /** Local wall time 'HH:MM' of the prompt, the nudge, the escalation and the post. */
  readonly time: string;
  readonly dropPercent: number;
  readonly belowTargetMonths: number;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  time: DEFAULT_SCHEDULES['value-review'].time,
  dropPercent: DEFAULT_VALUE_REVIEW.dropPercent,
  belowTargetMonths: DEFAULT_VALUE_REVIEW.belowTargetMonths,
};

/** What a workspace may set its thresholds to, both ends included. */
export const REVIEW_SETTING_LIMITS = {
  dropPercent: { min: 1, max: 100 },
  belowTargetMonths: { min: 1, max: 12 },
} as const;

/** The domain's rules with this workspace's thresholds. */
export function valueReviewRules(s: ReviewSettings): ValueReviewSettings {
  return { ...DEFAULT_VALUE_REVIEW, dropPercent: s.dropPercent, belowTargetMonths: s.belowTargetMonths };
}

export function sameReviewSettings(a: ReviewSettings, b: ReviewSettings): boolean {
  return a.time === b.time && a.dropPercent === b.dropPercent && a.belowTargetMonths === b.belowTargetMonths;
}

/** Owners report a finished month: the run in 2026-11 collects 2026-10. */
export function reportedMonthFor(runPeriod: PeriodKey): PeriodKey {
  if (cadenceOf(runPeriod) !== 'monthly')
    throw new RangeError(`The value review runs monthly, got ${runPeriod}`);
  return previousPeriod(runPeriod);
}

export interface ReviewMilestones {
  readonly promptAt: Date;
  readonly nudgeAt: Date;
  readonly escalateAt: Date;
  readonly postAt: Date;
}

/** The review's schedule with this workspace's time of day. */
export function reviewSchedule(s: ReviewSettings): RitualSchedule {
  return { ...DEFAULT_SCHEDULES['value-review'], time: s.time };
}

/** Nudge and escalation count business days from the prompt; the post lands on a fixed business day of the month. */
export function milestones(
  runPeriod: PeriodKey,
  schedule: RitualSchedule,
  days: ZoneOrCalendar,
  s: ValueReviewSettings,
): ReviewMilestones {
  const promptAt = dueAtFor(schedule, runPeriod, days);
  return {
    promptAt,
    nudgeAt: addBusinessDays(promptAt, s.nudgeAfterBusinessDays, days),
    escalateAt: addBusinessDays(promptAt, s.escalateAfterBusinessDays, days),
    postAt: nthBusinessDayAt(runPeriod, s.postOnBusinessDay, schedule.time, days),
  };
}

/** How a review run went: the period it ran in, whether it opened late (the app was down) and when it did. */
export interface ReviewRunTiming {
  readonly period: PeriodKey;
  readonly late: boolean;
  readonly startedAt: Date;
}

/**
 * The domain's milestones, except that a run opened late (the app was down) shifts the whole timeline by its
 * lateness: owners get the same business days to answer, and a nudge never lands with the prompt.
 */
export function reviewTimeline(
  run: ReviewRunTiming,
  schedule: RitualSchedule,
  days: ZoneOrCalendar,
  rules: ValueReviewSettings,
): ReviewMilestones {
  if (!run.late) return milestones(run.period, schedule, days, rules);
  const promptAt = run.startedAt;
  return {
    promptAt,
    nudgeAt: addBusinessDays(promptAt, rules.nudgeAfterBusinessDays, days),
    escalateAt: addBusinessDays(promptAt, rules.escalateAfterBusinessDays, days),
    postAt: addBusinessDays(promptAt, rules.postOnBusinessDay - schedule.businessDay, days),
  };
}

/**
 * The latest the review of `runPeriod` posts: on its run's own timeline once the run has opened (`run`), on the
 * schedule's before.
 */
export function reviewPostAt(
  runPeriod: PeriodKey,
  run: Omit<ReviewRunTiming, 'period'> | null,
  settings: ReviewSettings,
  days: ZoneOrCalendar,
): Date {
  const schedule = reviewSchedule(settings);
  const timing = run ?? { late: false, startedAt: dueAtFor(schedule, runPeriod, days) };
  return reviewTimeline({ period: runPeriod, ...timing }, schedule, days, valueReviewRules(settings)).postAt;
}

/** A month's number: cents, null when nothing was reported, 'away' when the owner was away with nobody reporting. */
export type MonthValue = number | null | 'away';

/** An earlier month: its number, and the target owed that month (see targetForMonth). */
export interface PastMonth {
  readonly value: MonthValue;
  readonly targetCents: number;
}

export interface AgentMonth {
  readonly agentId: number;
  /** The target owed this month: none before production, pro-rated in its first month (see targetForMonth). */
  readonly targetCents: number;
  readonly reportedCents: number | null;
  /** The owner is away with nobody reporting for them: no number this month is not a miss. */
  readonly away?: boolean;
  /** Previous months, newest first. */
  readonly history: readonly PastMonth[];
}

export type DriftFlagId = 'dropVsTrailing' | 'belowTargetRunning' | 'negative' | 'missedTwice';

export interface DriftFlag {
  readonly id: DriftFlagId;
  readonly message: string;
}

const TRAILING_MONTHS = 3;

/**
 * More than `dropPercent`% below the average of the reported months among the previous three (nulls skipped,
 * at least one needed). A zero or negative average has no meaningful percentage, so it never flags a drop.
 */
function dropVsTrailing(
  reported: number,
  history: readonly PastMonth[],
  dropPercent: number,
): DriftFlag | null {
  const trailing = history
    .slice(0, TRAILING_MONTHS)
    .map((past) => past.value)
    .filter((cents) => typeof cents === 'number');
  const sum = trailing.reduce((total, cents) => total + cents, 0);
  if (trailing.length === 0 || sum <= 0) return null;
  // reported < average * (1 - p/100), multiplied out so exactly p% never flags through rounding.
  if (reported * trailing.length * 100 >= sum * (100 - dropPercent)) return null;

  const average = sum / trailing.length;
  const percent = Math.round(((average - reported) / average) * 100);
  const basis =
    trailing.length === TRAILING_MONTHS
      ? `its ${TRAILING_MONTHS}-month average`
      : `its average (${trailing.length} of the last ${TRAILING_MONTHS} months reported)`;
  return { id: 'dropVsTrailing', message: `${percent}% below ${basis}` };
}

/**
 * Counted back from this month while each month is reported and below the target owed that month: a first month
 * is judged against its pro-rated share, and a month before production (nothing owed) ends the run.
 */
function belowTargetRunning(a: AgentMonth, reported: number, months: number): DriftFlag | null {
  let running = 0;
  for (const { value, targetCents } of [{ value: reported, targetCents: a.targetCents }, ...a.history]) {
    if (typeof value !== 'number' || targetCents <= 0 || value >= targetCents) break;
    running += 1;
  }
  if (running < Math.max(1, months)) return null;
  const message = running === 1 ? 'Below target this month' : `Below target ${running} months running`;
  return { id: 'belowTargetRunning', message };
}

export function driftFlags(a: AgentMonth, s: ValueReviewSettings): DriftFlag[] {
  const reported = a.reportedCents;
  if (reported === null) {
    // An agent with no earlier month (history empty) has not missed last month; it did not exist yet. A month
    // its owner was away, with nobody reporting for them, is not a miss either.
    return !a.away && a.history[0]?.value === null
      ? [
          {
            id: 'missedTwice',
            message: 'No number two months running: it goes on the next kill-or-scale vote',
          },
        ]
      : [];
  }
  const flags: (DriftFlag | null)[] = [
    reported < 0 ? { id: 'negative', message: 'Negative: it cost more than it returned' } : null,
    dropVsTrailing(reported, a.history, s.dropPercent),
    belowTargetRunning(a, reported, s.belowTargetMonths),
  ];
  return flags.filter((flag): flag is DriftFlag => flag !== null);
}

export interface ReviewSummary {
  readonly totalCents: number;
  /** How many agents reported a number. */
  readonly reported: number;
  /** Agent ids with no number whose owner was there to give one. */
  readonly missing: readonly number[];
  /** Agent ids with no number because their owner is away with nobody reporting for them. */
  readonly away: readonly number[];
  /** Only agents with at least one flag. */
  readonly flagged: ReadonlyMap<number, readonly DriftFlag[]>;
}

export function summariseReview(agents: readonly AgentMonth[], s: ValueReviewSettings): ReviewSummary {
  let totalCents = 0;
  let reported = 0;
  const missing: number[] = [];
  const away: number[] = [];
  const flagged = new Map<number, readonly DriftFlag[]>();
  for (const agent of agents) {
    if (agent.reportedCents === null) {
      (agent.away ? away : missing).push(agent.agentId);
    } else {
      totalCents += agent.reportedCents;
      reported += 1;
    }
    const flags = driftFlags(agent, s);
    if (flags.length > 0) flagged.set(agent.agentId, flags);
  }
  return { totalCents, reported, missing, away, flagged };
}

/** Every number is in. With no agents there is nothing to post early. */
export function shouldPostEarly(agents: readonly AgentMonth[]): boolean {
  return agents.length > 0 && agents.every((agent) => agent.reportedCents !== null);
}
