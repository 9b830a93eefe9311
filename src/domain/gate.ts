import { type Agent, canTransition } from './agents.js';
import type { RecordedFeedEvidence } from './feeds.js';
import { canManageAgent, type Person } from './roles.js';

export const GATE_BAR_IDS = ['realData', 'writesBack', 'handsOff', 'namedOwner', 'monitoring'] as const;
export type GateBarId = (typeof GATE_BAR_IDS)[number];

export interface GateBar {
  readonly id: GateBarId;
  readonly title: string;
  readonly question: string;
  readonly hint: string;
}

export const GATE_BARS: readonly GateBar[] = [
  {
    id: 'realData',
    title: 'Hits its metric on real data',
    question: 'Does it hit its metric on real production data, not curated demo data?',
    hint: 'Say which data and what result, e.g. "last 30 days of real orders, 94% entered without a touch".',
  },
  {
    id: 'writesBack',
    title: 'Writes back to the system of record',
    question: 'Does it write its results back to the ERP, MES or other system of record?',
    hint: 'Name the system and what it writes. A side spreadsheet or an email does not count.',
  },
  {
    id: 'handsOff',
    title: 'Hands unsure cases to a person',
    question: 'Does it hand cases below its confidence threshold to a person, cleanly?',
    hint: 'Say who gets them and where, e.g. "a queue in the ERP the buyer clears each morning".',
  },
  {
    id: 'namedOwner',
    title: 'Has a named owner who reports its number',
    question: 'Does one named person own it and report its dollar number?',
    hint: 'One person by name, not a team, and the dollar number they report.',
  },
  {
    id: 'monitoring',
    title: 'Monitoring shows drift before a customer does',
    question: 'Does its monitoring show drift before a customer notices?',
    hint: 'Say what is watched, the alert threshold and who gets the alert.',
  },
];

/** The claimant's answer for one bar, with what shows it. */
export interface BarClaim {
  readonly bar: GateBarId;
  readonly pass: boolean;
  readonly evidence: string;
}

export interface GateVerdict {
  readonly passed: boolean;
  readonly failing: readonly { bar: GateBarId; reason: string }[];
}

function barFailure(claims: readonly BarClaim[]): string | null {
  const [claim, ...more] = claims;
  if (claim === undefined) return 'Not answered.';
  if (more.length > 0) return 'Answered more than once. Give one answer per bar.';
  if (!claim.pass) return 'Marked as not met.';
  if (claim.evidence.trim() === '') return 'Marked as met, but with no evidence. Say what shows it.';
  return null;
}

/** An agent is in production only when all five bars are met, each with evidence someone can check. */
export function judgeGate(claims: readonly BarClaim[]): GateVerdict {
  const failing = GATE_BAR_IDS.flatMap((bar) => {
    const reason = barFailure(claims.filter((claim) => claim.bar === bar));
    return reason === null ? [] : [{ bar, reason }];
  });
  return { passed: failing.length === 0, failing };
}

export type ConfirmRefusal = 'own_claim' | 'is_owner' | 'not_reviewer';

/** Who is deciding on a claim, and the people the settings make reviewers. */
export interface GateDecider {
  readonly confirmerId: string;
  readonly portfolioOwnerId: string | null;
  readonly leaders: readonly string[];
}

const CONFIRM_REFUSALS: Record<ConfirmRefusal, string> = {
  own_claim: 'You filed this gate review, so someone else has to confirm it.',
  is_owner: 'You own this agent, so someone else has to confirm its gate.',
  not_reviewer: 'Only the portfolio owner or a leader can confirm a gate review.',
};

/**
 * Separation of duties: the portfolio owner or a leader confirms a gate review, and never one
 * they claimed themselves or one for an agent they own.
 */
export function canConfirmGate(
  p: GateDecider & { claimantId: string; ownerId: string },
): { ok: true } | { ok: false; reason: ConfirmRefusal; message: string } {
  const reason: ConfirmRefusal | null =
    p.confirmerId === p.claimantId
      ? 'own_claim'
      : p.confirmerId === p.ownerId
        ? 'is_owner'
        : p.confirmerId !== p.portfolioOwnerId && !p.leaders.includes(p.confirmerId)
          ? 'not_reviewer'
          : null;
  return reason === null ? { ok: true } : { ok: false, reason, message: CONFIRM_REFUSALS[reason] };
}

/** The people asked to confirm a claim: the portfolio owner and the leaders, minus anyone the gate rule excludes. */
export function gateReviewers(p: {
  claimantId: string;
  ownerId: string;
  portfolioOwnerId: string | null;
  leaders: readonly string[];
}): string[] {
  const candidates = [...new Set([...(p.portfolioOwnerId ? [p.portfolioOwnerId] : []), ...p.leaders])];
  return candidates.filter((confirmerId) => canConfirmGate({ ...p, confirmerId }).ok);
}

/** Why a gate claim cannot be filed for an agent now. */
export type GateClaimRefusal =
  | { readonly kind: 'not_allowed' }
  | { readonly kind: 'still_proposed' }
  | { readonly kind: 'already_passed'; readonly passedAt: Date }
  | { readonly kind: 'retired' }
  | { readonly kind: 'already_pending'; readonly review: GateReview };

/**
 * Whether this person may file a gate claim for this agent now, or why not: only those who manage it
 * (canManageAgent), only from pilot, and one waiting claim at a time (`pending`).
 */
export function gateClaimRefusal(p: {
  person: Person;
  agent: Agent;
  portfolioOwnerId: string | null;
  pending: GateReview | undefined;
}): GateClaimRefusal | null {
  const { agent } = p;
  if (!canManageAgent(p.person, agent, p.portfolioOwnerId)) return { kind: 'not_allowed' };
  if (agent.status === 'proposed') return { kind: 'still_proposed' };
  if (!canTransition(agent.status, 'production', 'gate')) {
    return agent.gatePassedAt
      ? { kind: 'already_passed', passedAt: agent.gatePassedAt }
      : { kind: 'retired' };
  }
  return p.pending ? { kind: 'already_pending', review: p.pending } : null;
}

/** Why a claim cannot be confirmed or sent back by this person now. */
export type GateDecisionRefusal =
  | { readonly kind: 'already_decided'; readonly review: GateReview }
  | { readonly kind: 'not_allowed'; readonly reason: ConfirmRefusal; readonly message: string };

/** Only a pending claim is decided, and only by someone canConfirmGate allows. */
export function gateDecisionRefusal(
  review: GateReview,
  agent: Pick<Agent, 'ownerId'>,
  decider: GateDecider,
): GateDecisionRefusal | null {
  if (review.state !== 'pending') return { kind: 'already_decided', review };
  const verdict = canConfirmGate({ ...decider, claimantId: review.claimantId, ownerId: agent.ownerId });
  return verdict.ok ? null : { kind: 'not_allowed', reason: verdict.reason, message: verdict.message };
}

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

export interface ReviewMessage {
  readonly userId: string;
  readonly channelId: string;
  readonly ts: string;
}
