import type { KnownBlock, ModalView } from '@slack/types';
import {
  type BarClaim,
  GATE_BARS,
  type GateBar,
  type GateBarId,
  type GateVerdict,
} from '../../domain/gate.js';
import type { Agent } from '../../store/agents.js';
import type { GateReview } from '../../store/gate-reviews.js';
import { recordedFeedLine } from '../../views/feeds/format.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import {
  choiceInput,
  type FormValues,
  optionAnswer,
  recordMetadata,
  textAnswer,
  textInput,
} from './forms.js';
import { actions, type ButtonSpec, context, header, LIMITS, option, plain, section } from './kit.js';

export const GATE_CALLBACK_ID = 'gate_claim';
export const GATE_PICK_CALLBACK_ID = 'gate_pick';
export const GATE_SEND_BACK_CALLBACK_ID = 'gate_send_back';

/** On an agent's details: value is the agent id. */
export const GATE_OPEN_ACTION_ID = 'gate_open';
/** On the Home tab: asks which agent first. */
export const GATE_PICK_ACTION_ID = 'gate_pick';
/** Value is the review id. */
export const GATE_CONFIRM_ACTION_ID = 'gate_confirm';
export const GATE_SEND_BACK_ACTION_ID = 'gate_send_back';
export const GATE_REVIEW_OPEN_ACTION_ID = 'gate_review_open';

export const GATE_PICK_BLOCK_ID = 'gate_pick_agent';
export const SEND_BACK_REASON_BLOCK_ID = 'gate_send_back_reason';
export const GATE_DECISION_BLOCK_ID = 'gate_decision';

export const barBlockId = (bar: GateBarId): string => `gate_${bar}`;
export const evidenceBlockId = (bar: GateBarId): string => `gate_${bar}_evidence`;

export const MET = 'met';
export const NOT_MET = 'not_met';

const EVIDENCE_MAX = 1000;

/** Bars a live feed speaks to: real data (1) and monitoring (5). */
const FEED_BARS: readonly GateBarId[] = ['realData', 'monitoring'];
export const feedEvidenceBlockId = (bar: GateBarId): string => `gate_${bar}_feed`;

