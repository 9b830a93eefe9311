// The production gate: an owner claims the five bars, someone else confirms the claim or sends it back.

import { type Agent, canTransition } from '../domain/agents.js';
import type { RecordedFeedEvidence } from '../domain/feeds.js';
import {
  type BarClaim,
  type GateReview,
  type GateReviewState,
  type GateVerdict,
  judgeGate,
} from '../domain/gate.js';
import { AGENT_ENTITY, getAgent } from '../store/agents.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import {
  gateReviewFromView,
  getGateReview,
  insertGateReview,
  pendingReviewFor,
  setGateDecision,
} from '../store/gate-reviews.js';
import { moveAgent } from './registry.js';

export interface GateClaim {
  readonly teamId: string;
  readonly agentId: number;
  readonly claimantId: string;
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
  | { readonly kind: 'already_pending'; readonly review: GateReview }
  | { readonly kind: 'not_ready'; readonly agent: Agent }
  | { readonly kind: 'not_found' };

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
      const agent = getAgent(db, c.teamId, c.agentId);
      if (!agent) return { kind: 'not_found' };
      if (!canTransition(agent.status, 'production', 'gate')) return { kind: 'not_ready', agent };
      const pending = pendingReviewFor(db, c.teamId, c.agentId);
      if (pending) return { kind: 'already_pending', review: pending };
      const verdict = judgeGate(c.claims);
      const state: GateReviewState = verdict.passed ? 'pending' : 'failed';
      const reviewId = insertGateReview(db, { ...c, claimedAt: now, state });
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.claimantId,
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
  readonly outcome: Extract<GateReviewState, 'passed' | 'sent_back'>;
  readonly reason: string | null;
}

export type DecisionResult =
  | { readonly kind: 'decided'; readonly review: GateReview; readonly agent: Agent }
  | { readonly kind: 'already_decided'; readonly review: GateReview }
  | { readonly kind: 'agent_cannot_move'; readonly review: GateReview; readonly agent: Agent }
  | { readonly kind: 'not_found' };

/**
 * Confirms or sends back a pending claim. A confirmation moves the agent to production in the same
 * transaction. Only a pending review changes, so a second click finds it decided and changes nothing.
 * Who may decide is the caller's check (canConfirmGate), made before this is called.
 */
export function decideGate(db: Db, now: Date, d: GateDecision): DecisionResult {
  return db
    .transaction((): DecisionResult => {
      const review = getGateReview(db, d.teamId, d.reviewId);
      if (!review) return { kind: 'not_found' };
      if (review.state !== 'pending') return { kind: 'already_decided', review };
      const agent = getAgent(db, d.teamId, review.agentId);
      if (!agent) return { kind: 'not_found' };
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
