// The quarterly kill-or-scale round around the vote itself: its timeline, what each ballot says about
// the quarter just ended, and what an outcome (or the portfolio owner's override of it) does to an agent.

import { type AgentStatus, canTransition } from './agents.js';
import {
  addBusinessDays,
  cadenceOf,
  monthLabel,
  monthsOfQuarter,
  nextPeriod,
  type PeriodKey,
  previousPeriod,
  type ZoneOrCalendar,
} from './calendar.js';
import type { Trend } from './reuse.js';
import { DEFAULT_SCHEDULES, type RitualSchedule } from './schedule.js';
import {
  DEFAULT_VALUE_REVIEW,
  driftFlags,
  type MonthValue,
  type ValueReviewSettings,
} from './value-review.js';
import { DEFAULT_QUORUM_FRACTION, type Outcome, type VoteChoice } from './vote.js';
import type { VoteRound } from './vote-round.js';

export const VOTE_VISIBILITIES = ['tally', 'full'] as const;
/** 'tally': counts and who voted until the close. 'full': also what each leader voted. */
export type VoteVisibility = (typeof VOTE_VISIBILITIES)[number];

export interface VoteSettings {
  /** Local wall time 'HH:MM' the round opens on the first business day of the quarter. */
  readonly time: string;
  readonly deadlineBusinessDays: number;
  readonly quorumFraction: number;
  readonly visibility: VoteVisibility;
}

export const DEFAULT_VOTE_SETTINGS: VoteSettings = {
  time: DEFAULT_SCHEDULES['kill-or-scale'].time,
  deadlineBusinessDays: 5,
  quorumFraction: DEFAULT_QUORUM_FRACTION,
  visibility: 'tally',
};

export function sameVoteSettings(a: VoteSettings, b: VoteSettings): boolean {
  return (
    a.time === b.time &&
    a.deadlineBusinessDays === b.deadlineBusinessDays &&
    a.quorumFraction === b.quorumFraction &&
    a.visibility === b.visibility
  );
}

/** How long after the close the portfolio owner may overturn an outcome. */
export const OVERRIDE_BUSINESS_DAYS = 5;

export function voteSchedule(settings: VoteSettings): RitualSchedule {
  return { ...DEFAULT_SCHEDULES['kill-or-scale'], time: settings.time };
}

/** The vote held in 2026-Q4 decides on the numbers of 2026-Q3. */
export function reviewedQuarter(voteQuarter: PeriodKey): PeriodKey {
  if (cadenceOf(voteQuarter) !== 'quarterly')
    throw new RangeError(`The vote runs quarterly, got ${voteQuarter}`);
  return previousPeriod(voteQuarter);
}

/** The last month the round judges: the vote opens only once its value review has posted. */
export function lastJudgedMonth(voteQuarter: PeriodKey): PeriodKey {
  return monthsOfQuarter(reviewedQuarter(voteQuarter))[2] as PeriodKey;
}

/** The one name a round goes by everywhere: "Q1 2027 vote on Q4 2026". */
export function roundName(voteQuarter: PeriodKey): string {
  return `${monthLabel(voteQuarter)} vote on ${monthLabel(reviewedQuarter(voteQuarter))}`;
}

export interface VoteTimeline {
  readonly deadline: Date;
  /** One business day before the deadline; null when that is not after the open (a one-day vote). */
  readonly remindAt: Date | null;
}

/** Counted from the moment the round actually opened, so a late start still gives leaders their full days. */
export function voteTimeline(
  openedAt: Date,
  deadlineBusinessDays: number,
  days: ZoneOrCalendar,
): VoteTimeline {
  const deadline = addBusinessDays(openedAt, deadlineBusinessDays, days);
  return { deadline, remindAt: remindAtFor(openedAt, deadline, days) };
}

/** One business day before the deadline, or null when that is not after the open. */
export function remindAtFor(openedAt: Date, deadline: Date, days: ZoneOrCalendar): Date | null {
  const remindAt = addBusinessDays(deadline, -1, days);
  return remindAt.getTime() > openedAt.getTime() ? remindAt : null;
}

export function overrideUntil(closedAt: Date, days: ZoneOrCalendar): Date {
  return addBusinessDays(closedAt, OVERRIDE_BUSINESS_DAYS, days);
}

/** Every month from `first` to `last`, both included; empty when `first` is after `last`. */
export function monthRange(first: PeriodKey, last: PeriodKey): PeriodKey[] {
  const months: PeriodKey[] = [];
  for (let month = first; month <= last; month = nextPeriod(month)) months.push(month);
  return months;
}

