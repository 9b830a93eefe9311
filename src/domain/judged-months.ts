// Which months an agent is judged on, and against how much target. A month counts only once it is complete
// (its value review posted, or its posting day passed), and an agent owes its target only from the day it
// entered production, pro-rated in that first month. Every ballot, summary, flag and chart reads these rules.

import { DateTime } from 'luxon';
import { type AgentStatus, isRunning } from './agents.js';
import { nextPeriod, type PeriodKey, periodOf, type ZoneOrCalendar } from './calendar.js';
import { type ReviewSettings, reviewPostAt } from './value-review.js';

/** What the records say about one month's value review. */
export interface MonthReviewFacts {
  readonly month: PeriodKey;
  /** Its review has posted. */
  readonly posted: boolean;
  /** The run that collects it (held the month after), once that run has opened. */
  readonly run: { readonly late: boolean; readonly startedAt: Date } | null;
}

/**
 * A month counts in a ballot, a summary, a flag or a chart once its review has posted, or the latest it could
 * post has passed (on its run's own timeline: later when that run opened late), so a review missed while the app
 * was down does not hold the quarter back for ever.
 */
export function isMonthComplete(
  facts: MonthReviewFacts,
  p: { settings: ReviewSettings; days: ZoneOrCalendar; now: Date },
): boolean {
  if (facts.posted) return true;
  const postDeadline = reviewPostAt(nextPeriod(facts.month), facts.run, p.settings, p.days);
  return p.now.getTime() >= postDeadline.getTime();
}

export interface ProductionDates {
  readonly status: AgentStatus;
  readonly registeredAt: Date;
  readonly gatePassedAt: Date | null;
}

/**
 * When the agent entered production: its gate date. An agent in production or scaling with no gate date (it was
 * recorded before the gate existed) counts from its registration; a proposed or pilot agent owes no target yet.
 */
export function productionSince(a: ProductionDates): Date | null {
  if (a.gatePassedAt !== null) return a.gatePassedAt;
  return isRunning(a.status) && a.status !== 'pilot' ? a.registeredAt : null;
}

/**
 * The target owed for one month: none before the production month, the share of days left in it (the gate day
 * included) for that month, the whole target after.
 */
export function targetForMonth(p: {
  monthlyTargetCents: number;
  since: Date | null;
  month: PeriodKey;
  zone: string;
}): number {
  if (p.since === null) return 0;
  const first = periodOf('monthly', p.since, p.zone);
  if (p.month < first) return 0;
  if (p.month > first) return p.monthlyTargetCents;
  const day = DateTime.fromJSDate(p.since, { zone: p.zone });
  const daysInMonth = day.daysInMonth ?? 30;
  // Rounded to whole currency units: a share of days is an estimate, and cents would claim a precision it lacks.
  return Math.round((p.monthlyTargetCents * (daysInMonth - day.day + 1)) / daysInMonth / 100) * 100;
}

/** What the target owed rests on: the monthly target and when the agent entered production. */
export interface TargetedAgent extends ProductionDates {
  readonly monthlyTargetCents: number;
}

/** The target `agent` owes in `month`: targetForMonth from the day it entered production. */
export function targetOwed(agent: TargetedAgent, month: PeriodKey, zone: string): number {
  return targetForMonth({
    monthlyTargetCents: agent.monthlyTargetCents,
    since: productionSince(agent),
    month,
    zone,
  });
}

/** The target `agent` owes over several months. */
export function targetOver(agent: TargetedAgent, months: readonly PeriodKey[], zone: string): number {
  return months.reduce((total, month) => total + targetOwed(agent, month, zone), 0);
}

/** The first month any of these agents was in production, or null when none has been. */
export function firstProductionMonth(agents: readonly ProductionDates[], zone: string): PeriodKey | null {
  const months = agents.flatMap((a) => {
    const since = productionSince(a);
    return since === null ? [] : [periodOf('monthly', since, zone)];
  });
  // Month keys (YYYY-MM) sort as text: the first is the earliest.
  return [...months].sort()[0] ?? null;
}
