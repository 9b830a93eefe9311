import type { RecordedFeedEvidence } from '../domain/feeds.js';
import {
  type BarClaim,
  GATE_BAR_IDS,
  type GateBarId,
  type GateReview,
  type GateReviewState,
  type ReviewMessage,
} from '../domain/gate.js';
import { cached, type Db } from './db.js';
import { parseFeedEvidence } from './feeds.js';
import { fromIso, fromIsoOrNull, toIso } from './time.js';

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
    feed: parseFeedEvidence(r.feed_evidence, r.id),
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

/** The review a checklist modal filed, so a retried submission finds it instead of filing another. */
export function gateReviewFromView(db: Db, teamId: string, sourceViewId: string): GateReview | undefined {
  const row = cached(db, 'SELECT * FROM gate_reviews WHERE team_id = ? AND source_view_id = ?').get(
    teamId,
    sourceViewId,
  ) as ReviewRow | undefined;
  return row && withClaims(db, row);
}

/** Adds a review with its five bar claims and returns its id. */
export function insertGateReview(
  db: Db,
  r: {
    teamId: string;
    agentId: number;
    claimantId: string;
    claimedAt: Date;
    state: GateReviewState;
    claims: readonly BarClaim[];
    sourceViewId: string;
    feed: RecordedFeedEvidence | null;
  },
): number {
  const info = cached(
    db,
    `INSERT INTO gate_reviews (team_id, agent_id, claimant_id, claimed_at, state, source_view_id, feed_evidence)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.teamId,
    r.agentId,
    r.claimantId,
    toIso(r.claimedAt),
    r.state,
    r.sourceViewId,
    r.feed === null ? null : JSON.stringify(r.feed),
  );
  const reviewId = Number(info.lastInsertRowid);
  const insertClaim = cached(
    db,
    'INSERT INTO gate_bar_claims (review_id, bar, pass, evidence) VALUES (?, ?, ?, ?)',
  );
  for (const claim of r.claims) insertClaim.run(reviewId, claim.bar, claim.pass ? 1 : 0, claim.evidence);
  return reviewId;
}

/** Records the decision on a review still pending; a decided one is left as it is. */
export function setGateDecision(
  db: Db,
  d: {
    teamId: string;
    reviewId: number;
    reviewerId: string;
    reviewedAt: Date;
    state: GateReviewState;
    reason: string | null;
  },
): void {
  cached(
    db,
    `UPDATE gate_reviews SET state = ?, reviewer_id = ?, reviewed_at = ?, review_reason = ?
   WHERE team_id = ? AND id = ? AND state = 'pending'`,
  ).run(d.state, d.reviewerId, toIso(d.reviewedAt), d.reason, d.teamId, d.reviewId);
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
