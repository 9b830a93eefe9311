// The kill-or-scale records: rounds, ballots, votes, outcomes and overrides, and the vote's settings kept on
// the workspace row. Small queries and row mappers; what a vote means is decided in src/usecases/votes.ts.

import { z } from 'zod';
import { AGENT_CATEGORIES, AGENT_STATUSES, type AgentStatus } from '../domain/agents.js';
import type { PeriodKey } from '../domain/calendar.js';
import { DEFAULT_VOTE_SETTINGS, type VoteSettings, type VoteVisibility } from '../domain/kill-or-scale.js';
import type { StageNumber } from '../domain/stages.js';
import type { Outcome, Tally, VoteChoice } from '../domain/vote.js';
import type {
  Ballot,
  BallotCard,
  BallotOutcome,
  CastVote,
  NewRound,
  OutcomeOverride,
  RoundState,
  VoteRound,
} from '../domain/vote-round.js';
import { cached, type Db, mappedRow } from './db.js';
import { parseColumn } from './json.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

/** Audit-log entities of the vote. */
export const ROUND_ENTITY = 'vote_round';
export const BALLOT_ENTITY = 'vote_ballot';

// ---- Settings ----

interface SettingsRow {
  vote_time: string;
  vote_deadline_business_days: number;
  vote_quorum_fraction: number;
  vote_visibility: VoteVisibility;
}

export function getVoteSettings(db: Db, teamId: string): VoteSettings {
  const row = cached(
    db,
    `SELECT vote_time, vote_deadline_business_days, vote_quorum_fraction, vote_visibility
       FROM workspaces WHERE team_id = ?`,
  ).get(teamId) as SettingsRow | undefined;
  if (!row) return DEFAULT_VOTE_SETTINGS;
  return {
    time: row.vote_time,
    deadlineBusinessDays: row.vote_deadline_business_days,
    quorumFraction: row.vote_quorum_fraction,
    visibility: row.vote_visibility,
  };
}

export function updateVoteSettings(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; settings: VoteSettings },
): void {
  const s = p.settings;
  cached(
    db,
    `UPDATE workspaces SET vote_time = ?, vote_deadline_business_days = ?, vote_quorum_fraction = ?,
       vote_visibility = ?, settings_updated_at = ?, settings_updated_by = ?
     WHERE team_id = ?`,
  ).run(s.time, s.deadlineBusinessDays, s.quorumFraction, s.visibility, toIso(p.at), p.actorId, p.teamId);
}

// ---- Rounds and ballots ----

interface RoundRow {
  id: number;
  team_id: string;
  quarter: string;
  reviewed_quarter: string;
  channel_id: string;
  parent_ts: string;
  opened_at: string;
  deadline_at: string;
  leader_ids: string;
  quorum_fraction: number;
  visibility: VoteVisibility;
  stage: number | null;
  total_cents: number;
  state: RoundState;
  closed_at: string | null;
  override_until: string | null;
}

const leaderIdsSchema = z.array(z.string());

const roundFromRow = (r: RoundRow): VoteRound => ({
  id: r.id,
  teamId: r.team_id,
  quarter: r.quarter,
  reviewedQuarter: r.reviewed_quarter,
  channelId: r.channel_id,
  parentTs: r.parent_ts,
  openedAt: fromIso(r.opened_at),
  deadline: fromIso(r.deadline_at),
  leaderIds: parseColumn(leaderIdsSchema, r.leader_ids, {
    table: 'vote_rounds',
    id: r.id,
    column: 'leader_ids',
  }),
  quorumFraction: r.quorum_fraction,
  visibility: r.visibility,
  stage: r.stage as StageNumber | null,
  totalCents: r.total_cents,
  state: r.state,
  closedAt: fromIsoOrNull(r.closed_at),
  overrideUntil: fromIsoOrNull(r.override_until),
});

const ballotCardSchema = z.object({
  name: z.string(),
  category: z.enum(AGENT_CATEGORIES),
  status: z.enum(AGENT_STATUSES),
  metric: z.string(),
  targetCents: z.number().int(),
  numbers: z.array(
    z.object({
      month: z.string(),
      cents: z.number().int().nullable(),
      away: z.boolean().optional(),
      targetCents: z.number().int().optional(),
    }),
  ),
  trend: z.enum(['falling', 'flat', 'rising', 'unknown']),
  flags: z.array(z.object({ id: z.enum(['missedTwice', 'negative', 'carriedOver']), message: z.string() })),
  drift: z.array(z.string()),
  gate: z.string(),
}) satisfies z.ZodType<BallotCard>;

interface BallotRow {
  id: number;
  team_id: string;
  round_id: number;
  agent_id: number;
  position: number;
  owner_id: string;
  card: string;
  thread_ts: string | null;
}