export type BallotFlagId = 'missedTwice' | 'negative' | 'carriedOver';

export interface BallotFlag {
  readonly id: BallotFlagId;
  readonly message: string;
}

export interface MonthNumber {
  readonly month: PeriodKey;
  /** Null when the owner reported nothing for the month. */
  readonly cents: number | null;
  /** The owner was away with nobody reporting for them, as the month's review recorded. */
  readonly away?: boolean;
  /**
   * The target owed that month (see targetForMonth): none before production, pro-rated in its first month.
   * Absent on ballots stored before it was kept, which owed the whole monthly target.
   */
  readonly targetCents?: number;
}

/** A month as a ballot judges it: with the target owed in it. */
export type JudgedMonth = MonthNumber & { readonly targetCents: number };

const monthValue = (entry: MonthNumber): MonthValue =>
  entry.cents === null && entry.away ? 'away' : entry.cents;

export interface QuarterReview {
  /** Aligned with the quarter's months; undefined for a month before the agent was registered. */
  readonly numbers: readonly (number | null | undefined)[];
  /** The flags that put the agent at the top of the ballot. */
  readonly flags: readonly BallotFlag[];
  /** The value review's other drift flags in the quarter, as "Month: message". */
  readonly drift: readonly string[];
  readonly trend: Trend;
}

const TREND_FLAT_SHARE = 0.05;

/** Rising or falling from the first reported month of the quarter to the last; within 5% is flat. */
export function quarterTrend(numbers: readonly (number | null | undefined)[]): Trend {
  const reported = numbers.filter((cents): cents is number => typeof cents === 'number');
  const first = reported[0];
  const last = reported.at(-1);
  if (reported.length < 2 || first === undefined || last === undefined) return 'unknown';
  const change = last - first;
  if (Math.abs(change) <= TREND_FLAT_SHARE * Math.abs(first)) return 'flat';
  return change > 0 ? 'rising' : 'falling';
}

const joinMonths = (months: readonly PeriodKey[]): string => months.map(monthLabel).join(' and ');

/**
 * What the value reviews said about one agent over the quarter. `series` runs oldest first from the
 * agent's first month to the quarter's last, so a missed month before the quarter still counts towards
 * "two missed in a row" in its first month; each month is judged against the target owed in it.
 */
export function quarterReview(p: {
  series: readonly JudgedMonth[];
  quarterMonths: readonly PeriodKey[];
  carriedOver: boolean;
  settings?: ValueReviewSettings;
}): QuarterReview {
  const settings = p.settings ?? DEFAULT_VALUE_REVIEW;
  const missedPairs: PeriodKey[][] = [];
  const negativeMonths: PeriodKey[] = [];
  const drift: string[] = [];
  p.series.forEach((entry, index) => {
    if (!p.quarterMonths.includes(entry.month)) return;
    const history = p.series
      .slice(0, index)
      .reverse()
      .map((past) => ({ value: monthValue(past), targetCents: past.targetCents }));
    const flags = driftFlags(
      {
        agentId: 0,
        targetCents: entry.targetCents,
        reportedCents: entry.cents,
        away: entry.away === true,
        history,
      },
      settings,
    );
    for (const flag of flags) {
      if (flag.id === 'missedTwice')
        missedPairs.push([p.series[index - 1]?.month ?? entry.month, entry.month]);
      else if (flag.id === 'negative') negativeMonths.push(entry.month);
      else drift.push(`${monthLabel(entry.month)}: ${flag.message}`);
    }
  });

  const flags: BallotFlag[] = [];
  const lastMissed = missedPairs.at(-1);
  if (lastMissed) {
    flags.push({
      id: 'missedTwice',
      message: `Two monthly reports missed in a row (${joinMonths(lastMissed)}).`,
    });
  }
  if (negativeMonths.length > 0) {
    flags.push({
      id: 'negative',
      message: `Negative in ${joinMonths(negativeMonths)}: it cost more than it returned.`,
    });
  }
  if (p.carriedOver) {
    flags.push({
      id: 'carriedOver',
      message: 'No decision last quarter (no quorum), so it is back on the ballot.',
    });
  }

  const byMonth = new Map(p.series.map((entry) => [entry.month, entry.cents]));
  const numbers = p.quarterMonths.map((month) =>
    byMonth.has(month) ? (byMonth.get(month) ?? null) : undefined,
  );
  return { numbers, flags, drift, trend: quarterTrend(numbers) };
}

