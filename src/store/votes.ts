import { type AgentCategory, type AgentStatus, canTransition } from '../domain/agents.js';
import type { PeriodKey } from '../domain/calendar.js';
import {
  type BallotFlag,
  DEFAULT_VOTE_SETTINGS,
  type MonthNumber,
  outcomeEffect,
  planOverride,
  type VoteSettings,
  type VoteVisibility,
} from '../domain/kill-or-scale.js';
import type { Trend } from '../domain/reuse.js';
import type { StageNumber } from '../domain/stages.js';
import { eligibleVoters, type Outcome, type Tally, tally, type VoteChoice } from '../domain/vote.js';
import { AGENT_ENTITY, getAgent } from './agents.js';
import { recordAudit } from './audit.js';
import { cached, type Db } from './db.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

/** Audit-log entities of the vote. */
export const ROUND_ENTITY = 'vote_round';
export const BALLOT_ENTITY = 'vote_ballot';
/** The actor recorded for what the scheduled ritual does by itself (open, close, apply outcomes). */
export const RITUAL_ACTOR = 'ritual:kill-or-scale';

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

/** The workspace row must exist (every surface ensures it first). Saving what is already there writes nothing. */
export function saveVoteSettings(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; settings: VoteSettings },
): void {
  db.transaction(() => {
    const before = getVoteSettings(db, p.teamId);
    const s = p.settings;
    const same =
      before.time === s.time &&
      before.deadlineBusinessDays === s.deadlineBusinessDays &&
      before.quorumFraction === s.quorumFraction &&
      before.visibility === s.visibility;
    if (same) return;
    cached(
      db,
      `UPDATE workspaces SET vote_time = ?, vote_deadline_business_days = ?, vote_quorum_fraction = ?,
         vote_visibility = ?, settings_updated_at = ?, settings_updated_by = ?
       WHERE team_id = ?`,
    ).run(s.time, s.deadlineBusinessDays, s.quorumFraction, s.visibility, toIso(p.at), p.actorId, p.teamId);
    recordAudit(db, {
      teamId: p.teamId,
      actorId: p.actorId,
      entity: 'workspace',
      entityId: p.teamId,
      action: 'vote_settings',
      before,
      after: s,
      at: p.at,
    });
  }).immediate();
}

// ---- Rounds and ballots ----

/** What the thread reply says about an agent, fixed when the round opens. */
export interface BallotCard {
  readonly name: string;
  readonly category: AgentCategory;
  readonly status: AgentStatus;
  readonly metric: string;
  readonly targetCents: number;
  /** The quarter's months the agent existed in, oldest first; null cents: nothing reported. */
  readonly numbers: readonly MonthNumber[];
  readonly trend: Trend;
  readonly flags: readonly BallotFlag[];
  readonly drift: readonly string[];
  /** Where the agent stands with the production gate, in words. */
  readonly gate: string;
}

export type RoundState = 'open' | 'closed';

export interface VoteRound {
  readonly id: number;
  readonly teamId: string;
  readonly quarter: PeriodKey;
  readonly reviewedQuarter: PeriodKey;
  readonly channelId: string;
  readonly parentTs: string;
  readonly openedAt: Date;
  readonly deadline: Date;
  readonly leaderIds: readonly string[];
  readonly quorumFraction: number;
  readonly visibility: VoteVisibility;
  readonly stage: StageNumber | null;
  readonly totalCents: number;
  readonly state: RoundState;
  readonly closedAt: Date | null;
  readonly overrideUntil: Date | null;
}

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

const roundFromRow = (r: RoundRow): VoteRound => ({
  id: r.id,
  teamId: r.team_id,
  quarter: r.quarter,
  reviewedQuarter: r.reviewed_quarter,
  channelId: r.channel_id,
  parentTs: r.parent_ts,
  openedAt: fromIso(r.opened_at),
  deadline: fromIso(r.deadline_at),
  leaderIds: JSON.parse(r.leader_ids) as string[],
  quorumFraction: r.quorum_fraction,
  visibility: r.visibility,
  stage: r.stage as StageNumber | null,
  totalCents: r.total_cents,
  state: r.state,
  closedAt: fromIsoOrNull(r.closed_at),
  overrideUntil: fromIsoOrNull(r.override_until),
});