const ballotFromRow = (r: BallotRow): Ballot => ({
  id: r.id,
  teamId: r.team_id,
  roundId: r.round_id,
  agentId: r.agent_id,
  position: r.position,
  ownerId: r.owner_id,
  card: parseColumn(ballotCardSchema, r.card, { table: 'vote_ballots', id: r.id, column: 'card' }),
  threadTs: r.thread_ts,
});

/** Stores the round and its ballots; returns the round's id. */
export function insertRound(db: Db, r: NewRound): number {
  const info = cached(
    db,
    `INSERT INTO vote_rounds (team_id, quarter, reviewed_quarter, channel_id, parent_ts, opened_at, deadline_at,
       leader_ids, quorum_fraction, visibility, stage, total_cents, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')`,
  ).run(
    r.teamId,
    r.quarter,
    r.reviewedQuarter,
    r.channelId,
    r.parentTs,
    toIso(r.openedAt),
    toIso(r.deadline),
    JSON.stringify([...new Set(r.leaderIds)]),
    r.quorumFraction,
    r.visibility,
    r.stage,
    r.totalCents,
  );
  const roundId = Number(info.lastInsertRowid);
  const insertBallot = cached(
    db,
    `INSERT INTO vote_ballots (team_id, round_id, agent_id, position, owner_id, card) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  r.ballots.forEach((b, position) => {
    insertBallot.run(r.teamId, roundId, b.agentId, position, b.ownerId, JSON.stringify(b.card));
  });
  return roundId;
}

export function getRound(db: Db, teamId: string, quarter: PeriodKey): VoteRound | undefined {
  return mappedRow(
    db,
    'SELECT * FROM vote_rounds WHERE team_id = ? AND quarter = ?',
    roundFromRow,
    teamId,
    quarter,
  );
}

export function getRoundById(db: Db, teamId: string, roundId: number): VoteRound | undefined {
  const row = cached(db, 'SELECT * FROM vote_rounds WHERE team_id = ? AND id = ?').get(teamId, roundId) as
    | RoundRow
    | undefined;
  return row && roundFromRow(row);
}

/** The round being voted on now, if any. */
export function openRoundOf(db: Db, teamId: string): VoteRound | undefined {
  return mappedRow(
    db,
    `SELECT * FROM vote_rounds WHERE team_id = ? AND state = 'open' ORDER BY quarter DESC LIMIT 1`,
    roundFromRow,
    teamId,
  );
}

/** Closed rounds, newest first. */
export function closedRounds(db: Db, teamId: string, limit: number): VoteRound[] {
  const rows = cached(
    db,
    `SELECT * FROM vote_rounds WHERE team_id = ? AND state = 'closed' ORDER BY quarter DESC LIMIT ?`,
  ).all(teamId, limit) as RoundRow[];
  return rows.map(roundFromRow);
}

export function markRoundClosed(db: Db, roundId: number, at: Date, overrideUntil: Date): void {
  cached(db, `UPDATE vote_rounds SET state = 'closed', closed_at = ?, override_until = ? WHERE id = ?`).run(
    toIso(at),
    toIso(overrideUntil),
    roundId,
  );
}

export function setThreadTs(db: Db, ballotId: number, ts: string): void {
  cached(db, 'UPDATE vote_ballots SET thread_ts = ? WHERE id = ?').run(ts, ballotId);
}

export function ballotsOf(db: Db, roundId: number): Ballot[] {
  const rows = cached(db, 'SELECT * FROM vote_ballots WHERE round_id = ? ORDER BY position').all(
    roundId,
  ) as BallotRow[];
  return rows.map(ballotFromRow);
}

export function getBallot(db: Db, teamId: string, ballotId: number): Ballot | undefined {
  const row = cached(db, 'SELECT * FROM vote_ballots WHERE team_id = ? AND id = ?').get(teamId, ballotId) as
    | BallotRow
    | undefined;
  return row && ballotFromRow(row);
}

/** Each agent's latest closed ballot: the vote's outcome and the override's, if any. */
export function lastDecisionByAgent(
  db: Db,
  teamId: string,
  beforeQuarter: PeriodKey,
): Map<number, { voted: Outcome; override: { outcome: VoteChoice } | undefined }> {
  const rows = cached(
    db,
    `SELECT b.agent_id, o.outcome AS voted, ov.outcome AS overridden
       FROM vote_ballots b
       JOIN vote_rounds r ON r.id = b.round_id
       JOIN vote_outcomes o ON o.ballot_id = b.id
       LEFT JOIN vote_overrides ov ON ov.ballot_id = b.id
       WHERE b.team_id = ? AND r.quarter < ?
       ORDER BY r.quarter`,
  ).all(teamId, beforeQuarter) as { agent_id: number; voted: Outcome; overridden: VoteChoice | null }[];
  return new Map(
    rows.map((r) => [
      r.agent_id,
      { voted: r.voted, override: r.overridden === null ? undefined : { outcome: r.overridden } },
    ]),
  );
}

// ---- Votes ----

interface VoteRow {
  voter_id: string;
  choice: VoteChoice;
  cast_at: string;
  changed_at: string | null;
}

const voteFromRow = (r: VoteRow): CastVote => ({
  voterId: r.voter_id,
  choice: r.choice,
  castAt: fromIso(r.cast_at),
  changedAt: fromIsoOrNull(r.changed_at),
});

/** The current vote of each leader on the ballot, in the order they first voted. */
export function votesOn(db: Db, ballotId: number): CastVote[] {
  const rows = cached(
    db,
    'SELECT voter_id, choice, cast_at, changed_at FROM votes WHERE ballot_id = ? ORDER BY cast_at, id',
  ).all(ballotId) as VoteRow[];
  return rows.map(voteFromRow);
}

export function currentChoice(db: Db, ballotId: number, voterId: string): VoteChoice | undefined {
  const row = cached(db, 'SELECT choice FROM votes WHERE ballot_id = ? AND voter_id = ?').get(
    ballotId,
    voterId,
  ) as { choice: VoteChoice } | undefined;
  return row?.choice;
}

export function insertVote(
  db: Db,
  v: { teamId: string; ballotId: number; voterId: string; choice: VoteChoice; at: Date },
): void {
  cached(db, 'INSERT INTO votes (team_id, ballot_id, voter_id, choice, cast_at) VALUES (?, ?, ?, ?, ?)').run(
    v.teamId,
    v.ballotId,
    v.voterId,
    v.choice,
    toIso(v.at),
  );
}

export function changeVote(
  db: Db,
  v: { ballotId: number; voterId: string; choice: VoteChoice; at: Date },
): void {
  cached(db, 'UPDATE votes SET choice = ?, changed_at = ? WHERE ballot_id = ? AND voter_id = ?').run(
    v.choice,
    toIso(v.at),
    v.ballotId,
    v.voterId,
  );
}

/** Ballots of the round the leader has voted on. */
export function votedBallotIds(db: Db, roundId: number, leaderId: string): Set<number> {
  const rows = cached(
    db,
    'SELECT v.ballot_id FROM votes v JOIN vote_ballots b ON b.id = v.ballot_id WHERE b.round_id = ? AND v.voter_id = ?',
  ).all(roundId, leaderId) as { ballot_id: number }[];
  return new Set(rows.map((r) => r.ballot_id));
}

// ---- Outcomes ----

interface OutcomeRow {
  ballot_id: number;
  outcome: Outcome;
  kill_votes: number;
  keep_votes: number;
  scale_votes: number;
  voters: number;
  eligible: number;
  quorum_needed: number;
  status_before: AgentStatus;
  status_after: AgentStatus;
  scaling_quarter_before: string | null;
  note: string | null;
  decided_at: string;
}

const outcomeFromRow = (r: OutcomeRow): BallotOutcome => ({
  ballotId: r.ballot_id,
  outcome: r.outcome,
  counts: { kill: r.kill_votes, keep: r.keep_votes, scale: r.scale_votes },
  voters: r.voters,
  eligible: r.eligible,
  quorumNeeded: r.quorum_needed,
  statusBefore: r.status_before,
  statusAfter: r.status_after,
  scalingQuarterBefore: r.scaling_quarter_before,
  note: r.note,
  decidedAt: fromIso(r.decided_at),
});

export function outcomeOf(db: Db, ballotId: number): BallotOutcome | undefined {
  const row = cached(db, 'SELECT * FROM vote_outcomes WHERE ballot_id = ?').get(ballotId) as
    | OutcomeRow
    | undefined;
  return row && outcomeFromRow(row);
}

export function insertOutcome(
  db: Db,
  o: {
    teamId: string;
    ballotId: number;
    tally: Tally;
    statusBefore: AgentStatus;
    statusAfter: AgentStatus;
    scalingQuarterBefore: PeriodKey | null;
    note: string | null;
    at: Date;
  },
): void {
  cached(
    db,
    `INSERT INTO vote_outcomes (ballot_id, team_id, outcome, kill_votes, keep_votes, scale_votes, voters, eligible,
       quorum_needed, status_before, status_after, scaling_quarter_before, note, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    o.ballotId,
    o.teamId,
    o.tally.outcome,
    o.tally.counts.kill,
    o.tally.counts.keep,
    o.tally.counts.scale,
    o.tally.voters,
    o.tally.eligible,
    o.tally.quorumNeeded,
    o.statusBefore,
    o.statusAfter,
    o.scalingQuarterBefore,
    o.note,
    toIso(o.at),
  );
}

/** The agent's scaling quarter, kept on the outcome so an override can put it back. */
export function scalingQuarterOf(db: Db, agentId: number): PeriodKey | null {
  const row = cached(db, 'SELECT scaling_quarter FROM agents WHERE id = ?').get(agentId) as
    | { scaling_quarter: string | null }
    | undefined;
  return row?.scaling_quarter ?? null;
}

/** Writes a status the vote (or its override) decided, with the scaling quarter and retirement date that go with it. */
export function setAgentVoteStatus(
  db: Db,
  m: { teamId: string; agentId: number; to: AgentStatus; scalingQuarter: PeriodKey | null; at: Date },
): void {
  cached(
    db,
    `UPDATE agents SET status = ?, scaling_quarter = ?,
       retired_at = CASE WHEN ? = 'retired' THEN COALESCE(retired_at, ?) ELSE NULL END
     WHERE team_id = ? AND id = ?`,
  ).run(m.to, m.scalingQuarter, m.to, toIso(m.at), m.teamId, m.agentId);
}

// ---- Overrides ----

interface OverrideRow {
  ballot_id: number;
  previous_outcome: Outcome;
  outcome: VoteChoice;
  reason: string;
  status_before: AgentStatus;
  status_after: AgentStatus;
  note: string | null;
  overridden_by: string;
  overridden_at: string;
  source_view_id: string;
}

const overrideFromRow = (r: OverrideRow): OutcomeOverride => ({
  ballotId: r.ballot_id,
  previousOutcome: r.previous_outcome,
  outcome: r.outcome,
  reason: r.reason,
  statusBefore: r.status_before,
  statusAfter: r.status_after,
  note: r.note,
  overriddenBy: r.overridden_by,
  overriddenAt: fromIso(r.overridden_at),
});

export function overrideOf(db: Db, ballotId: number): OutcomeOverride | undefined {
  const row = cached(db, 'SELECT * FROM vote_overrides WHERE ballot_id = ?').get(ballotId) as
    | OverrideRow
    | undefined;
  return row && overrideFromRow(row);
}

/** One row per ballot of the round from `table`, keyed by ballot: a round's reads cost one query, not one a ballot. */
function perBallot<Row extends { ballot_id: number }, T>(
  db: Db,
  table: 'vote_outcomes' | 'vote_overrides',
  roundId: number,
  from: (row: Row) => T,
): Map<number, T> {
  const rows = cached(
    db,
    `SELECT x.* FROM vote_ballots b JOIN ${table} x ON x.ballot_id = b.id WHERE b.round_id = ?`,
  ).all(roundId) as Row[];
  return new Map(rows.map((row) => [row.ballot_id, from(row)]));
}

export const outcomesOfRound = (db: Db, roundId: number): Map<number, BallotOutcome> =>
  perBallot(db, 'vote_outcomes', roundId, outcomeFromRow);

export const overridesOfRound = (db: Db, roundId: number): Map<number, OutcomeOverride> =>
  perBallot(db, 'vote_overrides', roundId, overrideFromRow);

/** The current votes on every ballot of the round, keyed by ballot, each in the order they were first cast. */
export function votesOfRound(db: Db, roundId: number): Map<number, CastVote[]> {
  const rows = cached(
    db,
    `SELECT v.ballot_id, v.voter_id, v.choice, v.cast_at, v.changed_at
       FROM vote_ballots b JOIN votes v ON v.ballot_id = b.id
      WHERE b.round_id = ? ORDER BY v.cast_at, v.id`,
  ).all(roundId) as (VoteRow & { ballot_id: number })[];
  const byBallot = new Map<number, CastVote[]>();
  for (const row of rows) {
    const onBallot = byBallot.get(row.ballot_id) ?? [];
    onBallot.push(voteFromRow(row));
    byBallot.set(row.ballot_id, onBallot);
  }
  return byBallot;
}

/** The override a modal already saved: a retried submission of the same view. */
export function overrideFromView(db: Db, teamId: string, sourceViewId: string): OutcomeOverride | undefined {
  return mappedRow(
    db,
    'SELECT * FROM vote_overrides WHERE team_id = ? AND source_view_id = ?',
    overrideFromRow,
    teamId,
    sourceViewId,
  );
}

export function insertOverride(
  db: Db,
  o: Omit<OutcomeOverride, 'overriddenAt'> & { teamId: string; at: Date; sourceViewId: string },
): void {
  cached(
    db,
    `INSERT INTO vote_overrides (team_id, ballot_id, previous_outcome, outcome, reason, status_before, status_after,
       note, overridden_by, overridden_at, source_view_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    o.teamId,
    o.ballotId,
    o.previousOutcome,
    o.outcome,
    o.reason,
    o.statusBefore,
    o.statusAfter,
    o.note,
    o.overriddenBy,
    toIso(o.at),
    o.sourceViewId,
  );
}
