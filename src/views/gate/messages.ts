// What the claimant is told: the bars that failed, who was asked to confirm, what became of the claim.

import type { ModalView } from '@slack/types';
import type { Agent } from '../../domain/agents.js';
import {
  type BarClaim,
  GATE_BARS,
  type GateBar,
  type GateBarId,
  type GateClaimRefusal,
  type GateDecisionRefusal,
  type GateReview,
  type GateVerdict,
} from '../../domain/gate.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { manageRefusal } from '../agents/messages.js';
import { context, modal, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import { GATE_CALLBACK_ID } from './ids.js';
import { quoted } from './text.js';

const barOf = (id: GateBarId): GateBar =>
  GATE_BARS.find((b) => b.id === id) ?? { id, title: id, question: id, hint: '' };

/** Which bars fail and why, with what the claimant wrote. */
export function failingBarsText(verdict: GateVerdict, claims: readonly BarClaim[]): string {
  return verdict.failing
    .map(({ bar, reason }) => {
      const note = claims.find((c) => c.bar === bar)?.evidence ?? '';
      return `• *${escapeMrkdwn(barOf(bar).title)}:* ${reason}${note ? ` Your note: ${quoted(note)}` : ''}`;
    })
    .join('\n');
}

export function gateFailedModal(a: Agent, verdict: GateVerdict, claims: readonly BarClaim[]): ModalView {
  const count = verdict.failing.length;
  return modal({
    callbackId: `${GATE_CALLBACK_ID}_failed`,
    title: 'Gate not passed',
    close: 'Done',
    blocks: [
      section(
        `*${escapeMrkdwn(a.name)}* does not pass the gate: ${count} of 5 bars ${count === 1 ? 'is' : 'are'} not met. It stays in pilot.`,
        'gate_failed',
      ),
      section(failingBarsText(verdict, claims), 'gate_failing_bars'),
      context(['The claim is kept in the agent history. Fix what fails, then run the gate again.']),
    ],
  });
}

export function gateSentModal(a: Agent, reviewers: readonly string[]): ModalView {
  const who =
    reviewers.length > 0
      ? `${reviewers.map(mention).join(', ')} can confirm it, and each got a message with your evidence. You will get a DM with the outcome.`
      : 'Nobody can confirm it yet: confirming takes the portfolio owner or a leader who neither owns the agent nor filed the claim. An admin can name them in `/maturity settings`; the claim waits for them on their Home tab.';
  return modal({
    callbackId: `${GATE_CALLBACK_ID}_sent`,
    title: 'Claim sent',
    close: 'Done',
    blocks: [
      section(`All five bars are claimed as met for *${escapeMrkdwn(a.name)}*. ${who}`, 'gate_sent'),
      context(['It moves to production only when someone other than its owner confirms the claim.']),
    ],
  });
}

/** To the owner: what became of the claim. */
export function gateOutcomeText(a: Agent, review: GateReview, verdict?: GateVerdict): string {
  const name = escapeMrkdwn(a.name);
  switch (review.state) {
    case 'passed':
      return `*${name}* passed the production gate: ${mention(review.reviewerId ?? review.claimantId)} confirmed all five bars. It is in production now.`;
    case 'sent_back':
      return `${mention(review.reviewerId ?? review.claimantId)} sent the gate claim for *${name}* back: ${quoted(review.reviewReason ?? '')}\nFix it, then run \`/maturity gate ${name}\` again.`;
    case 'failed':
      return `The gate claim ${mention(review.claimantId)} filed for *${name}* did not pass. It stays in pilot.\n${verdict ? failingBarsText(verdict, review.claims) : ''}`;
    default:
      return `The gate claim for *${name}* is waiting for confirmation.`;
  }
}

/** Why no gate claim can be filed for the agent now (gateClaimRefusal said so). */
export function gateClaimRefusalText(refusal: GateClaimRefusal, agent: Agent, w: Workspace): string {
  const name = `*${escapeMrkdwn(agent.name)}*`;
  const timeZone = zoneOf(w);
  switch (refusal.kind) {
    case 'not_allowed':
      return manageRefusal(agent, w);
    case 'still_proposed':
      return `${name} is still proposed. Start its pilot first (Details in \`/maturity agents\`): the gate checks an agent that runs on real work.`;
    case 'already_passed':
      return `${name} already passed the gate on ${formatDate(refusal.passedAt, timeZone)}.`;
    case 'retired':
      return `${name} is retired, so it has no gate to pass.`;
    case 'already_pending':
      return `${name} already has a gate claim waiting for confirmation, filed by ${mention(refusal.review.claimantId)} on ${formatDate(refusal.review.claimedAt, timeZone)}.`;
  }
}

export function alreadyDecidedText(review: GateReview, agent: Agent, timeZone: string): string {
  const by = review.reviewerId ? ` by ${mention(review.reviewerId)}` : '';
  const on = review.reviewedAt ? ` on ${formatDate(review.reviewedAt, timeZone)}` : '';
  const what = review.state === 'passed' ? 'confirmed' : review.state === 'failed' ? 'failed' : 'sent back';
  return `The gate claim for *${escapeMrkdwn(agent.name)}* was already ${what}${by}${on}. Nothing changed.`;
}

/** Why this person cannot confirm or send back the claim (gateDecisionRefusal said so). */
export function gateDecisionRefusalText(refusal: GateDecisionRefusal, agent: Agent, w: Workspace): string {
  if (refusal.kind === 'already_decided') return alreadyDecidedText(refusal.review, agent, zoneOf(w));
  const who = w.portfolioOwnerId
    ? ` Ask ${mention(w.portfolioOwnerId)}, the portfolio owner, or a leader.`
    : '';
  return `${refusal.message}${who}`;
}
