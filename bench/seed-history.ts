/**
 * A workspace with years of history, written through the app's own store functions (the ones the listeners
 * and rituals call), so every row has the shape, the audit trail and the indexes production has: agents
 * registered and gated, a number every month with a few corrections after each review, and a closed
 * kill-or-scale round every quarter with the leaders' votes. Only Slack is left out.
 */

import { monthsOfQuarter, nextPeriod, type PeriodKey, previousPeriod } from '../src/domain/calendar.js';
import { GATE_BAR_IDS } from '../src/domain/gate.js';
import type { VoteChoice } from '../src/domain/vote.js';
import type { Db } from '../src/store/db.js';
import { recordValueReview } from '../src/store/reports.js';
import { finishRun, getRun, insertRun } from '../src/store/ritual-runs.js';
import { ballotsOf } from '../src/store/votes.js';
import { claimGate, decideGate } from '../src/usecases/gate.js';
import { registerAgent } from '../src/usecases/registry.js';
import { saveSettings } from '../src/usecases/settings.js';
import { saveReport } from '../src/usecases/value-review.js';
import { castVote, closeRound, openRound } from '../src/usecases/votes.js';

export const BENCH_TEAM = 'TBENCH';
export const PORTFOLIO_OWNER = 'UOWNER';
export const LEADERS = ['UOWNER', 'ULEAD1', 'ULEAD2'] as const;
/** The bench's clock: the Home tab is opened on this day, with October's numbers due. */
export const BENCH_NOW = new Date('2026-11-24T15:00:00Z');
const LAST_MONTH: PeriodKey = '2026-10';
const ZONE = 'America/Chicago';
/** One report in this many is corrected after its month's review was posted. */
const CORRECTED_EVERY = 20;
const CHOICES: readonly VoteChoice[] = ['keep', 'keep', 'scale', 'kill'];

export interface HistoryShape {
  readonly agents: number;
  readonly months: number;
}

const at = (month: PeriodKey, day: number): Date =>
  new Date(`${month}-${String(day).padStart(2, '0')}T15:00:00Z`);

function monthsBack(count: number): PeriodKey[] {
  const months = [LAST_MONTH];
  while (months.length < count) months.unshift(previousPeriod(months[0] as PeriodKey));
  return months;
}