/** What an outcome does to an agent in `status`: the status it moves to (null: none), and why not when it can't. */
export interface OutcomeEffect {
  readonly to: AgentStatus | null;
  readonly note: string | null;
}

export function outcomeEffect(status: AgentStatus, outcome: Outcome): OutcomeEffect {
  switch (outcome) {
    case 'kill':
      return canTransition(status, 'retired', 'vote')
        ? { to: 'retired', note: null }
        : { to: null, note: 'It was already retired.' };
    case 'scale':
      if (status === 'scaling') return { to: null, note: 'It is already scaling.' };
      return canTransition(status, 'scaling', 'vote')
        ? { to: 'scaling', note: null }
        : {
            to: null,
            note: 'An agent scales only once it has passed the production gate, so it stays as it is.',
          };
    case 'keep':
      return { to: null, note: null };
    case 'no_decision':
      return { to: null, note: 'Carried to next quarter, flagged.' };
  }
}

export type OverridePlan =
  | { readonly ok: true; readonly to: AgentStatus; readonly note: string | null }
  | { readonly ok: false; readonly message: string };

/**
 * An override stands in for the vote: the agent ends where the new outcome would have taken it from
 * where it stood before the vote. That may undo the vote's own retirement, which no other path
 * allows; it is refused once anything else has moved the agent since the close.
 */
export function planOverride(p: {
  statusBeforeVote: AgentStatus;
  statusAfterVote: AgentStatus;
  currentStatus: AgentStatus;
  outcome: VoteChoice;
}): OverridePlan {
  if (p.currentStatus !== p.statusAfterVote) {
    return {
      ok: false,
      message:
        'This agent has changed status since the vote closed, so the outcome can no longer be overturned.',
    };
  }
  const effect = outcomeEffect(p.statusBeforeVote, p.outcome);
  return { ok: true, to: effect.to ?? p.statusBeforeVote, note: effect.note };
}

/** Why the records refuse an override the portfolio owner was allowed to start. */
export const OVERRIDE_REFUSALS = {
  alreadyOverridden: 'This outcome has already been overturned once.',
  noOutcome: 'This ballot has no outcome to overturn.',
  sameOutcome: 'That is already the outcome. Pick a different one.',
} as const;

export type OverrideRefusal = 'not_portfolio_owner' | 'still_open' | 'already_overridden' | 'window_passed';

export type OverrideEligibility = { ok: true } | { ok: false; reason: OverrideRefusal; message: string };

/** Only the portfolio owner, only after the close, once per outcome, and only for a few business days. */
export function canOverride(p: {
  userId: string;
  portfolioOwnerId: string | null;
  now: Date;
  closedAt: Date | null;
  overrideUntil: Date | null;
  alreadyOverridden: boolean;
}): OverrideEligibility {
  if (p.portfolioOwnerId === null || p.userId !== p.portfolioOwnerId) {
    return {
      ok: false,
      reason: 'not_portfolio_owner',
      message: 'Only the portfolio owner can overturn a kill-or-scale outcome.',
    };
  }
  if (p.closedAt === null || p.overrideUntil === null) {
    return {
      ok: false,
      reason: 'still_open',
      message: 'The vote is still open. An outcome can be overturned only after the close.',
    };
  }
  if (p.alreadyOverridden) {
    return {
      ok: false,
      reason: 'already_overridden',
      message: OVERRIDE_REFUSALS.alreadyOverridden,
    };
  }
  if (p.now.getTime() > p.overrideUntil.getTime()) {
    return {
      ok: false,
      reason: 'window_passed',
      message: `Outcomes can be overturned for ${OVERRIDE_BUSINESS_DAYS} business days after the close, and that time has passed.`,
    };
  }
  return { ok: true };
}

/**
 * Where the quarter's round stands, as the Home tab and `/maturity votes` both say it: waiting for the last
 * month's review (or for settings), open, or closed with the override window still running.
 */
export type VoteProgress =
  | {
      readonly kind: 'waiting-for-review';
      readonly quarter: PeriodKey;
      readonly month: PeriodKey;
      readonly by: Date;
    }
  | { readonly kind: 'waiting-for-settings'; readonly quarter: PeriodKey }
  | { readonly kind: 'open'; readonly round: VoteRound }
  | { readonly kind: 'closing'; readonly round: VoteRound }
  | { readonly kind: 'none' };
