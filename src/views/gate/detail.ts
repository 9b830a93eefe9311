// A gate claim as its reviewer sees it, with the confirm and send-back buttons while it is pending.

import type { KnownBlock, ModalView } from '@slack/types';
import type { Agent } from '../../domain/agents.js';
import { GATE_BARS, type GateReview } from '../../domain/gate.js';
import { recordedFeedLine } from '../feeds/format.js';
import { actions, type ButtonSpec, header, modal, recordMetadata, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import {
  FEED_BARS,
  GATE_CONFIRM_ACTION_ID,
  GATE_DECISION_BLOCK_ID,
  GATE_REVIEW_OPEN_ACTION_ID,
  GATE_SEND_BACK_ACTION_ID,
} from './ids.js';
import { quoted } from './text.js';

/** One section per bar: five notes of up to 1,000 characters would not fit in one section's 3,000. */
function claimSections(review: GateReview): KnownBlock[] {
  return GATE_BARS.map((bar, i) => {
    const claim = review.claims.find((c) => c.bar === bar.id);
    const mark = claim?.pass ? 'Met' : 'Not met';
    const feed = review.feed && FEED_BARS.includes(bar.id) ? `\n${recordedFeedLine(review.feed)}` : '';
    return section(
      `*${i + 1}. ${escapeMrkdwn(bar.title)}:* ${mark}\n${quoted(claim?.evidence ?? '')}${feed}`,
      `gate_review_claim_${bar.id}`,
    );
  });
}

function decisionText(review: GateReview, timeZone: string): string | null {
  if (!review.reviewerId || !review.reviewedAt) return null;
  const when = formatDate(review.reviewedAt, timeZone);
  return review.state === 'passed'
    ? `Confirmed by ${mention(review.reviewerId)} on ${when}. The agent is in production.`
    : `Sent back by ${mention(review.reviewerId)} on ${when}: ${quoted(review.reviewReason ?? '')}`;
}

/** The claim with its evidence, and Confirm / Send back while it waits; once decided, who decided and when. */
export function gateReviewBlocks(a: Agent, review: GateReview, timeZone: string): KnownBlock[] {
  const value = String(review.id);
  const decided = decisionText(review, timeZone);
  return [
    header(`Gate review: ${a.name}`),
    section(
      `${mention(review.claimantId)} claims *${escapeMrkdwn(a.name)}* clears all five bars of the production gate. Owner: ${mention(a.ownerId)}. Check the evidence, then confirm it or send it back.`,
      'gate_review_intro',
    ),
    ...claimSections(review),
    decided
      ? section(decided, GATE_DECISION_BLOCK_ID)
      : actions(GATE_DECISION_BLOCK_ID, [
          { text: 'Confirm', actionId: GATE_CONFIRM_ACTION_ID, value, style: 'primary' },
          { text: 'Send back', actionId: GATE_SEND_BACK_ACTION_ID, value },
        ]),
  ];
}

export function gateReviewText(a: Agent, review: GateReview): string {
  const name = escapeMrkdwn(a.name);
  return review.state === 'pending'
    ? `Gate review for ${name}: confirm it or send it back.`
    : `Gate review for ${name}: ${review.state === 'passed' ? 'confirmed' : 'sent back'}.`;
}

export function gateReviewModal(a: Agent, review: GateReview, timeZone: string): ModalView {
  return modal({
    callbackId: 'gate_review',
    title: 'Gate review',
    privateMetadata: recordMetadata(review.id),
    blocks: gateReviewBlocks(a, review, timeZone),
  });
}

export function reviewGateButton(reviewId: number): ButtonSpec {
  return { text: 'Review the claim', actionId: GATE_REVIEW_OPEN_ACTION_ID, value: String(reviewId) };
}
