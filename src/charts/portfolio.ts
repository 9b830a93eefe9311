// The portfolio's charts, from the records: what the summary and the monthly review post show.

import { DateTime } from 'luxon';
import { monthLabel, type PeriodKey, previousPeriod } from '../domain/calendar.js';
import { firstProductionMonth, targetOwed } from '../domain/judged-months.js';
import type { Db } from '../store/db.js';
import { agentNumbers } from '../store/governance.js';
import { recentPlacements } from '../store/placements.js';
import { type RenderedChart, renderChart } from './render.js';
import { type MonthlyValueChart, monthlyValueSpec, stageHistorySpec } from './specs.js';

export const CHART_MONTHS = 12;
/** Enough placements for years of quarterly re-placing; older ones would crowd the axis. */
const STAGE_HISTORY_LIMIT = 200;

export interface Chart extends RenderedChart {
  readonly filename: string;
  readonly title: string;
  /** What the picture shows, for screen readers. */
  readonly altText: string;
}

/** The `count` months ending with `last`, oldest first. */
export function monthsEndingAt(last: PeriodKey, count: number): PeriodKey[] {
  const months = [last];
  while (months.length < count) months.unshift(previousPeriod(months[0] as PeriodKey));
  return months;
}

/**
 * What the monthly value chart shows: each agent's number over the 12 months ending with `lastMonth`, against
 * the target it owed each month, from the first month any agent was in production (earlier months would read as a missed target
 * before there was anything to miss). Undefined when nobody reported a number in those months.
 */
export function monthlyValueData(
  db: Db,
  p: { teamId: string; currency: string; lastMonth: PeriodKey; zone: string },
): MonthlyValueChart | undefined {
  const first = firstProductionMonth(agentNumbers(db, p.teamId, [p.lastMonth]), p.zone) ?? p.lastMonth;
  const months = monthsEndingAt(p.lastMonth, CHART_MONTHS).filter((month) => month >= first);
  if (months.length === 0) return undefined;
  const agents = agentNumbers(db, p.teamId, months).map((a) => ({
    name: a.name,
    reported: a.reported,
    // The target each month owed, by the same rule as the review post, the ballot and the summary.
    targets: new Map(months.map((month) => [month, targetOwed(a, month, p.zone)])),
  }));
  if (!agents.some((a) => a.reported.size > 0)) return undefined;
  const title = `Monthly value, ${monthLabel(months[0] as PeriodKey)} to ${monthLabel(p.lastMonth)}`;
  return { title, months, agents, currency: p.currency };
}

/** The agents' panels under the portfolio total, as a PNG. */
export async function monthlyValueChart(data: MonthlyValueChart): Promise<Chart> {
  const lastMonth = data.months.at(-1) ?? '';
  return {
    ...(await renderChart(monthlyValueSpec(data))),
    filename: `monthly-value-${lastMonth}.png`,
    title: data.title,
    altText: `Chart: each agent's reported monthly value against its target for the ${data.months.length} months to ${monthLabel(lastMonth)}, and the portfolio total.`,
  };
}

/** Every placement's stage over time, with what its answers alone would have said. Undefined with none. */
export async function stageHistoryChart(
  db: Db,
  p: { teamId: string; zone: string },
): Promise<Chart | undefined> {
  const placements = recentPlacements(db, p.teamId, STAGE_HISTORY_LIMIT).reverse();
  if (placements.length === 0) return undefined;
  const points = placements.map((placement) => ({
    day: DateTime.fromJSDate(placement.createdAt, { zone: p.zone }).toISODate() ?? '',
    final: placement.final,
    selfReported: placement.selfReported,
  }));
  const title = 'Placement stage over time';
  const rendered = await renderChart(stageHistorySpec({ title, points }));
  return {
    ...rendered,
    filename: 'placement-stages.png',
    title,
    altText: `Chart: the stage of each of ${placements.length} placements over time, and the stage its answers alone would have given.`,
  };
}