export interface Ballot {
  readonly id: number;
  readonly teamId: string;
  readonly roundId: number;
  readonly agentId: number;
  readonly position: number;
  readonly ownerId: string;
  readonly card: BallotCard;
  readonly threadTs: string | null;
}

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
  card: JSON.parse(r.card) as BallotCard,
  threadTs: r.thread_ts,
});

export interface NewRound {
  readonly teamId: string;
  readonly quarter: PeriodKey;
  readonly reviewedQuarter: PeriodKey;
  readonly channelId: string;
  /** The parent message, posted before the round is stored: the vote opens when leaders can see it. */
  readonly parentTs: string;
  readonly openedAt: Date;
  readonly deadline: Date;
  readonly leaderIds: readonly string[];
  readonly quorumFraction: number;
  readonly visibility: VoteVisibility;
  readonly stage: StageNumber | null;
  readonly totalCents: number;
  /** In ballot order. */
  readonly ballots: readonly { agentId: number; ownerId: string; card: BallotCard }[];
}

/**
 * Opens the quarter's round with its ballots once: a second call for the same quarter returns the
 * round the first one stored and changes nothing.
 */
export function openRound(db: Db, r: NewRound): VoteRound {
  return db
    .transaction((): VoteRound => {
      const existing = getRound(db, r.teamId, r.quarter);
      if (existing) return existing;
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
      recordAudit(db, {
        teamId: r.teamId,
        actorId: RITUAL_ACTOR,
        entity: ROUND_ENTITY,
        entityId: roundId,
        action: 'open',
        after: {
          quarter: r.quarter,
          deadline: toIso(r.deadline),
          leaderIds: r.leaderIds,
          quorumFraction: r.quorumFraction,
          visibility: r.visibility,
          agentIds: r.ballots.map((b) => b.agentId),
        },
        at: r.openedAt,
      });
      const round = getRoundById(db, r.teamId, roundId);
      if (!round) throw new Error(`Vote round ${roundId} vanished inside its own transaction`);
      return round;
    })
    .immediate();
}

export function getRound(db: Db, teamId: string, quarter: PeriodKey): VoteRound | undefined {
  const row = cached(db, 'SELECT * FROM vote_rounds WHERE team_id = ? AND quarter = ?').get(
    teamId,
    quarter,
  ) as RoundRow | undefined;
  return row && roundFromRow(row);
}

export function getRoundById(db: Db, teamId: string, roundId: number): VoteRound | undefined {
  const row = cached(db, 'SELECT * FROM vote_rounds WHERE team_id = ? AND id = ?').get(teamId, roundId) as
    | RoundRow
    | undefined;
  return row && roundFromRow(row);
}

/** The round being voted on now, if any. */
export function openRoundOf(db: Db, teamId: string): VoteRound | undefined {
  const row = cached(
    db,
    `SELECT * FROM vote_rounds WHERE team_id = ? AND state = 'open' ORDER BY quarter DESC LIMIT 1`,
  ).get(teamId) as RoundRow | undefined;
  return row && roundFromRow(row);
}

