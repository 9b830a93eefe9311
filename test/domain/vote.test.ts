import { describe, expect, it } from 'vitest';
import {
  canVote,
  eligibleVoters,
  orderBallot,
  quorumVoters,
  tally,
  type VoteChoice,
} from '../../src/domain/vote.js';

const FOUR = ['U1', 'U2', 'U3', 'U4'];
const vote = (voterId: string, choice: VoteChoice) => ({ voterId, choice });

describe('canVote', () => {
  const base = { voterId: 'U1', leaders: ['U1', 'U2'], ownerId: 'U9', closed: false };

  it('lets a leader vote on an agent they do not own', () => {
    expect(canVote(base)).toEqual({ ok: true });
  });

  it('recuses the owner, with a plain reason', () => {
    const result = canVote({ ...base, ownerId: 'U1' });
    expect(result).toMatchObject({ ok: false, reason: 'recused' });
    if (!result.ok)
      expect(result.message).toBe("You own this agent, so you don't vote on it. Your colleagues decide.");
  });

  it('turns away someone outside the leadership group', () => {
    expect(canVote({ ...base, voterId: 'U7' })).toMatchObject({ ok: false, reason: 'not_leader' });
  });

  it('refuses every vote once closed', () => {
    expect(canVote({ ...base, closed: true })).toMatchObject({ ok: false, reason: 'closed' });
  });
});

describe('eligibleVoters', () => {
  it('is the leaders minus the owner, without duplicates', () => {
    expect(eligibleVoters(['U1', 'U2', 'U2', 'U3'], 'U2')).toEqual(['U1', 'U3']);
  });
});

describe('tally', () => {
  it('meets quorum with more than half and picks the most votes', () => {
    const t = tally({
      votes: [vote('U1', 'scale'), vote('U2', 'scale'), vote('U3', 'kill')],
      eligibleVoters: FOUR,
    });
    expect(t).toEqual({
      counts: { kill: 1, keep: 0, scale: 2 },
      voters: 3,
      eligible: 4,
      quorumNeeded: 3,
      quorumMet: true,
      outcome: 'scale',
    });
  });

  it('does not count exactly half as a quorum', () => {
    const t = tally({ votes: [vote('U1', 'kill'), vote('U2', 'kill')], eligibleVoters: FOUR });
    expect(t.quorumNeeded).toBe(3);
    expect(t.quorumMet).toBe(false);
    expect(t.outcome).toBe('no_decision');
  });

  it('needs a strict majority of an odd group too', () => {
    const five = [...FOUR, 'U5'];
    expect(tally({ votes: [vote('U1', 'kill'), vote('U2', 'kill')], eligibleVoters: five }).quorumMet).toBe(
      false,
    );
    const three = tally({
      votes: [vote('U1', 'kill'), vote('U2', 'kill'), vote('U3', 'keep')],
      eligibleVoters: five,
    });
    expect(three.quorumNeeded).toBe(3);
    expect(three.outcome).toBe('kill');
  });

  it('keeps the agent on a two-way tie between kill and scale', () => {
    const t = tally({
      votes: [vote('U1', 'kill'), vote('U2', 'kill'), vote('U3', 'scale'), vote('U4', 'scale')],
      eligibleVoters: FOUR,
    });
    expect(t.quorumMet).toBe(true);
    expect(t.outcome).toBe('keep');
  });

  it('keeps the agent on a three-way tie', () => {
    const t = tally({
      votes: [vote('U1', 'kill'), vote('U2', 'keep'), vote('U3', 'scale')],
      eligibleVoters: ['U1', 'U2', 'U3'],
    });
    expect(t.counts).toEqual({ kill: 1, keep: 1, scale: 1 });
    expect(t.outcome).toBe('keep');
  });

  it('counts only the latest vote of someone who changed their mind', () => {
    const t = tally({
      votes: [vote('U1', 'kill'), vote('U2', 'kill'), vote('U3', 'scale'), vote('U1', 'scale')],
      eligibleVoters: FOUR,
    });
    expect(t.voters).toBe(3);
    expect(t.counts).toEqual({ kill: 1, keep: 0, scale: 2 });
    expect(t.outcome).toBe('scale');
  });

  it('ignores votes from people who are not eligible, such as the owner', () => {
    const t = tally({
      votes: [vote('OWNER', 'scale'), vote('OUTSIDER', 'scale'), vote('U1', 'kill'), vote('U2', 'kill')],
      eligibleVoters: ['U1', 'U2', 'U3'],
    });
    expect(t.voters).toBe(2);
    expect(t.counts).toEqual({ kill: 2, keep: 0, scale: 0 });
    expect(t.outcome).toBe('kill');
  });

  it('makes no decision when nobody is eligible', () => {
    const t = tally({ votes: [vote('U1', 'kill')], eligibleVoters: [] });
    expect(t).toMatchObject({ eligible: 0, voters: 0, quorumMet: false, outcome: 'no_decision' });
  });

  it('honours a custom quorum fraction and rejects nonsense', () => {
    const six = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'];
    const t = tally({
      votes: [vote('U1', 'keep'), vote('U2', 'keep'), vote('U3', 'kill')],
      eligibleVoters: six,
      quorumFraction: 1 / 3,
    });
    expect(t.quorumNeeded).toBe(3);
    expect(t.outcome).toBe('keep');
    expect(() => tally({ votes: [], eligibleVoters: six, quorumFraction: 1 })).toThrow(RangeError);
  });
});

describe('orderBallot', () => {
  it('puts flagged agents first, then sorts by name', () => {
    const ordered = orderBallot([
      { agentId: 1, name: 'quote prep', flags: [] },
      { agentId: 2, name: 'Order entry', flags: [] },
      { agentId: 3, name: 'Scheduling', flags: ['negative_value'] },
      { agentId: 4, name: 'invoice matching', flags: ['missed_reports'] },
    ]);
    expect(ordered.map((e) => e.agentId)).toEqual([4, 3, 2, 1]);
  });
});

describe('the quorum at the close', () => {
  it('leaves out leaders away at the close, unless they voted', () => {
    const eligible = ['UL1', 'UL2', 'UL3', 'UL4'];
    expect(quorumVoters(eligible, ['UL3', 'UL4'], [{ voterId: 'UL4' }])).toEqual(['UL1', 'UL2', 'UL4']);
    // Two of three present leaders is a quorum where two of four was not.
    const votes = [
      { voterId: 'UL1', choice: 'kill' as const },
      { voterId: 'UL2', choice: 'kill' as const },
    ];
    expect(tally({ votes, eligibleVoters: eligible }).quorumMet).toBe(false);
    expect(tally({ votes, eligibleVoters: quorumVoters(eligible, ['UL3'], votes) }).outcome).toBe('kill');
  });
});