/** The five bars; under bars 1 and 5, what the agent's live feed proves (`feedLine`), when it has one. */
export function gateModal(a: Agent, feedLine: string | null = null): ModalView {
  const bars = GATE_BARS.flatMap((bar, i) => [
    choiceInput({
      blockId: barBlockId(bar.id),
      label: `${i + 1}. ${bar.question}`,
      style: 'radio',
      options: [option('Met', MET), option('Not met', NOT_MET)],
    }),
    textInput({
      blockId: evidenceBlockId(bar.id),
      label: `Evidence: ${bar.title}`,
      hint: bar.hint,
      optional: true,
      multiline: true,
      maxLength: EVIDENCE_MAX,
    }),
    ...(feedLine && FEED_BARS.includes(bar.id)
      ? [context([`${feedLine}. Recorded with the claim.`], feedEvidenceBlockId(bar.id))]
      : []),
  ]);
  return {
    type: 'modal',
    callback_id: GATE_CALLBACK_ID,
    title: plain('Production gate', LIMITS.modalTitle),
    submit: plain('Submit the claim', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(a.id),
    blocks: [
      section(
        `*${escapeMrkdwn(a.name)}* is in production only when all five bars hold. Mark each one and say what shows it: a link or a sentence. Someone other than you confirms the claim.`,
        'gate_intro',
      ),
      ...bars,
    ],
  };
}

/** The five answers, or the inline errors that stop a claim: a bar left blank, or met with nothing to show for it. */
export function readGateClaims(
  values: FormValues,
): { ok: true; claims: BarClaim[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const claims: BarClaim[] = [];
  for (const bar of GATE_BARS) {
    const picked = optionAnswer(values, barBlockId(bar.id));
    const evidence = textAnswer(values, evidenceBlockId(bar.id));
    if (picked !== MET && picked !== NOT_MET) {
      errors[barBlockId(bar.id)] = 'Pick met or not met.';
      continue;
    }
    if (picked === MET && evidence === '') {
      errors[evidenceBlockId(bar.id)] = 'Say what shows it holds: a link or a sentence.';
      continue;
    }
    claims.push({ bar: bar.id, pass: picked === MET, evidence });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, claims };
}

const barOf = (id: GateBarId): GateBar =>
  GATE_BARS.find((b) => b.id === id) ?? { id, title: id, question: id, hint: '' };

const quoted = (evidence: string): string =>
  evidence === '' ? 'no evidence given' : `"${escapeMrkdwn(evidence)}"`;

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
  return {
    type: 'modal',
    callback_id: `${GATE_CALLBACK_ID}_failed`,
    title: plain('Gate not passed', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(
        `*${escapeMrkdwn(a.name)}* does not pass the gate: ${count} of 5 bars ${count === 1 ? 'is' : 'are'} not met. It stays in pilot.`,
        'gate_failed',
      ),
      section(failingBarsText(verdict, claims), 'gate_failing_bars'),
      context(['The claim is kept in the agent history. Fix what fails, then run the gate again.']),
    ],
  };
}

export function gateSentModal(a: Agent, reviewers: readonly string[]): ModalView {
  const who =
    reviewers.length > 0
      ? `${reviewers.map(mention).join(', ')} can confirm it, and each got a message with your evidence. You will get a DM with the outcome.`
      : 'Nobody can confirm it yet: confirming takes the portfolio owner or a leader who neither owns the agent nor filed the claim. An admin can name them in `/maturity settings`; the claim waits for them on their Home tab.';
  return {
    type: 'modal',
    callback_id: `${GATE_CALLBACK_ID}_sent`,
    title: plain('Claim sent', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(`All five bars are claimed as met for *${escapeMrkdwn(a.name)}*. ${who}`, 'gate_sent'),
      context(['It moves to production only when someone other than its owner confirms the claim.']),
    ],
  };
}

// ---- The review someone confirms ----

/** One section per bar: five notes of up to EVIDENCE_MAX characters would not fit in one section's 3,000. */
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
  return {
    type: 'modal',
    callback_id: 'gate_review',
    title: plain('Gate review', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    private_metadata: recordMetadata(review.id),
    blocks: gateReviewBlocks(a, review, timeZone),
  };
}

export function reviewGateButton(reviewId: number): ButtonSpec {
  return { text: 'Review the claim', actionId: GATE_REVIEW_OPEN_ACTION_ID, value: String(reviewId) };
}

export function sendBackModal(a: Agent, review: GateReview): ModalView {
  return {
    type: 'modal',
    callback_id: GATE_SEND_BACK_CALLBACK_ID,
    title: plain('Send back', LIMITS.modalTitle),
    submit: plain('Send back', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(review.id),
    blocks: [
      section(
        `The gate claim for *${escapeMrkdwn(a.name)}* goes back to ${mention(a.ownerId)} with your reason. It stays in pilot.`,
      ),
      textInput({
        blockId: SEND_BACK_REASON_BLOCK_ID,
        label: 'What has to change before it passes?',
        hint: 'Be specific: which bar, and what evidence would convince you.',
        multiline: true,
        maxLength: EVIDENCE_MAX,
      }),
    ],
  };
}

export const readSendBackReason = (values: FormValues): string =>
  textAnswer(values, SEND_BACK_REASON_BLOCK_ID);

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

// ---- Which agent (from the Home tab) ----

/** A static select holds 100 options. */
const PICK_LIMIT = 100;

export function gatePickerModal(agents: readonly Agent[]): ModalView {
  return {
    type: 'modal',
    callback_id: GATE_PICK_CALLBACK_ID,
    title: plain('Production gate', LIMITS.modalTitle),
    submit: plain('Next', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      choiceInput({
        blockId: GATE_PICK_BLOCK_ID,
        label: 'Which agent is ready for the gate?',
        hint: 'Only agents in pilot, with no claim waiting, that you own or may file for.',
        style: 'select',
        options: agents.slice(0, PICK_LIMIT).map((a) => option(a.name, String(a.id))),
      }),
    ],
  };
}

export function readPickedAgent(values: FormValues): number | null {
  const picked = Number(optionAnswer(values, GATE_PICK_BLOCK_ID));
  return Number.isSafeInteger(picked) && picked > 0 ? picked : null;
}