/** Closed rounds, newest first. */
export function closedRounds(db: Db, teamId: string, limit: number): VoteRound[] {
  const rows = cached(
    db,
    `SELECT * FROM vote_rounds WHERE team_id = ? AND state = 'closed' ORDER BY quarter DESC LIMIT ?`,
  ).all(teamId, limit) as RoundRow[];
  return rows.map(roundFromRow);
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

/** The effective outcome of each agent's latest closed ballot: an override replaces the vote's outcome. */
export function lastOutcomeByAgent(db: Db, teamId: string, beforeQuarter: PeriodKey): Map<number, Outcome> {
  const rows = cached(
    db,
    `SELECT b.agent_id, COALESCE(ov.outcome, o.outcome) AS outcome
       FROM vote_ballots b
       JOIN vote_rounds r ON r.id = b.round_id
       JOIN vote_outcomes o ON o.ballot_id = b.id
       LEFT JOIN vote_overrides ov ON ov.ballot_id = b.id
       WHERE b.team_id = ? AND r.quarter < ?
       ORDER BY r.quarter`,
  ).all(teamId, beforeQuarter) as { agent_id: number; outcome: Outcome }[];
  return new Map(rows.map((r) => [r.agent_id, r.outcome]));
}

// ---- Votes ----

export interface CastVote {
  readonly voterId: string;
  readonly choice: VoteChoice;
  readonly castAt: Date;
  readonly changedAt: Date | null;
}

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

export type CastResult = 'cast' | 'changed' | 'unchanged' | 'closed';

/**
 * Records a leader's vote. The same choice again (a double click, a retried request) writes nothing;
 * a different choice replaces the current vote, and the audit row keeps the one it replaced. The round
 * is checked here too, so a close by another process (the CLI's heartbeat) is never voted past.
 */
export function castVote(
  db: Db,
  v: { teamId: string; ballotId: number; voterId: string; choice: VoteChoice; at: Date },
): CastResult {
  return db
    .transaction((): CastResult => {
      const round = cached(
        db,
        'SELECT r.state, r.deadline_at FROM vote_rounds r JOIN vote_ballots b ON b.round_id = r.id WHERE b.id = ?',
      ).get(v.ballotId) as { state: RoundState; deadline_at: string } | undefined;
      if (round?.state !== 'open' || v.at.getTime() >= fromIso(round.deadline_at).getTime()) return 'closed';
      const current = cached(db, 'SELECT choice FROM votes WHERE ballot_id = ? AND voter_id = ?').get(
        v.ballotId,
        v.voterId,
      ) as { choice: VoteChoice } | undefined;
      if (current?.choice === v.choice) return 'unchanged';
      if (current) {
        cached(db, 'UPDATE votes SET choice = ?, changed_at = ? WHERE ballot_id = ? AND voter_id = ?').run(
          v.choice,
          toIso(v.at),
          v.ballotId,
          v.voterId,
        );
      } else {
        cached(
          db,
          'INSERT INTO votes (team_id, ballot_id, voter_id, choice, cast_at) VALUES (?, ?, ?, ?, ?)',
        ).run(v.teamId, v.ballotId, v.voterId, v.choice, toIso(v.at));
      }
      recordAudit(db, {
        teamId: v.teamId,
        actorId: v.voterId,
        entity: BALLOT_ENTITY,
        entityId: v.ballotId,
        action: current ? 'vote_change' : 'vote',
        ...(current ? { before: { choice: current.choice } } : {}),
        after: { choice: v.choice },
        at: v.at,
      });
      return current ? 'changed' : 'cast';
    })
    .immediate();
}

/** Ballots of the round the leader may vote on and has not voted on yet. */
export function ballotsAwaiting(db: Db, round: VoteRound, leaderId: string): Ballot[] {
  if (!round.leaderIds.includes(leaderId)) return [];
  const voted = new Set(
    (
      cached(
        db,
        'SELECT v.ballot_id FROM votes v JOIN vote_ballots b ON b.id = v.ballot_id WHERE b.round_id = ? AND v.voter_id = ?',
      ).all(round.id, leaderId) as { ballot_id: number }[]
    ).map((r) => r.ballot_id),
  );
  return ballotsOf(db, round.id).filter((b) => b.ownerId !== leaderId && !voted.has(b.id));
}

// ---- Outcomes ----

export interface StoredOutcome {
  readonly ballotId: number;
  readonly outcome: Outcome;
  readonly counts: Readonly<Record<VoteChoice, number>>;
  readonly voters: number;
  readonly eligible: number;
  readonly quorumNeeded: number;
  readonly statusBefore: AgentStatus;
  readonly statusAfter: AgentStatus;
  readonly note: string | null;
  readonly decidedAt: Date;
}

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

const outcomeFromRow = (r: OutcomeRow): StoredOutcome => ({
  ballotId: r.ballot_id,
  outcome: r.outcome,
  counts: { kill: r.kill_votes, keep: r.keep_votes, scale: r.scale_votes },
  voters: r.voters,
  eligible: r.eligible,
  quorumNeeded: r.quorum_needed,
  statusBefore: r.status_before,
  statusAfter: r.status_after,
  note: r.note,
  decidedAt: fromIso(r.decided_at),
});

export function outcomeOf(db: Db, ballotId: number): StoredOutcome | undefined {
  const row = cached(db, 'SELECT * FROM vote_outcomes WHERE ballot_id = ?').get(ballotId) as
    | OutcomeRow
    | undefined;
  return row && outcomeFromRow(row);
}

/** How the ballot's votes count right now, for the running tally and for the close. */
export function tallyBallot(db: Db, round: VoteRound, ballot: Ballot): Tally {
  return tallyOf(round, ballot, votesOn(db, ballot.id));
}

function tallyOf(round: VoteRound, ballot: Ballot, votes: readonly CastVote[]): Tally {
  return tally({
    votes,
    eligibleVoters: eligibleVoters(round.leaderIds, ballot.ownerId),
    quorumFraction: round.quorumFraction,
  });
}

interface AgentMove {
  readonly teamId: string;
  readonly agentId: number;
  readonly actorId: string;
  readonly at: Date;
  readonly from: AgentStatus;
  readonly to: AgentStatus;
  readonly scalingQuarter: PeriodKey | null;
  readonly cause: 'vote' | 'override';
  readonly reason: string;
}

/**
 * Writes a status the vote (or its override) decided, with the scaling quarter and the retirement date
 * that go with it, as one 'status' audit row in the registry's own shape.
 */
function moveAgent(db: Db, m: AgentMove): void {
  cached(
    db,
    `UPDATE agents SET status = ?, scaling_quarter = ?,
       retired_at = CASE WHEN ? = 'retired' THEN COALESCE(retired_at, ?) ELSE NULL END
     WHERE team_id = ? AND id = ?`,
  ).run(m.to, m.scalingQuarter, m.to, toIso(m.at), m.teamId, m.agentId);
  recordAudit(db, {
    teamId: m.teamId,
    actorId: m.actorId,
    entity: AGENT_ENTITY,
    entityId: m.agentId,
    action: 'status',
    before: { status: m.from },
    after: { status: m.to, cause: m.cause, scalingQuarter: m.scalingQuarter, reason: m.reason },
    at: m.at,
  });
}

function scalingQuarterOf(db: Db, agentId: number): PeriodKey | null {
  const row = cached(db, 'SELECT scaling_quarter FROM agents WHERE id = ?').get(agentId) as
    | { scaling_quarter: string | null }
    | undefined;
  return row?.scaling_quarter ?? null;
}

/**
 * Closes the round once: counts every ballot, stores its outcome and applies it to the agent, all in
 * one transaction. Returns false when the round was already closed (a second heartbeat, a restart).
 */
export function closeRound(
  db: Db,
  p: { teamId: string; roundId: number; at: Date; overrideUntil: Date; reason: string },
): boolean {
  return db
    .transaction((): boolean => {
      const round = getRoundById(db, p.teamId, p.roundId);
      if (round?.state !== 'open') return false;
      cached(
        db,
        `UPDATE vote_rounds SET state = 'closed', closed_at = ?, override_until = ? WHERE id = ?`,
      ).run(toIso(p.at), toIso(p.overrideUntil), round.id);
      const insertOutcome = cached(
        db,
        `INSERT INTO vote_outcomes (ballot_id, team_id, outcome, kill_votes, keep_votes, scale_votes, voters, eligible,
         quorum_needed, status_before, status_after, scaling_quarter_before, note, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const summary: Record<number, Outcome> = {};
      for (const ballot of ballotsOf(db, round.id)) {
        const counted = tallyBallot(db, round, ballot);
        const agent = getAgent(db, p.teamId, ballot.agentId);
        if (!agent)
          throw new Error(`Ballot ${ballot.id} names agent ${ballot.agentId}, which is not in the registry`);
        const effect = outcomeEffect(agent.status, counted.outcome);
        const scalingBefore = scalingQuarterOf(db, agent.id);
        if (effect.to !== null) {
          if (!canTransition(agent.status, effect.to, 'vote')) {
            throw new Error(`A vote cannot move agent ${agent.id} from ${agent.status} to ${effect.to}`);
          }
          moveAgent(db, {
            teamId: p.teamId,
            agentId: agent.id,
            actorId: RITUAL_ACTOR,
            at: p.at,
            from: agent.status,
            to: effect.to,
            scalingQuarter: effect.to === 'scaling' ? round.quarter : scalingBefore,
            cause: 'vote',
            reason: p.reason,
          });
        }
        const statusAfter = effect.to ?? agent.status;
        insertOutcome.run(
          ballot.id,
          p.teamId,
          counted.outcome,
          counted.counts.kill,
          counted.counts.keep,
          counted.counts.scale,
          counted.voters,
          counted.eligible,
          counted.quorumNeeded,
          agent.status,
          statusAfter,
          scalingBefore,
          effect.note,
          toIso(p.at),
        );
        recordAudit(db, {
          teamId: p.teamId,
          actorId: RITUAL_ACTOR,
          entity: BALLOT_ENTITY,
          entityId: ballot.id,
          action: 'outcome',
          after: {
            agentId: agent.id,
            outcome: counted.outcome,
            counts: counted.counts,
            voters: counted.voters,
            eligible: counted.eligible,
            quorumNeeded: counted.quorumNeeded,
            statusBefore: agent.status,
            statusAfter,
          },
          at: p.at,
        });
        summary[ballot.id] = counted.outcome;
      }
      recordAudit(db, {
        teamId: p.teamId,
        actorId: RITUAL_ACTOR,
        entity: ROUND_ENTITY,
        entityId: round.id,
        action: 'close',
        before: { state: 'open' },
        after: { state: 'closed', outcomes: summary, overrideUntil: toIso(p.overrideUntil) },
        at: p.at,
      });
      return true;
    })
    .immediate();
}

// ---- Overrides ----

export interface StoredOverride {
  readonly ballotId: number;
  readonly previousOutcome: Outcome;
  readonly outcome: VoteChoice;
  readonly reason: string;
  readonly statusBefore: AgentStatus;
  readonly statusAfter: AgentStatus;
  readonly note: string | null;
  readonly overriddenBy: string;
  readonly overriddenAt: Date;
}

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

const overrideFromRow = (r: OverrideRow): StoredOverride => ({
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

export function overrideOf(db: Db, ballotId: number): StoredOverride | undefined {
  const row = cached(db, 'SELECT * FROM vote_overrides WHERE ballot_id = ?').get(ballotId) as
    | OverrideRow
    | undefined;
  return row && overrideFromRow(row);
}

export type OverrideResult =
  | { readonly kind: 'overridden'; readonly override: StoredOverride; readonly created: boolean }
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Replaces a ballot's outcome with the portfolio owner's, applies it to the agent and records both, in
 * one transaction. Who may do it and when is the caller's check (domain canOverride); whether the
 * agent can still be moved is checked here, against the registry as it stands.
 */
export function overrideOutcome(
  db: Db,
  o: {
    teamId: string;
    ballotId: number;
    outcome: VoteChoice;
    reason: string;
    actorId: string;
    at: Date;
    sourceViewId: string;
    scalingQuarter: PeriodKey;
  },
): OverrideResult {
  return db
    .transaction((): OverrideResult => {
      const retried = cached(db, 'SELECT * FROM vote_overrides WHERE team_id = ? AND source_view_id = ?').get(
        o.teamId,
        o.sourceViewId,
      ) as OverrideRow | undefined;
      if (retried) return { kind: 'overridden', override: overrideFromRow(retried), created: false };
      if (overrideOf(db, o.ballotId)) {
        return { kind: 'refused', message: 'This outcome has already been overturned once.' };
      }
      const decided = cached(db, 'SELECT * FROM vote_outcomes WHERE ballot_id = ?').get(o.ballotId) as
        | OutcomeRow
        | undefined;
      const ballot = getBallot(db, o.teamId, o.ballotId);
      const agent = ballot && getAgent(db, o.teamId, ballot.agentId);
      if (!decided || !ballot || !agent)
        return { kind: 'refused', message: 'This ballot has no outcome to overturn.' };
      if (decided.outcome === o.outcome) {
        return { kind: 'refused', message: 'That is already the outcome. Pick a different one.' };
      }
      const plan = planOverride({
        statusBeforeVote: decided.status_before,
        statusAfterVote: decided.status_after,
        currentStatus: agent.status,
        outcome: o.outcome,
      });
      if (!plan.ok) return { kind: 'refused', message: plan.message };
      if (plan.to !== agent.status) {
        moveAgent(db, {
          teamId: o.teamId,
          agentId: agent.id,
          actorId: o.actorId,
          at: o.at,
          from: agent.status,
          to: plan.to,
          scalingQuarter: plan.to === 'scaling' ? o.scalingQuarter : decided.scaling_quarter_before,
          cause: 'override',
          reason: o.reason,
        });
      }
      cached(
        db,
        `INSERT INTO vote_overrides (team_id, ballot_id, previous_outcome, outcome, reason, status_before, status_after,
         note, overridden_by, overridden_at, source_view_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        o.teamId,
        o.ballotId,
        decided.outcome,
        o.outcome,
        o.reason,
        agent.status,
        plan.to,
        plan.note,
        o.actorId,
        toIso(o.at),
        o.sourceViewId,
      );
      recordAudit(db, {
        teamId: o.teamId,
        actorId: o.actorId,
        entity: BALLOT_ENTITY,
        entityId: o.ballotId,
        action: 'override',
        before: { outcome: decided.outcome, status: agent.status },
        after: { outcome: o.outcome, status: plan.to, reason: o.reason },
        at: o.at,
      });
      const stored = overrideOf(db, o.ballotId);
      if (!stored) throw new Error(`Override of ballot ${o.ballotId} vanished inside its own transaction`);
      return { kind: 'overridden', override: stored, created: true };
    })
    .immediate();
}

// ---- Everything a ballot's message shows ----

export interface BallotState {
  readonly round: VoteRound;
  readonly ballot: Ballot;
  readonly votes: readonly CastVote[];
  readonly tally: Tally;
  readonly outcome: StoredOutcome | undefined;
  readonly override: StoredOverride | undefined;
}

export function ballotState(db: Db, round: VoteRound, ballot: Ballot): BallotState {
  return {
    round,
    ballot,
    votes: votesOn(db, ballot.id),
    tally: tallyBallot(db, round, ballot),
    outcome: outcomeOf(db, ballot.id),
    override: overrideOf(db, ballot.id),
  };
}

/**
 * Every ballot of the round, in ballot order: four queries for the round (ballots, votes, outcomes,
 * overrides), however many ballots it holds, instead of four per ballot.
 */
export function roundStates(db: Db, round: VoteRound): BallotState[] {
  const votes = new Map<number, CastVote[]>();
  const voteRows = cached(
    db,
    `SELECT v.ballot_id, v.voter_id, v.choice, v.cast_at, v.changed_at
       FROM vote_ballots b JOIN votes v ON v.ballot_id = b.id
      WHERE b.round_id = ? ORDER BY v.cast_at, v.id`,
  ).all(round.id) as (VoteRow & { ballot_id: number })[];
  for (const row of voteRows) {
    const onBallot = votes.get(row.ballot_id) ?? [];
    onBallot.push(voteFromRow(row));
    votes.set(row.ballot_id, onBallot);
  }
  /** One row per ballot of the round from `table`, keyed by ballot. */
  const perBallot = <Row extends { ballot_id: number }, T>(table: string, from: (row: Row) => T) =>
    new Map(
      (
        cached(
          db,
          `SELECT x.* FROM vote_ballots b JOIN ${table} x ON x.ballot_id = b.id WHERE b.round_id = ?`,
        ).all(round.id) as Row[]
      ).map((row) => [row.ballot_id, from(row)]),
    );
  const outcomes = perBallot('vote_outcomes', outcomeFromRow);
  const overrides = perBallot('vote_overrides', overrideFromRow);
  return ballotsOf(db, round.id).map((ballot) => {
    const cast = votes.get(ballot.id) ?? [];
    return {
      round,
      ballot,
      votes: cast,
      tally: tallyOf(round, ballot, cast),
      outcome: outcomes.get(ballot.id),
      override: overrides.get(ballot.id),
    };
  });
}
