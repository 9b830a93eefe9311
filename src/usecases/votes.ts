// What leaders, the portfolio owner and the kill-or-scale ritual do to a vote. Each write runs in one
// IMMEDIATE transaction; no Slack call happens inside, the surfaces send what the result says.

import { type AgentStatus, canTransition } from '../domain/agents.js';
import { nextPeriod, type PeriodKey } from '../domain/calendar.js';
import {
  canOverride,
  lastJudgedMonth,
  OVERRIDE_REFUSALS,
  outcomeEffect,
  planOverride,
  sameVoteSettings,
  type VoteProgress,
  type VoteSettings,
} from '../domain/kill-or-scale.js';
import {
  canVote,
  eligibleVoters,
  type Outcome,
  quorumVoters,
  type Tally,
  tally,
  type VoteChoice,
} from '../domain/vote.js';
import {
  type Ballot,
  type BallotOutcome,
  type BallotState,
  ballotsAwaitingVote,
  type CastResult,
  type CastVote,
  castResult,
  type NewRound,
  type OutcomeOverride,
  standingOutcome,
  type VoteRound,
  voteIsOpen,
} from '../domain/vote-round.js';
import type { Workspace } from '../domain/workspace.js';
import { AGENT_ENTITY, getAgent } from '../store/agents.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { runningRuns } from '../store/ritual-runs.js';
import { toIso } from '../store/time.js';
import {
  BALLOT_ENTITY,
  ballotsOf,
  changeVote,
  currentChoice,
  getBallot,
  getRound,
  getRoundById,
  getVoteSettings,
  insertOutcome,
  insertOverride,
  insertRound,
  insertVote,
  lastDecisionByAgent,
  markRoundClosed,
  outcomeOf,
  outcomesOfRound,
  overrideFromView,
  overrideOf,
  overridesOfRound,
  ROUND_ENTITY,
  scalingQuarterOf,
  setAgentVoteStatus,
  updateVoteSettings,
  votedBallotIds,
  votesOfRound,
  votesOn,
} from '../store/votes.js';
import { monthComplete, reviewPostsBy } from './judged-months.js';

/** The actor recorded for what the scheduled ritual does by itself (open, close, apply outcomes). */
export const RITUAL_ACTOR = 'ritual:kill-or-scale';

// ---- Reads ----

/**
 * How the ballot's votes count right now, for the running tally and for the close. At the close, leaders away
 * that day leave the quorum's count unless they voted.
 */
function tallyBallot(db: Db, round: VoteRound, ballot: Ballot, awayAtClose: readonly string[] = []): Tally {
  return tallyOf(round, ballot, votesOn(db, ballot.id), awayAtClose);
}

function tallyOf(
  round: VoteRound,
  ballot: Ballot,
  votes: readonly CastVote[],
  awayAtClose: readonly string[] = [],
): Tally {
  return tally({
    votes,
    eligibleVoters: quorumVoters(eligibleVoters(round.leaderIds, ballot.ownerId), awayAtClose, votes),
    quorumFraction: round.quorumFraction,
  });
}

/**
 * What a ballot shows as its count: once closed, the count its outcome was decided on (leaders away at the close
 * left out, as the close counted them), so the final count and the outcome agree; before, the running count.
 */
function shownTally(
  round: VoteRound,
  ballot: Ballot,
  votes: readonly CastVote[],
  outcome: BallotOutcome | undefined,
): Tally {
  if (!outcome) return tallyOf(round, ballot, votes);
  return {
    counts: outcome.counts,
    voters: outcome.voters,
    eligible: outcome.eligible,
    quorumNeeded: outcome.quorumNeeded,
    quorumMet: outcome.outcome !== 'no_decision',
    outcome: outcome.outcome,
  };
}

export function ballotState(db: Db, round: VoteRound, ballot: Ballot): BallotState {
  const votes = votesOn(db, ballot.id);
  const outcome = outcomeOf(db, ballot.id);
  return {
    round,
    ballot,
    votes,
    tally: shownTally(round, ballot, votes, outcome),
    outcome,
    override: overrideOf(db, ballot.id),
  };
}

/**
 * Every ballot of the round, in ballot order: four queries for the round (ballots, votes, outcomes,
 * overrides), however many ballots it holds, instead of four per ballot.
 */
export function roundStates(db: Db, round: VoteRound): BallotState[] {
  const votes = votesOfRound(db, round.id);
  const outcomes = outcomesOfRound(db, round.id);
  const overrides = overridesOfRound(db, round.id);
  return ballotsOf(db, round.id).map((ballot) => {
    const cast = votes.get(ballot.id) ?? [];
    const outcome = outcomes.get(ballot.id);
    return {
      round,
      ballot,
      votes: cast,
      tally: shownTally(round, ballot, cast, outcome),
      outcome,
      override: overrides.get(ballot.id),
    };
  });
}

