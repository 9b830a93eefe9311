import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BallotCard } from '../../src/domain/vote-round.js';
import { lastVote } from '../../src/store/governance.js';
import { ballotsOf } from '../../src/store/votes.js';
import { castVote, closeRound, openRound, overrideOutcome } from '../../src/usecases/votes.js';
import { testDatabase } from '../support/database.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

const TEAM = 'T0001';
const LEADERS = ['ULEAD1', 'ULEAD2'];

const card = (name: string): BallotCard => ({
  name,
  category: 'office',
  status: 'production',
  metric: 'Hours saved',
  targetCents: 1_000_000,
  numbers: [],
  trend: 'flat',
  flags: [],
  drift: [],
  gate: 'Passed',
});

describe('lastVote', () => {
  let store: ReturnType<typeof testDatabase>;
  beforeEach(() => {
    store = testDatabase();
    seedWorkspace(store.db, { teamId: TEAM, createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  function closedRound(
    quarter: string,
    reviewed: string,
    agents: { id: number; name: string }[],
    choice: 'keep' | 'scale',
  ) {
    const opened = new Date(`${quarter.slice(0, 4)}-${quarter.endsWith('Q4') ? '10' : '07'}-01T15:00:00Z`);
    const round = openRound(store.db, {
      teamId: TEAM,
      quarter,
      reviewedQuarter: reviewed,
      channelId: 'CLEADERS',
      parentTs: `${quarter}.1`,
      openedAt: opened,
      deadline: new Date(opened.getTime() + 7 * 86_400_000),
      leaderIds: LEADERS,
      quorumFraction: 0.5,
      visibility: 'tally',
      stage: 2,
      totalCents: 0,
      ballots: agents.map((a) => ({ agentId: a.id, ownerId: 'UOWNER', card: card(a.name) })),
    });
    for (const ballot of ballotsOf(store.db, round.id)) {
      for (const voterId of LEADERS) {
        castVote(store.db, new Date(opened.getTime() + 86_400_000), {
          teamId: TEAM,
          ballotId: ballot.id,
          voterId,
          choice,
        });
      }
    }
    closeRound(store.db, new Date(opened.getTime() + 7 * 86_400_000), {
      teamId: TEAM,
      roundId: round.id,
      overrideUntil: new Date(opened.getTime() + 12 * 86_400_000),
      reason: 'Quarterly vote',
    });
    return round;
  }

  it("reads the latest closed round's verdicts in ballot order, an override replacing the vote's outcome", () => {
    expect(lastVote(store.db, TEAM)).toBeUndefined();
    const orders = {
      id: seedAgent(store.db, { teamId: TEAM, name: 'Order entry', ownerId: 'UOWNER' }),
      name: 'Order entry',
    };
    const invoices = {
      id: seedAgent(store.db, { teamId: TEAM, name: 'Invoices', ownerId: 'UOWNER' }),
      name: 'Invoices',
    };
    closedRound('2026-Q3', '2026-Q2', [orders, invoices], 'scale');
    const latest = closedRound('2026-Q4', '2026-Q3', [orders, invoices], 'keep');
    const [, invoiceBallot] = ballotsOf(store.db, latest.id);
    const overridden = overrideOutcome(store.db, new Date('2026-10-09T15:00:00Z'), {
      teamId: TEAM,
      ballotId: invoiceBallot?.id ?? 0,
      outcome: 'scale',
      reason: 'The plant doubles next quarter',
      actorId: 'UOWNER',
      portfolioOwnerId: 'UOWNER',
      sourceViewId: 'VOVERRIDE',
    });
    expect(overridden.kind).toBe('overridden');

    const vote = lastVote(store.db, TEAM);
    expect(vote?.round.quarter).toBe('2026-Q4');
    expect(vote?.verdicts).toEqual([
      { agentId: orders.id, name: 'Order entry', outcome: 'keep', voters: 2, eligible: 2, override: null },
      {
        agentId: invoices.id,
        name: 'Invoices',
        outcome: 'scale',
        voters: 2,
        eligible: 2,
        override: { by: 'UOWNER', reason: 'The plant doubles next quarter', votedOutcome: 'keep' },
      },
    ]);
  });
});
