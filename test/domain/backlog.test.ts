import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  candidateObstacle,
  expectedValueCents,
  FEASIBILITY_SCORES,
  rankBacklog,
  shipByPlan,
} from '../../src/domain/backlog.js';

const candidate = (over: Partial<Candidate> & Pick<Candidate, 'id'>): Candidate => ({
  process: `process ${over.id}`,
  yearlyDollarsCents: 100_000_00,
  feasibility: 3,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  status: 'open',
  ...over,
});

describe('FEASIBILITY_SCORES', () => {
  it('describes each score from 1 to 5 once', () => {
    expect(FEASIBILITY_SCORES.map((s) => s.score)).toEqual([1, 2, 3, 4, 5]);
    for (const s of FEASIBILITY_SCORES) expect(s.meaning.length).toBeGreaterThan(10);
  });
});

describe('expectedValueCents', () => {
  it('discounts yearly dollars by feasibility out of five, to whole cents', () => {
    expect(expectedValueCents({ yearlyDollarsCents: 120_000_00, feasibility: 5 })).toBe(120_000_00);
    expect(expectedValueCents({ yearlyDollarsCents: 120_000_00, feasibility: 2 })).toBe(48_000_00);
    expect(expectedValueCents({ yearlyDollarsCents: 7, feasibility: 3 })).toBe(4); // 4.2
    expect(expectedValueCents({ yearlyDollarsCents: 9, feasibility: 3 })).toBe(5); // 5.4
  });
});

describe('rankBacklog', () => {
  it('ranks open and committed candidates by expected value and drops the rest', () => {
    const ranked = rankBacklog([
      candidate({ id: 1, yearlyDollarsCents: 50_000_00, feasibility: 5 }), // 50k
      candidate({ id: 2, yearlyDollarsCents: 200_000_00, feasibility: 1 }), // 40k
      candidate({ id: 3, yearlyDollarsCents: 100_000_00, feasibility: 4, status: 'committed' }), // 80k
      candidate({ id: 4, yearlyDollarsCents: 900_000_00, feasibility: 5, status: 'rejected' }),
      candidate({ id: 5, yearlyDollarsCents: 900_000_00, feasibility: 5, status: 'shipped' }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual([3, 1, 2]);
  });

  it('breaks a tie in expected value in favour of the older candidate', () => {
    const ranked = rankBacklog([
      candidate({ id: 1, createdAt: new Date('2026-03-01T00:00:00Z') }),
      candidate({ id: 2, createdAt: new Date('2026-01-15T00:00:00Z') }),
      // Same expected value (100k x 3/5 = 60k) reached another way.
      candidate({
        id: 3,
        yearlyDollarsCents: 60_000_00,
        feasibility: 5,
        createdAt: new Date('2026-02-01T00:00:00Z'),
      }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual([2, 3, 1]);
  });

  it('leaves its input untouched', () => {
    const input = [candidate({ id: 1, feasibility: 1 }), candidate({ id: 2, feasibility: 5 })];
    rankBacklog(input);
    expect(input.map((c) => c.id)).toEqual([1, 2]);
  });
});

describe('shipByPlan', () => {
  it('reminds at 30 and 60 days and sets ship-by and escalation at 90', () => {
    const plan = shipByPlan(new Date('2026-01-15T14:30:00Z'));
    expect(plan.remindAt.map((d) => d.toISOString())).toEqual([
      '2026-02-14T14:30:00.000Z',
      '2026-03-16T14:30:00.000Z',
    ]);
    expect(plan.shipBy.toISOString()).toBe('2026-04-15T14:30:00.000Z');
    expect(plan.escalateAt.toISOString()).toBe('2026-04-15T14:30:00.000Z');
  });

  it('counts whole days across a leap day', () => {
    expect(shipByPlan(new Date('2028-01-31T00:00:00Z')).shipBy.toISOString()).toBe(
      '2028-04-30T00:00:00.000Z',
    );
  });
});

describe('candidateObstacle', () => {
  const open = { status: 'open', agent: null } as const;
  it('lets an open candidate be edited, committed or rejected, but linked only once committed', () => {
    expect(candidateObstacle(open, 'edit')).toBeNull();
    expect(candidateObstacle(open, 'commit')).toBeNull();
    expect(candidateObstacle(open, 'reject')).toBeNull();
    expect(candidateObstacle(open, 'link')).toBe('not_committed');
  });

  it('commits once and links one agent', () => {
    expect(candidateObstacle({ status: 'committed', agent: null }, 'commit')).toBe('already_committed');
    expect(candidateObstacle({ status: 'committed', agent: null }, 'link')).toBeNull();
    expect(candidateObstacle({ status: 'committed', agent: { id: 1 } }, 'link')).toBe('already_linked');
  });

  it('keeps rejected and shipped candidates as history', () => {
    expect(candidateObstacle({ status: 'rejected', agent: null }, 'edit')).toBe('rejected');
    expect(candidateObstacle({ status: 'shipped', agent: { id: 1 } }, 'reject')).toBe('shipped');
  });
});
