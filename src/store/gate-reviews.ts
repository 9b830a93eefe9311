import { canTransition } from '../domain/agents.js';
import { type BarClaim, GATE_BAR_IDS, type GateBarId, type GateVerdict, judgeGate } from '../domain/gate.js';
import { AGENT_ENTITY, type Agent, changeAgentStatus, getAgent } from './agents.js';
import { recordAudit } from './audit.js';
import { cached, type Db } from './db.js';
import { parseFeedEvidence, type RecordedFeedEvidence } from './feeds.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

export type GateReviewState = 'pending' | 'passed' | 'failed' | 'sent_back';

export interface GateReview {
  readonly id: number;
  readonly teamId: string;
  readonly agentId: number;
  readonly claimantId: string;
  readonly claimedAt: Date;
  readonly state: GateReviewState;
  readonly reviewerId: string | null;
  readonly reviewedAt: Date | null;
  readonly reviewReason: string | null;
  /** In the order of the five bars. */
  readonly claims: readonly BarClaim[];
  /** What the agent's live feed proved when the claim was filed; null without a feed. */
  readonly feed: RecordedFeedEvidence | null;
}

interface ReviewRow {
  id: number;
  team_id: string;
  agent_id: number;
  claimant_id: string;
  claimed_at: string;
  state: GateReviewState;
  reviewer_id: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  feed_evidence: string | null;
}

interface ClaimRow {
  bar: GateBarId;
  pass: number;
  evidence: string;
}

function withClaims(db: Db, r: ReviewRow): GateReview {
  const rows = cached(db, 'SELECT bar, pass, evidence FROM gate_bar_claims WHERE review_id = ?').all(
    r.id,
  ) as ClaimRow[];
  const claims = rows
    .map((c) => ({ bar: c.bar, pass: c.pass === 1, evidence: c.evidence }))
    .sort((a, b) => GATE_BAR_IDS.indexOf(a.bar) - GATE_BAR_IDS.indexOf(b.bar));
  return {
    id: r.id,
    teamId: r.team_id,
    agentId: r.agent_id,
    claimantId: r.claimant_id,
    claimedAt: fromIso(r.claimed_at),
    state: r.state,
    reviewerId: r.reviewer_id,
    reviewedAt: fromIsoOrNull(r.reviewed_at),
    reviewReason: r.review_reason,
    claims,
    feed: parseFeedEvidence(r.feed_evidence),
  };
}

export function getGateReview(db: Db, teamId: string, reviewId: number): GateReview | undefined {
  const row = cached(db, 'SELECT * FROM gate_reviews WHERE team_id = ? AND id = ?').get(teamId, reviewId) as
    | ReviewRow
    | undefined;
  return row && withClaims(db, row);
}

/** Every review of one agent, newest first: the gate history kept with its evidence. */
export function reviewsForAgent(db: Db, teamId: string, agentId: number): GateReview[] {
  const rows = cached(
    db,
    'SELECT * FROM gate_reviews WHERE team_id = ? AND agent_id = ? ORDER BY claimed_at DESC, id DESC',
  ).all(teamId, agentId) as ReviewRow[];
  return rows.map((row) => withClaims(db, row));
}

export function pendingReviews(db: Db, teamId: string): GateReview[] {
  const rows = cached(
    db,
    "SELECT * FROM gate_reviews WHERE team_id = ? AND state = 'pending' ORDER BY claimed_at, id",
  ).all(teamId) as ReviewRow[];
  return rows.map((row) => withClaims(db, row));
}

export function pendingReviewFor(db: Db, teamId: string, agentId: number): GateReview | undefined {
  const row = cached(
    db,
    "SELECT * FROM gate_reviews WHERE team_id = ? AND agent_id = ? AND state = 'pending'",
  ).get(teamId, agentId) as ReviewRow | undefined;
  return row && withClaims(db, row);
}

/** The latest review state of each agent that has one, for lists that show one line per agent. */
export function latestReviewStates(db: Db, teamId: string): Map<number, GateReviewState> {
  const rows = cached(
    db,
    `SELECT agent_id, state FROM gate_reviews r
       WHERE team_id = ? AND id = (SELECT id FROM gate_reviews WHERE agent_id = r.agent_id ORDER BY claimed_at DESC, id DESC LIMIT 1)`,
  ).all(teamId) as { agent_id: number; state: GateReviewState }[];
  return new Map(rows.map((r) => [r.agent_id, r.state]));
}

