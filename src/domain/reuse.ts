// Reuse is measured as the marginal cost of each new agent, in days and in money. Falling means
// the shared plumbing is paying off.

export interface ShippedAgent {
  agentId: number;
  name: string;
  registeredAt: Date;
  gatePassedAt: Date;
  buildCostCents: number | null;
}

/** Agents that passed their gate, for the reuse trend (retired ones too: they still show how fast one shipped). */
export function shippedAgents(
  agents: readonly {
    readonly id: number;
    readonly name: string;
    readonly registeredAt: Date;
    readonly gatePassedAt: Date | null;
    readonly buildCostCents: number | null;
  }[],
): ShippedAgent[] {
  return agents.flatMap((a) =>
    a.gatePassedAt === null
      ? []
      : [
          {
            agentId: a.id,
            name: a.name,
            registeredAt: a.registeredAt,
            gatePassedAt: a.gatePassedAt,
            buildCostCents: a.buildCostCents,
          },
        ],
  );
}

export interface AgentReuse {
  agentId: number;
  name: string;
  daysToGate: number;
  buildCostCents: number | null;
}

export type Trend = 'falling' | 'flat' | 'rising' | 'unknown';

export interface TrendSummary {
  trend: Trend;
  first: number | null;
  last: number | null;
  /** Least-squares change per agent shipped; null when there are fewer than two data points. */
  slopePerAgent: number | null;
}

export interface ReuseReport {
  /** In the order the agents passed the gate. */
  agents: readonly AgentReuse[];
  daysTrend: TrendSummary;
  costTrend: TrendSummary;
}

/** A change per agent within this share of the mean is noise, not a trend. */
export const FLAT_THRESHOLD = 0.05;
const DAY_MS = 24 * 60 * 60 * 1000;

export function reuseReport(agents: readonly ShippedAgent[]): ReuseReport {
  const inGateOrder = [...agents].sort(
    (a, b) => a.gatePassedAt.getTime() - b.gatePassedAt.getTime() || a.agentId - b.agentId,
  );
  const rows: AgentReuse[] = inGateOrder.map((a) => ({
    agentId: a.agentId,
    name: a.name,
    // An agent entered in the registry after it was already gated took no time we can see.
    daysToGate: Math.max(0, Math.round((a.gatePassedAt.getTime() - a.registeredAt.getTime()) / DAY_MS)),
    buildCostCents: a.buildCostCents,
  }));

  // x is the agent's place in gate order, so an agent with no recorded cost still counts as one shipped.
  const days = rows.map((row, position) => ({ x: position, y: row.daysToGate }));
  const costs = rows.flatMap((row, position) =>
    row.buildCostCents === null ? [] : [{ x: position, y: row.buildCostCents }],
  );
  return { agents: rows, daysTrend: trendOf(days), costTrend: trendOf(costs) };
}

function trendOf(points: readonly { x: number; y: number }[]): TrendSummary {
  const first = points[0]?.y ?? null;
  const last = points.at(-1)?.y ?? null;
  if (points.length < 2) return { trend: 'unknown', first, last, slopePerAgent: null };

  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  let covariance = 0;
  let varianceX = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    varianceX += (p.x - meanX) ** 2;
  }
  const slope = covariance / varianceX;
  const trend: Trend =
    Math.abs(slope) <= FLAT_THRESHOLD * Math.abs(meanY) ? 'flat' : slope < 0 ? 'falling' : 'rising';
  return { trend, first, last, slopePerAgent: slope };
}

type MoneyFormatter = (cents: number) => string;

/**
 * One plain sentence about a trend, e.g. "Days to gate is falling: 40 days for the first agent,
 * 12 days for the latest, about 9 days less per new agent."
 */
export function describeTrend(label: string, t: TrendSummary, unit: 'days'): string;
export function describeTrend(
  label: string,
  t: TrendSummary,
  unit: 'money',
  formatMoney: MoneyFormatter,
): string;
export function describeTrend(
  label: string,
  t: TrendSummary,
  unit: 'days' | 'money',
  formatMoney?: MoneyFormatter,
): string {
  const format = (value: number): string => {
    if (unit === 'days') return formatDays(value);
    if (formatMoney === undefined) throw new TypeError('describeTrend needs a money formatter for money');
    return formatMoney(Math.round(value));
  };
  if (t.trend === 'unknown' || t.first === null || t.last === null || t.slopePerAgent === null) {
    return `${label}: not enough agents yet to show a trend.`;
  }
  const span = `${format(t.first)} for the first agent, ${format(t.last)} for the latest`;
  const step = format(Math.abs(t.slopePerAgent));
  switch (t.trend) {
    case 'falling':
      return `${label} is falling: ${span}, about ${step} less per new agent. Reuse is working.`;
    case 'rising':
      return `${label} is rising: ${span}, about ${step} more per new agent. Find out what each new agent rebuilds.`;
    case 'flat':
      return `${label} is flat: ${span}. New agents are not getting cheaper yet.`;
  }
}

function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`;
}