const quarterOf = (month: PeriodKey): PeriodKey =>
  `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;

/** Fills `db` (migrated, empty) with `shape`; returns the agent ids. */
export function seedHistory(db: Db, shape: HistoryShape): number[] {
  const months = monthsBack(shape.months);
  const first = months[0] as PeriodKey;
  const start = at(previousPeriod(first), 2);
  saveSettings(db, start, {
    teamId: BENCH_TEAM,
    actorId: PORTFOLIO_OWNER,
    settings: {
      portfolioOwnerId: PORTFOLIO_OWNER,
      leadershipGroupId: null,
      leadershipUserIds: [...LEADERS],
      reviewChannelId: 'CREVIEW',
      leadershipChannelId: 'CLEADERS',
      timeZone: ZONE,
      currency: 'USD',
    },
  });

  const agentIds: number[] = [];
  for (let i = 0; i < shape.agents; i += 1) {
    const ownerId = `UOWN${String(i % 200).padStart(4, '0')}`;
    const registered = registerAgent(db, start, {
      teamId: BENCH_TEAM,
      name: `Agent ${String(i).padStart(4, '0')}`,
      workflow: `Order entry for plant ${i} end to end`,
      category: 'office',
      systemOfRecord: 'ERP',
      systemName: null,
      metric: 'Hours saved times the loaded rate',
      monthlyTargetCents: 1_000_000 + i * 1_000,
      confidenceThreshold: 80,
      buildCostCents: 5_000_000,
      ownerId,
      status: 'pilot',
      registeredBy: ownerId,
      sourceViewId: `VREG${i}`,
    });
    if (registered.kind !== 'registered') throw new Error(`Agent ${i} was not registered`);
    const agentId = registered.agent.id;
    const claim = claimGate(db, start, {
      teamId: BENCH_TEAM,
      agentId,
      claimant: { userId: ownerId, isAdmin: false },
      claims: GATE_BAR_IDS.map((bar) => ({ bar, pass: true, evidence: 'Last 30 days of real orders' })),
      feed: null,
      sourceViewId: `VGATE${i}`,
    });
    if (claim.kind !== 'filed') throw new Error(`Agent ${i}'s gate claim was not filed`);
    decideGate(db, start, {
      teamId: BENCH_TEAM,
      reviewId: claim.review.id,
      reviewerId: PORTFOLIO_OWNER,
      leaders: [],
      outcome: 'passed',
      reason: null,
    });
    agentIds.push(agentId);
  }

  for (const [m, month] of months.entries()) {
    const reportedAt = at(nextPeriod(month), 5);
    let totalCents = 0;
    for (const [i, agentId] of agentIds.entries()) {
      const cents = 900_000 + ((i * 7919 + m * 104_729) % 300_000);
      totalCents += cents;
      saveReport(db, reportedAt, {
        teamId: BENCH_TEAM,
        agentId,
        month,
        amountCents: cents,
        note: null,
        evidenceUrl: null,
        handoffPercent: 12,
        actorId: `UOWN${String(i % 200).padStart(4, '0')}`,
        onBehalfOf: null,
        sourceViewId: `VREP${month}-${agentId}`,
      });
    }
    // The current month's review is still to come on the bench's day.
    if (month === LAST_MONTH) continue;
    const runPeriod = nextPeriod(month);
    insertRun(db, {
      teamId: BENCH_TEAM,
      ritual: 'value-review',
      period: runPeriod,
      dueAt: at(runPeriod, 2),
      late: false,
      state: 'running',
      at: at(runPeriod, 2),
    });
    const run = getRun(db, BENCH_TEAM, 'value-review', runPeriod);
    if (!run) throw new Error(`No value-review run for ${runPeriod}`);
    recordValueReview(db, BENCH_TEAM, {
      month,
      runId: run.id,
      postedAt: at(runPeriod, 9),
      channelId: 'CREVIEW',
      messageTs: `${run.id}.000100`,
      expected: agentIds.length,
      reported: agentIds.length,
      totalCents,
      missingAgentIds: [],
      awayAgentIds: [],
      flags: {},
    });
    finishRun(db, run.id, at(runPeriod, 9));
    for (const [i, agentId] of agentIds.entries()) {
      if ((i + m) % CORRECTED_EVERY !== 0) continue;
      saveReport(db, reportedAt, {
        teamId: BENCH_TEAM,
        agentId,
        month,
        amountCents: 950_000,
        note: 'Corrected after the plant recount',
        evidenceUrl: null,
        handoffPercent: 10,
        actorId: PORTFOLIO_OWNER,
        onBehalfOf: `UOWN${String(i % 200).padStart(4, '0')}`,
        sourceViewId: `VCOR${month}-${agentId}`,
      });
    }
  }

  // A closed kill-or-scale round for every whole quarter of the history.
  const quarters = [...new Set(months.map(quarterOf))].filter((q) =>
    monthsOfQuarter(q).every((month) => months.includes(month)),
  );
  for (const reviewed of quarters) {
    const opensIn = nextPeriod(monthsOfQuarter(reviewed)[2] as PeriodKey);
    const round = openRound(db, {
      teamId: BENCH_TEAM,
      quarter: quarterOf(opensIn),
      reviewedQuarter: reviewed,
      channelId: 'CLEADERS',
      parentTs: `${reviewed}.000100`,
      openedAt: at(opensIn, 6),
      deadline: at(opensIn, 20),
      leaderIds: [...LEADERS],
      quorumFraction: 0.5,
      visibility: 'tally',
      stage: 3,
      totalCents: 0,
      ballots: agentIds.map((agentId, i) => ({
        agentId,
        ownerId: `UOWN${String(i % 200).padStart(4, '0')}`,
        card: {
          name: `Agent ${String(i).padStart(4, '0')}`,
          category: 'office',
          status: 'production',
          metric: 'Hours saved times the loaded rate',
          targetCents: 1_000_000,
          numbers: monthsOfQuarter(reviewed).map((month) => ({ month, cents: 1_000_000 })),
          trend: 'flat',
          flags: [],
          drift: [],
          gate: 'Passed the production gate',
        },
      })),
    });
    for (const [b, ballot] of ballotsOf(db, round.id).entries()) {
      for (const [l, voterId] of LEADERS.entries()) {
        castVote(db, at(opensIn, 7), {
          teamId: BENCH_TEAM,
          ballotId: ballot.id,
          voterId,
          // Mostly keep, so agents stay in production and later quarters still have every ballot.
          choice: l === 0 ? 'keep' : (CHOICES[(b + l) % CHOICES.length] as VoteChoice),
        });
      }
    }
    closeRound(db, at(opensIn, 20), {
      teamId: BENCH_TEAM,
      roundId: round.id,
      overrideUntil: at(opensIn, 27),
      reason: 'The quarterly kill-or-scale vote',
    });
  }
  return agentIds;
}
