import { describe, expect, it } from 'vitest';
import { describeTrend, reuseReport, type ShippedAgent } from '../../src/domain/reuse.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-01-05T09:00:00Z');

/** Agents gated one after another, each taking `days[i]` from registration to gate. */
function shipped(
  days: readonly number[],
  costs: readonly (number | null)[] = days.map(() => null),
): ShippedAgent[] {
  return days.map((d, i) => {
    const registeredAt = new Date(START + i * 100 * DAY_MS);
    return {
      agentId: i + 1,
      name: `Agent ${i + 1}`,
      registeredAt,
      gatePassedAt: new Date(registeredAt.getTime() + d * DAY_MS),
      buildCostCents: costs[i] ?? null,
    };
  });
}

const asMoney = (cents: number) => `$${(cents / 100).toLocaleString('en-US')}`;

describe('reuseReport', () => {
  it('lists agents in gate order with whole days to gate', () => {
    const [a, b] = shipped([40, 10]);
    if (a === undefined || b === undefined) throw new Error('fixture');
    const report = reuseReport([b, a]);
    expect(report.agents.map((r) => [r.agentId, r.daysToGate])).toEqual([
      [1, 40],
      [2, 10],
    ]);
  });

  it('sees days to gate falling', () => {
    const { daysTrend } = reuseReport(shipped([40, 30, 20, 10]));
    expect(daysTrend).toEqual({ trend: 'falling', first: 40, last: 10, slopePerAgent: -10 });
  });

  it('sees days to gate rising', () => {
    expect(reuseReport(shipped([10, 20, 25, 40])).daysTrend.trend).toBe('rising');
  });

  it('calls a change within 5% of the mean per agent flat', () => {
    // Mean 100, slope 5 per agent: right on the line, still flat.
    expect(reuseReport(shipped([95, 100, 105])).daysTrend).toMatchObject({ trend: 'flat', slopePerAgent: 5 });
    // Slope 6 per agent on a mean of 100 is a trend.
    expect(reuseReport(shipped([94, 100, 106])).daysTrend.trend).toBe('rising');
  });

  it('calls a single agent unknown, and no agents unknown with nothing to show', () => {
    expect(reuseReport(shipped([30])).daysTrend).toEqual({
      trend: 'unknown',
      first: 30,
      last: 30,
      slopePerAgent: null,
    });
    expect(reuseReport([]).daysTrend).toEqual({
      trend: 'unknown',
      first: null,
      last: null,
      slopePerAgent: null,
    });
  });

  it('leaves agents without a build cost out of the cost trend', () => {
    const report = reuseReport(shipped([30, 30, 30], [90_000_00, null, 30_000_00]));
    // Positions 0 and 2 in gate order: 60k less over two agents shipped.
    expect(report.costTrend).toEqual({
      trend: 'falling',
      first: 90_000_00,
      last: 30_000_00,
      slopePerAgent: -30_000_00,
    });
    expect(reuseReport(shipped([30, 30], [50_000_00, null])).costTrend.trend).toBe('unknown');
  });

  it('treats an agent gated before it was registered as zero days', () => {
    const [agent] = shipped([-3]);
    if (agent === undefined) throw new Error('fixture');
    expect(reuseReport([agent]).agents[0]?.daysToGate).toBe(0);
  });
});

describe('describeTrend', () => {
  it('says plainly when days are falling', () => {
    const { daysTrend } = reuseReport(shipped([40, 30, 20, 10]));
    expect(describeTrend('Days to gate', daysTrend, 'days')).toBe(
      'Days to gate is falling: 40 days for the first agent, 10 days for the latest, about 10 days less per new agent. Reuse is working.',
    );
  });

  it('formats money with the caller’s formatter', () => {
    const { costTrend } = reuseReport(shipped([1, 1], [20_000_00, 35_000_00]));
    expect(describeTrend('Build cost', costTrend, 'money', asMoney)).toBe(
      'Build cost is rising: $20,000 for the first agent, $35,000 for the latest, about $15,000 more per new agent. Find out what each new agent rebuilds.',
    );
  });

  it('describes flat and unknown trends', () => {
    expect(describeTrend('Days to gate', reuseReport(shipped([20, 20])).daysTrend, 'days')).toBe(
      'Days to gate is flat: 20 days for the first agent, 20 days for the latest. New agents are not getting cheaper yet.',
    );
    expect(describeTrend('Build cost', reuseReport([]).costTrend, 'money', asMoney)).toBe(
      'Build cost: not enough agents yet to show a trend.',
    );
  });
});
