import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BallotCard, VoteRound } from '../../src/domain/vote-round.js';
import { getAgent } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import {
  BALLOT_ENTITY,
  ballotsOf,
  getBallot,
  getRound,
  getVoteSettings,
  outcomeOf,
} from '../../src/store/votes.js';
import {
  ballotState,
  castVote,
  closeRound,
  lastOutcomeByAgent,
  openRound,
  overrideOutcome,
  roundStates,
  saveVoteSettings,
} from '../../src/usecases/votes.js';
import { TEAM_ID } from '../support/app.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';
import { openTestDatabase } from './db.js';

const OWNER = 'UOWNER';
const PO = 'UPO';
const LEADERS = ['UL1', 'UL2', 'UL3'];
const OPENED = new Date('2026-10-01T14:00:00Z');
const DEADLINE = new Date('2026-10-08T14:00:00Z');
const MID_VOTE = new Date('2026-10-02T14:00:00Z');
const CLOSED = new Date('2026-10-08T15:00:00Z');
const OVERRIDE_UNTIL = new Date('2026-10-15T15:00:00Z');

const card = (name: string): BallotCard => ({
  name,
  category: 'office',
  status: 'production',
  metric: 'Hours saved',
  targetCents: 100_000,
  numbers: [],
  trend: 'unknown',
  flags: [],
  drift: [],
  gate: 'Passed',
});

let handle: ReturnType<typeof openTestDatabase>;
let db: Db;
let agentId: number;
let round: VoteRound;
let ballotId: number;

function vote(voterId: string, choice: 'kill' | 'keep' | 'scale', at = MID_VOTE) {
  return castVote(db, at, { teamId: TEAM_ID, ballotId, voterId, choice });
}

const close = () =>
  closeRound(db, CLOSED, {
    teamId: TEAM_ID,
    roundId: round.id,
    overrideUntil: OVERRIDE_UNTIL,
    reason: 'Q3 vote',
  });

function override(p: { outcome: 'kill' | 'keep' | 'scale'; actorId?: string; view?: string; at?: Date }) {
  return overrideOutcome(db, p.at ?? new Date('2026-10-09T15:00:00Z'), {
    teamId: TEAM_ID,
    ballotId,
    outcome: p.outcome,
    reason: 'The new line needs it',
    actorId: p.actorId ?? PO,
    portfolioOwnerId: PO,
    sourceViewId: p.view ?? 'V1',
  });
}

beforeEach(() => {
  handle = openTestDatabase();
  db = handle.db;
  seedWorkspace(db, { createdAt: '2026-01-01T00:00:00Z', portfolioOwnerId: PO });
  agentId = seedAgent(db, { name: 'Order entry', ownerId: OWNER, status: 'production' });
  round = openRound(db, {
    teamId: TEAM_ID,
    quarter: '2026-Q4',
    reviewedQuarter: '2026-Q3',
    channelId: 'CLEAD',
    parentTs: '1.000001',
    openedAt: OPENED,
    deadline: DEADLINE,
    leaderIds: [...LEADERS, OWNER],
    quorumFraction: 0.5,
    visibility: 'tally',
    stage: 2,
    totalCents: 0,
    ballots: [{ agentId, ownerId: OWNER, card: card('Order entry') }],
  });
  ballotId = ballotsOf(db, round.id)[0]?.id ?? 0;
});

afterEach(() => handle.close());

describe('openRound', () => {
  it('opens a quarter once: a second call returns the stored round and adds no ballot', () => {
    const again = openRound(db, {
      teamId: TEAM_ID,
      quarter: '2026-Q4',
      reviewedQuarter: '2026-Q3',
      channelId: 'COTHER',
      parentTs: '2.000001',
      openedAt: OPENED,
      deadline: DEADLINE,
      leaderIds: LEADERS,
      quorumFraction: 0.5,
      visibility: 'full',
      stage: null,
      totalCents: 0,
      ballots: [{ agentId, ownerId: OWNER, card: card('Order entry') }],
    });
    expect(again).toEqual(round);
    expect(ballotsOf(db, round.id)).toHaveLength(1);
  });
});

describe('castVote', () => {
  it('records a vote, writes nothing for the same choice again, and keeps the replaced choice in the audit', () => {
    expect(vote('UL1', 'keep').kind).toBe('cast');
    expect(vote('UL1', 'keep').kind).toBe('unchanged');
    expect(vote('UL1', 'scale').kind).toBe('changed');
    const trail = auditTrail(db, TEAM_ID, BALLOT_ENTITY, ballotId);
    expect(trail.map((row) => row.action)).toEqual(['vote', 'vote_change']);
    expect(trail[1]?.before).toEqual({ choice: 'keep' });
  });

  it('refuses the owner, anyone outside the leadership and any vote at or after the deadline', () => {
    expect(vote(OWNER, 'scale')).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('You own'),
    });
    expect(vote('UOUTSIDER', 'scale')).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('Only the leadership group'),
    });
    expect(vote('UL1', 'scale', DEADLINE)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('This vote has closed'),
    });
    expect(db.prepare('SELECT COUNT(*) AS n FROM votes').get()).toEqual({ n: 0 });
  });

  it('says a ballot that is not on record is missing', () => {
    expect(
      castVote(db, MID_VOTE, { teamId: TEAM_ID, ballotId: 999, voterId: 'UL1', choice: 'kill' }),
    ).toEqual({
      kind: 'missing',
    });
  });
});

