// The production gate: an owner claims the five bars, someone else confirms the claim or sends it back.

import { type Agent, canTransition } from '../domain/agents.js';
import type { RecordedFeedEvidence } from '../domain/feeds.js';
import {
  type BarClaim,
  type GateClaimRefusal,
  type GateDecisionRefusal,
  type GateReview,
  type GateReviewState,
  type GateVerdict,
  gateClaimRefusal,
  gateDecisionRefusal,
  judgeGate,
} from '../domain/gate.js';
import type { Person } from '../domain/roles.js';
import { AGENT_ENTITY, getAgent, listAgents } from '../store/agents.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  gateReviewFromView,
  getGateReview,
  insertGateReview,
  pendingReviewFor,
  setGateDecision,
} from '../store/gate-reviews.js';
import { portfolioOwnerOf } from '../store/workspaces.js';
import { moveAgent } from './registry.js';

export interface GateClaim {
  readonly teamId: string;
  readonly agentId: number;
  /** Who files it: whether they may is decided here (gateClaimRefusal), not by the surface. */
  readonly claimant: Person;
  readonly claims: readonly BarClaim[];
  /** The checklist modal: a retried submission finds this review instead of filing another. */
  readonly sourceViewId: string;
  /** What the agent's live feed proves at the claim, kept with it; null without a feed. */
  readonly feed: RecordedFeedEvidence | null;
}

export type ClaimResult =
  | {
      readonly kind: 'filed';
      readonly review: GateReview;
      readonly verdict: GateVerdict;
      readonly created: boolean;
    }
  | { readonly kind: 'refused'; readonly agent: Agent; readonly refusal: GateClaimRefusal }
  | { readonly kind: 'not_found' };

/** Whether this person may file a gate claim for the agent now: the checklist opens only when they may. */
export type ClaimCheck =
  | { readonly kind: 'ready'; readonly agent: Agent }
  | Extract<ClaimResult, { kind: 'refused' | 'not_found' }>;

function claimCheck(db: Db, p: { teamId: string; agentId: number; person: Person }): ClaimCheck {
  const agent = getAgent(db, p.teamId, p.agentId);
  if (!agent) return { kind: 'not_found' };
  const refusal = gateClaimRefusal({
    person: p.person,
    agent,
    portfolioOwnerId: portfolioOwnerOf(db, p.teamId),
    pending: pendingReviewFor(db, p.teamId, agent.id),
  });
  return refusal ? { kind: 'refused', agent, refusal } : { kind: 'ready', agent };
}

/** Before the checklist opens (and again when it is submitted): may this person claim the gate now? */
export function checkGateClaim(db: Db, p: { teamId: string; agentId: number; person: Person }): ClaimCheck {
  return db.transaction(() => claimCheck(db, p))();
}

/** The agents this person could file a gate claim for now, for the Home tab's picker. */
export function gateCandidates(db: Db, p: { teamId: string; person: Person }): Agent[] {
  return db.transaction(() =>
    listAgents(db, p.teamId).filter((agent) => claimCheck(db, { ...p, agentId: agent.id }).kind === 'ready'),
  )();
}

/**
 * Files a gate claim with its five bars. All five met: pending, until someone else confirms it.
 * Any bar not met: failed at once, and kept, because a failed gate is history too.
 */
export function claimGate(db: Db, now: Date, c: GateClaim): ClaimResult {
  return db
    .transaction((): ClaimResult => {
      const retried = gateReviewFromView(db, c.teamId, c.sourceViewId);
      if (retried)
        return { kind: 'filed', review: retried, verdict: judgeGate(retried.claims), created: false };
      const check = claimCheck(db, { teamId: c.teamId, agentId: c.agentId, person: c.claimant });
      if (check.kind !== 'ready') return check;
      const verdict = judgeGate(c.claims);
      const state: GateReviewState = verdict.passed ? 'pending' : 'failed';
      const reviewId = insertGateReview(db, { ...c, claimantId: c.claimant.userId, claimedAt: now, state });
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.claimant.userId,
        entity: AGENT_ENTITY,
        entityId: c.agentId,
        action: 'gate_claim',
        after: { reviewId, state, failing: verdict.failing.map((f) => f.bar) },
        at: now,
      });
      const review = getGateReview(db, c.teamId, reviewId);
      if (!review) throw new Error(`Gate review ${reviewId} vanished inside its own transaction`);
      return { kind: 'filed', review, verdict, created: true };
    })
    .immediate();
}