export interface NewGateClaim {
  readonly teamId: string;
  readonly agentId: number;
  readonly claimantId: string;
  readonly at: Date;
  readonly claims: readonly BarClaim[];
  readonly feed: RecordedFeedEvidence | null;
  /** The checklist modal: a retried submission finds this review instead of filing another. */
  readonly sourceViewId: string;
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
export function fileGateClaim(db: Db, c: NewGateClaim): ClaimResult {
  return db
    .transaction((): ClaimResult => {
      const retried = cached(db, 'SELECT * FROM gate_reviews WHERE team_id = ? AND source_view_id = ?').get(
        c.teamId,
        c.sourceViewId,
      ) as ReviewRow | undefined;
      if (retried) {
        const review = withClaims(db, retried);
        return { kind: 'filed', review, verdict: judgeGate(review.claims), created: false };
      }
      const agent = getAgent(db, c.teamId, c.agentId);
      if (!agent) return { kind: 'not_found' };
      if (!canTransition(agent.status, 'production', 'gate')) return { kind: 'not_ready', agent };
      const pending = pendingReviewFor(db, c.teamId, c.agentId);
      if (pending) return { kind: 'already_pending', review: pending };
      const verdict = judgeGate(c.claims);
      const state: GateReviewState = verdict.passed ? 'pending' : 'failed';
      const info = cached(
        db,
        `INSERT INTO gate_reviews (team_id, agent_id, claimant_id, claimed_at, state, source_view_id, feed_evidence)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        c.teamId,
        c.agentId,
        c.claimantId,
        toIso(c.at),
        state,
        c.sourceViewId,
        c.feed === null ? null : JSON.stringify(c.feed),
      );
      const reviewId = Number(info.lastInsertRowid);
      const insertClaim = cached(
        db,
        'INSERT INTO gate_bar_claims (review_id, bar, pass, evidence) VALUES (?, ?, ?, ?)',
      );
      for (const claim of c.claims) insertClaim.run(reviewId, claim.bar, claim.pass ? 1 : 0, claim.evidence);
      recordAudit(db, {
        teamId: c.teamId,
        actorId: c.claimantId,
        entity: AGENT_ENTITY,
        entityId: c.agentId,
        action: 'gate_claim',
        after: { reviewId, state, failing: verdict.failing.map((f) => f.bar) },
        at: c.at,
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
  readonly at: Date;
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
export function decideGateReview(db: Db, d: GateDecision): DecisionResult {
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
      cached(
        db,
        `UPDATE gate_reviews SET state = ?, reviewer_id = ?, reviewed_at = ?, review_reason = ?
       WHERE team_id = ? AND id = ? AND state = 'pending'`,
      ).run(d.outcome, d.reviewerId, toIso(d.at), d.reason, d.teamId, d.reviewId);
      // The decision is recorded before the move it causes, so the agent's history reads in that order.
      recordAudit(db, {
        teamId: d.teamId,
        actorId: d.reviewerId,
        entity: AGENT_ENTITY,
        entityId: agent.id,
        action: 'gate_decision',
        before: { reviewId: review.id, state: 'pending' },
        after: { reviewId: review.id, state: d.outcome, ...(d.reason ? { reason: d.reason } : {}) },
        at: d.at,
      });
      if (passes) {
        const moved = changeAgentStatus(db, {
          teamId: d.teamId,
          agentId: agent.id,
          actorId: d.reviewerId,
          at: d.at,
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

export interface ReviewMessage {
  readonly userId: string;
  readonly channelId: string;
  readonly ts: string;
}

/** Remembers a DM that asked someone to confirm, so it can show the decision later. */
export function recordReviewMessage(db: Db, teamId: string, reviewId: number, m: ReviewMessage): void {
  cached(
    db,
    'INSERT OR REPLACE INTO gate_review_messages (review_id, team_id, user_id, channel_id, ts) VALUES (?, ?, ?, ?, ?)',
  ).run(reviewId, teamId, m.userId, m.channelId, m.ts);
}

export function reviewMessages(db: Db, teamId: string, reviewId: number): ReviewMessage[] {
  const rows = cached(
    db,
    'SELECT user_id, channel_id, ts FROM gate_review_messages WHERE team_id = ? AND review_id = ? ORDER BY user_id',
  ).all(teamId, reviewId) as { user_id: string; channel_id: string; ts: string }[];
  return rows.map((r) => ({ userId: r.user_id, channelId: r.channel_id, ts: r.ts }));
}
