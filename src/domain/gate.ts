import type { RecordedFeedEvidence } from './feeds.js';
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

/**
 * Separation of duties: the portfolio owner or a leader confirms a gate review, and never one
 * they claimed themselves or one for an agent they own.
 */
export function canConfirmGate(p: {
  confirmerId: string;
  claimantId: string;
  ownerId: string;
  portfolioOwnerId: string | null;
  leaders: readonly string[];
}): { ok: true } | { ok: false; reason: ConfirmRefusal; message: string } {
  if (p.confirmerId === p.claimantId) {
    return {
      ok: false,
      reason: 'own_claim',
      message: 'You filed this gate review, so someone else has to confirm it.',
    };
  }
  if (p.confirmerId === p.ownerId) {
    return {
      ok: false,
      reason: 'is_owner',
      message: 'You own this agent, so someone else has to confirm its gate.',
    };
  }
  if (p.confirmerId !== p.portfolioOwnerId && !p.leaders.includes(p.confirmerId)) {
    return {
      ok: false,
      reason: 'not_reviewer',
      message: 'Only the portfolio owner or a leader can confirm a gate review.',
    };
  }
  return { ok: true };
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
