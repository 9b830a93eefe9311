import { describe, expect, it } from 'vitest';
import { reportChange } from '../../src/domain/monthly-report.js';
import {
  type Ballot,
  ballotsAwaitingVote,
  canStillOverride,
  castResult,
  effectiveOutcome,
  isTie,
  standingOutcome,
  voteIsOpen,
} from '../../src/domain/vote-round.js';

const DEADLINE = new Date('2026-10-08T14:00:00Z');
const before = new Date(DEADLINE.getTime() - 1);

describe('the outcome that stands', () => {
  it('is the override when there is one, else the vote', () => {
    expect(standingOutcome('kill', { outcome: 'keep' })).toBe('keep');
    expect(standingOutcome('no_decision', undefined)).toBe('no_decision');
    expect(effectiveOutcome({ outcome: { outcome: 'scale' }, override: { outcome: 'kill' } })).toBe('kill');
    expect(effectiveOutcome({ outcome: { outcome: 'scale' }, override: undefined })).toBe('scale');
  });

  it('is nothing while the ballot has no outcome', () => {
    expect(effectiveOutcome({ outcome: undefined, override: undefined })).toBeNull();
  });
});

describe('voteIsOpen', () => {
  it('is open until the deadline, and never once the round is closed', () => {
    expect(voteIsOpen({ state: 'open', deadline: DEADLINE }, before)).toBe(true);
    expect(voteIsOpen({ state: 'open', deadline: DEADLINE }, DEADLINE)).toBe(false);
    expect(voteIsOpen({ state: 'closed', deadline: DEADLINE }, before)).toBe(false);
  });
});

describe('canStillOverride', () => {
  const closed = { state: 'closed' as const, overrideUntil: DEADLINE };

  it('offers the override after the close until the window ends, once', () => {
    expect(canStillOverride(closed, undefined, DEADLINE)).toBe(true);
    expect(canStillOverride(closed, undefined, new Date(DEADLINE.getTime() + 1))).toBe(false);
    expect(canStillOverride({ state: 'open', overrideUntil: null }, undefined, before)).toBe(false);
    const done = {
      ballotId: 1,
      previousOutcome: 'kill' as const,
      outcome: 'keep' as const,
      reason: 'why',
      statusBefore: 'production' as const,
      statusAfter: 'production' as const,
      note: null,
      overriddenBy: 'UPO',
      overriddenAt: before,
    };
    expect(canStillOverride(closed, done, before)).toBe(false);
  });
});

describe('isTie', () => {
  it('is a tie when two choices share the most votes, and not when nobody voted', () => {
    expect(isTie({ kill: 2, keep: 0, scale: 2 })).toBe(true);
    expect(isTie({ kill: 2, keep: 1, scale: 1 })).toBe(false);
    expect(isTie({ kill: 0, keep: 0, scale: 0 })).toBe(false);
  });
});

describe('castResult', () => {
  it('tells a first vote, a change and a repeat apart', () => {
    expect(castResult(undefined, 'kill')).toBe('cast');
    expect(castResult('kill', 'scale')).toBe('changed');
    expect(castResult('kill', 'kill')).toBe('unchanged');
  });
});

describe('ballotsAwaitingVote', () => {
  const ballot = (id: number, ownerId: string) => ({ id, ownerId }) as Ballot;
  const ballots = [ballot(1, 'UA'), ballot(2, 'UL1'), ballot(3, 'UB')];

  it('lists what a leader still has to vote on, never their own agents', () => {
    const round = { leaderIds: ['UL1', 'UL2'] };
    expect(ballotsAwaitingVote(round, ballots, 'UL1', new Set([3])).map((b) => b.id)).toEqual([1]);
    expect(ballotsAwaitingVote(round, ballots, 'UOUT', new Set())).toEqual([]);
  });
});

describe('reportChange', () => {
  it('is a report, then an update until the review posts, then a correction; a retry is a repeat', () => {
    expect(reportChange({ hasReport: false, reviewPosted: false, seenSubmission: false })).toBe('reported');
    expect(reportChange({ hasReport: true, reviewPosted: false, seenSubmission: false })).toBe('updated');
    expect(reportChange({ hasReport: true, reviewPosted: true, seenSubmission: false })).toBe('corrected');
    expect(reportChange({ hasReport: true, reviewPosted: true, seenSubmission: true })).toBe('repeat');
  });
});