describe('closeRound', () => {
  it('counts, stores the outcome and moves the agent once; a second close changes nothing', () => {
    vote('UL1', 'scale');
    vote('UL2', 'scale');
    expect(close()).toBe(true);
    expect(outcomeOf(db, ballotId)).toMatchObject({
      outcome: 'scale',
      voters: 2,
      eligible: 3,
      statusBefore: 'production',
      statusAfter: 'scaling',
    });
    expect(getAgent(db, TEAM_ID, agentId)?.status).toBe('scaling');
    expect(close()).toBe(false);
    // Closed by the clock or by another process, the round takes no more votes.
    expect(vote('UL3', 'kill', MID_VOTE)).toMatchObject({ kind: 'refused' });
  });

  it('shows a closed ballot the count it was decided on, the leader away at the close left out', () => {
    vote('UL1', 'keep');
    vote('UL2', 'keep');
    closeRound(db, CLOSED, {
      teamId: TEAM_ID,
      roundId: round.id,
      overrideUntil: OVERRIDE_UNTIL,
      reason: 'Q3 vote',
      awayLeaders: ['UL3'],
    });
    const closed = getRound(db, TEAM_ID, '2026-Q4');
    if (!closed) throw new Error('no round');
    const [state] = roundStates(db, closed);
    const ballot = getBallot(db, TEAM_ID, ballotId);
    if (!ballot) throw new Error('no ballot');
    for (const shown of [state, ballotState(db, closed, ballot)]) {
      expect(shown?.tally).toMatchObject({ voters: 2, eligible: 2, outcome: 'keep', quorumMet: true });
    }
  });

  it('without quorum decides nothing and carries the agent to next quarter', () => {
    vote('UL1', 'kill');
    close();
    expect(outcomeOf(db, ballotId)?.outcome).toBe('no_decision');
    expect(getAgent(db, TEAM_ID, agentId)?.status).toBe('production');
    expect(lastOutcomeByAgent(db, TEAM_ID, '2027-Q1').get(agentId)).toBe('no_decision');
  });
});

describe('overrideOutcome', () => {
  beforeEach(() => {
    vote('UL1', 'kill');
    vote('UL2', 'kill');
    close();
  });

  it('lets the portfolio owner overturn once: the agent follows, and the override beats the vote afterwards', () => {
    expect(getAgent(db, TEAM_ID, agentId)?.status).toBe('retired');
    const result = override({ outcome: 'keep' });
    expect(result).toMatchObject({
      kind: 'overridden',
      created: true,
      override: { outcome: 'keep', previousOutcome: 'kill' },
    });
    expect(getAgent(db, TEAM_ID, agentId)?.status).toBe('production');
    expect(lastOutcomeByAgent(db, TEAM_ID, '2027-Q1').get(agentId)).toBe('keep');
    // The same modal sent again is the same override, not a second one.
    expect(override({ outcome: 'keep' })).toMatchObject({ kind: 'overridden', created: false });
    expect(override({ outcome: 'scale', view: 'V2' })).toEqual({
      kind: 'refused',
      message: 'This outcome has already been overturned once.',
    });
  });

  it('refuses anyone but the portfolio owner, the outcome that already stands and a late override', () => {
    expect(override({ outcome: 'keep', actorId: 'UL1' })).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('Only the portfolio owner'),
    });
    expect(override({ outcome: 'kill' })).toEqual({
      kind: 'refused',
      message: 'That is already the outcome. Pick a different one.',
    });
    expect(override({ outcome: 'keep', at: new Date('2026-10-16T15:00:00Z') })).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('that time has passed'),
    });
    expect(getAgent(db, TEAM_ID, agentId)?.status).toBe('retired');
  });
});

describe('saveVoteSettings', () => {
  it('saves the settings with one audit row, and saving them again writes none', () => {
    const settings = {
      time: '14:00',
      deadlineBusinessDays: 2,
      quorumFraction: 0.25,
      visibility: 'full',
    } as const;
    const at = new Date('2026-09-01T12:00:00Z');
    saveVoteSettings(db, at, { teamId: TEAM_ID, actorId: PO, settings });
    saveVoteSettings(db, at, { teamId: TEAM_ID, actorId: PO, settings });
    expect(getVoteSettings(db, TEAM_ID)).toEqual(settings);
    expect(
      auditTrail(db, TEAM_ID, 'workspace', TEAM_ID).filter((r) => r.action === 'vote_settings'),
    ).toHaveLength(1);
  });
});

describe('the ballot card column', () => {
  it('is parsed with its schema: a malformed row names the table and the row', () => {
    db.prepare('UPDATE vote_ballots SET card = ? WHERE id = ?').run('{"name": 3}', ballotId);
    expect(() => getBallot(db, TEAM_ID, ballotId)).toThrow(
      `vote_ballots row ${ballotId}: column card does not match`,
    );
  });
});