export interface GateDecision {
  readonly teamId: string;
  readonly reviewId: number;
  readonly reviewerId: string;
  /** The leadership as Slack knows it now: with the portfolio owner, who may decide (gateDecisionRefusal). */
  readonly leaders: readonly string[];
  readonly outcome: Extract<GateReviewState, 'passed' | 'sent_back'>;
  readonly reason: string | null;
}

export type DecisionResult =
  | { readonly kind: 'decided'; readonly review: GateReview; readonly agent: Agent }
  | {
      readonly kind: 'refused';
      readonly review: GateReview;
      readonly agent: Agent;
      readonly refusal: GateDecisionRefusal;
    }
  | { readonly kind: 'agent_cannot_move'; readonly review: GateReview; readonly agent: Agent }
  | { readonly kind: 'not_found' };

export type DecisionCheck =
  | { readonly kind: 'ready'; readonly review: GateReview; readonly agent: Agent }
  | Extract<DecisionResult, { kind: 'refused' | 'not_found' }>;

type Decider = Pick<GateDecision, 'teamId' | 'reviewId' | 'reviewerId' | 'leaders'>;

function decisionCheck(db: Db, d: Decider): DecisionCheck {
  const review = getGateReview(db, d.teamId, d.reviewId);
  const agent = review && getAgent(db, d.teamId, review.agentId);
  if (!review || !agent) return { kind: 'not_found' };
  const refusal = gateDecisionRefusal(review, agent, {
    confirmerId: d.reviewerId,
    portfolioOwnerId: portfolioOwnerOf(db, d.teamId),
    leaders: d.leaders,
  });
  return refusal ? { kind: 'refused', review, agent, refusal } : { kind: 'ready', review, agent };
}

/** Before the send-back form opens: may this person decide on the claim now? */
export function checkGateDecision(db: Db, d: Decider): DecisionCheck {
  return db.transaction(() => decisionCheck(db, d))();
}

/**
 * Confirms or sends back a pending claim. A confirmation moves the agent to production in the same
 * transaction. Only a pending review changes, so a second click finds it decided and changes nothing; only
 * someone gateDecisionRefusal allows decides.
 */
export function decideGate(db: Db, now: Date, d: GateDecision): DecisionResult {
  return db
    .transaction((): DecisionResult => {
      const check = decisionCheck(db, d);
      if (check.kind !== 'ready') return check;
      const { review, agent } = check;
      const passes = d.outcome === 'passed';
      if (passes && !canTransition(agent.status, 'production', 'gate')) {
        return { kind: 'agent_cannot_move', review, agent };
      }
      setGateDecision(db, { ...d, reviewedAt: now, state: d.outcome });
      // The decision is recorded before the move it causes, so the agent's history reads in that order.
      recordAudit(db, {
        teamId: d.teamId,
        actorId: d.reviewerId,
        entity: AGENT_ENTITY,
        entityId: agent.id,
        action: 'gate_decision',
        before: { reviewId: review.id, state: 'pending' },
        after: { reviewId: review.id, state: d.outcome, ...(d.reason ? { reason: d.reason } : {}) },
        at: now,
      });
      if (passes) {
        const moved = moveAgent(db, now, {
          teamId: d.teamId,
          agentId: agent.id,
          actorId: d.reviewerId,
          to: 'production',
          cause: 'gate',
        });
        // canTransition said yes a moment ago in this same transaction; throwing rolls the decision back.
        if (moved.kind !== 'moved') throw new Error(`Agent ${agent.id} could not move to production`);
      }
      const decided = getGateReview(db, d.teamId, d.reviewId);
      const after = getAgent(db, d.teamId, agent.id);
      if (!decided || !after)
        throw new Error(`Gate review ${d.reviewId} vanished inside its own transaction`);
      return { kind: 'decided', review: decided, agent: after };
    })
    .immediate();
}