/** Ballots of the round the leader may vote on and has not voted on yet. */
export function ballotsAwaiting(db: Db, round: VoteRound, leaderId: string): Ballot[] {
  if (!round.leaderIds.includes(leaderId)) return [];
  return ballotsAwaitingVote(
    round,
    ballotsOf(db, round.id),
    leaderId,
    votedBallotIds(db, round.id, leaderId),
  );
}

/** The decision that stands from each agent's latest closed ballot before `beforeQuarter`. */
export function lastOutcomeByAgent(db: Db, teamId: string, beforeQuarter: PeriodKey): Map<number, Outcome> {
  const decisions = lastDecisionByAgent(db, teamId, beforeQuarter);
  return new Map(
    [...decisions].map(([agentId, d]) => [agentId, standingOutcome(d.voted, d.override)] as const),
  );
}

// ---- Settings ----

/** The workspace row must exist (every surface ensures it first). Saving what is already there writes nothing. */
export function saveVoteSettings(
  db: Db,
  now: Date,
  p: { teamId: string; actorId: string; settings: VoteSettings },
): void {
  db.transaction(() => {
    const before = getVoteSettings(db, p.teamId);
    if (sameVoteSettings(before, p.settings)) return;
    updateVoteSettings(db, { ...p, at: now });
    recordAudit(db, {
      teamId: p.teamId,
      actorId: p.actorId,
      entity: 'workspace',
      entityId: p.teamId,
      action: 'vote_settings',
      before,
      after: p.settings,
      at: now,
    });
  }).immediate();
}

// ---- Opening ----

/**
 * Opens the quarter's round with its ballots once: a second call for the same quarter returns the round
 * the first one stored and changes nothing.
 */
export function openRound(db: Db, r: NewRound): VoteRound {
  return db
    .transaction((): VoteRound => {
      const existing = getRound(db, r.teamId, r.quarter);
      if (existing) return existing;
      const roundId = insertRound(db, r);
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

// ---- Voting ----

export type VoteResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly round: VoteRound; readonly ballot: Ballot; readonly message: string }
  | {
      readonly kind: CastResult;
      readonly round: VoteRound;
      readonly ballot: Ballot;
    };

/**
 * Records a leader's vote. The same choice again (a double click, a retried request) writes nothing; a
 * different choice replaces the current vote, and the audit row keeps the one it replaced. The round is read
 * inside the transaction, so a close by another process (the CLI's heartbeat) is never voted past.
 */
export function castVote(
  db: Db,
  now: Date,
  v: { teamId: string; ballotId: number; voterId: string; choice: VoteChoice },
): VoteResult {
  return db
    .transaction((): VoteResult => {
      const ballot = getBallot(db, v.teamId, v.ballotId);
      const round = ballot && getRoundById(db, v.teamId, ballot.roundId);
      if (!ballot || !round) return { kind: 'missing' };
      const eligibility = canVote({
        voterId: v.voterId,
        leaders: round.leaderIds,
        ownerId: ballot.ownerId,
        closed: !voteIsOpen(round, now),
      });
      if (!eligibility.ok) return { kind: 'refused', round, ballot, message: eligibility.message };
      const current = currentChoice(db, ballot.id, v.voterId);
      const result = castResult(current, v.choice);
      if (result === 'unchanged') return { kind: result, round, ballot };
      const write = { teamId: v.teamId, ballotId: ballot.id, voterId: v.voterId, choice: v.choice, at: now };
      if (current === undefined) insertVote(db, write);
      else changeVote(db, write);
      recordAudit(db, {
        teamId: v.teamId,
        actorId: v.voterId,
        entity: BALLOT_ENTITY,
        entityId: ballot.id,
        action: current === undefined ? 'vote' : 'vote_change',
        ...(current === undefined ? {} : { before: { choice: current } }),
        after: { choice: v.choice },
        at: now,
      });
      return { kind: result, round, ballot };
    })
    .immediate();
}

// ---- Closing ----

/**
 * Closes the round once: counts every ballot, stores its outcome and applies it to the agent, all in one
 * transaction. Returns false when the round was already closed (a second heartbeat, a restart).
 */
export function closeRound(
  db: Db,
  now: Date,
  p: {
    teamId: string;
    roundId: number;
    overrideUntil: Date;
    reason: string;
    /** Leaders away on the day of the close. */
    awayLeaders?: readonly string[];
  },
): boolean {
  return db
    .transaction((): boolean => {
      const round = getRoundById(db, p.teamId, p.roundId);
      if (round?.state !== 'open') return false;
      markRoundClosed(db, round.id, now, p.overrideUntil);
      const summary: Record<number, Outcome> = {};
      for (const ballot of ballotsOf(db, round.id)) {
        const counted = tallyBallot(db, round, ballot, p.awayLeaders);
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
            at: now,
            from: agent.status,
            to: effect.to,
            scalingQuarter: effect.to === 'scaling' ? round.quarter : scalingBefore,
            cause: 'vote',
            reason: p.reason,
          });
        }
        const statusAfter = effect.to ?? agent.status;
        insertOutcome(db, {
          teamId: p.teamId,
          ballotId: ballot.id,
          tally: counted,
          statusBefore: agent.status,
          statusAfter,
          scalingQuarterBefore: scalingBefore,
          note: effect.note,
          at: now,
        });
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
          at: now,
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
        at: now,
      });
      return true;
    })
    .immediate();
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

/** A status the vote (or its override) decided, as one 'status' audit row in the registry's own shape. */
function moveAgent(db: Db, m: AgentMove): void {
  setAgentVoteStatus(db, m);
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

// ---- Overriding ----

export type OverrideResult =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly message: string }
  | {
      readonly kind: 'overridden';
      readonly round: VoteRound;
      readonly ballot: Ballot;
      readonly override: OutcomeOverride;
      /** False for a retried submission of the same modal: nothing new to announce. */
      readonly created: boolean;
    };

/**
 * Replaces a ballot's outcome with the portfolio owner's, applies it to the agent and records both, in one
 * transaction: who may do it and when (the domain's canOverride), then whether the agent can still be moved,
 * against the registry as it stands.
 */
export function overrideOutcome(
  db: Db,
  now: Date,
  o: {
    teamId: string;
    ballotId: number;
    outcome: VoteChoice;
    reason: string;
    actorId: string;
    portfolioOwnerId: string | null;
    sourceViewId: string;
  },
): OverrideResult {
  return db
    .transaction((): OverrideResult => {
      const ballot = getBallot(db, o.teamId, o.ballotId);
      const round = ballot && getRoundById(db, o.teamId, ballot.roundId);
      if (!ballot || !round) return { kind: 'missing' };
      // Whether it was already overridden is asked below: a retry of this very modal is not a second override.
      const eligibility = canOverride({
        userId: o.actorId,
        portfolioOwnerId: o.portfolioOwnerId,
        now,
        closedAt: round.closedAt,
        overrideUntil: round.overrideUntil,
        alreadyOverridden: false,
      });
      if (!eligibility.ok) return { kind: 'refused', message: eligibility.message };
      const retried = overrideFromView(db, o.teamId, o.sourceViewId);
      if (retried) return { kind: 'overridden', round, ballot, override: retried, created: false };
      if (overrideOf(db, ballot.id)) return { kind: 'refused', message: OVERRIDE_REFUSALS.alreadyOverridden };
      const decided = outcomeOf(db, ballot.id);
      const agent = getAgent(db, o.teamId, ballot.agentId);
      if (!decided || !agent) return { kind: 'refused', message: OVERRIDE_REFUSALS.noOutcome };
      if (decided.outcome === o.outcome) return { kind: 'refused', message: OVERRIDE_REFUSALS.sameOutcome };
      const plan = planOverride({
        statusBeforeVote: decided.statusBefore,
        statusAfterVote: decided.statusAfter,
        currentStatus: agent.status,
        outcome: o.outcome,
      });
      if (!plan.ok) return { kind: 'refused', message: plan.message };
      if (plan.to !== agent.status) {
        moveAgent(db, {
          teamId: o.teamId,
          agentId: agent.id,
          actorId: o.actorId,
          at: now,
          from: agent.status,
          to: plan.to,
          scalingQuarter: plan.to === 'scaling' ? round.quarter : decided.scalingQuarterBefore,
          cause: 'override',
          reason: o.reason,
        });
      }
      insertOverride(db, {
        teamId: o.teamId,
        ballotId: ballot.id,
        previousOutcome: decided.outcome,
        outcome: o.outcome,
        reason: o.reason,
        statusBefore: agent.status,
        statusAfter: plan.to,
        note: plan.note,
        overriddenBy: o.actorId,
        at: now,
        sourceViewId: o.sourceViewId,
      });
      recordAudit(db, {
        teamId: o.teamId,
        actorId: o.actorId,
        entity: BALLOT_ENTITY,
        entityId: ballot.id,
        action: 'override',
        before: { outcome: decided.outcome, status: agent.status },
        after: { outcome: o.outcome, status: plan.to, reason: o.reason },
        at: now,
      });
      const stored = overrideOf(db, ballot.id);
      if (!stored) throw new Error(`Override of ballot ${ballot.id} vanished inside its own transaction`);
      return { kind: 'overridden', round, ballot, override: stored, created: true };
    })
    .immediate();
}

/** Where the quarter's round stands, as the Home tab and `/maturity votes` both say it. */
export function voteProgress(db: Db, workspace: Workspace, now: Date): VoteProgress {
  const run = runningRuns(db, workspace.teamId, 'kill-or-scale').at(-1);
  if (!run) return { kind: 'none' };
  const round = getRound(db, workspace.teamId, run.period);
  if (round) return { kind: round.state === 'open' ? 'open' : 'closing', round };
  const month = lastJudgedMonth(run.period);
  if (monthComplete(db, workspace, month, now)) return { kind: 'waiting-for-settings', quarter: run.period };
  return {
    kind: 'waiting-for-review',
    quarter: run.period,
    month,
    by: reviewPostsBy(db, workspace, nextPeriod(month)),
  };
}
