// The gate forms: the five-bar claim, sending a claim back, picking the agent; and reading their answers.

import type { ModalView } from '@slack/types';
import type { Agent } from '../../domain/agents.js';
import { type BarClaim, GATE_BARS, type GateReview } from '../../domain/gate.js';
import {
  choiceInput,
  context,
  type FormValues,
  modal,
  option,
  optionAnswer,
  recordMetadata,
  section,
  textAnswer,
  textInput,
} from '../kit.js';
import { escapeMrkdwn, mention } from '../mrkdwn.js';
import {
  barBlockId,
  evidenceBlockId,
  FEED_BARS,
  feedEvidenceBlockId,
  GATE_CALLBACK_ID,
  GATE_PICK_BLOCK_ID,
  GATE_PICK_CALLBACK_ID,
  GATE_SEND_BACK_CALLBACK_ID,
  MET,
  NOT_MET,
  SEND_BACK_REASON_BLOCK_ID,
} from './ids.js';

const EVIDENCE_MAX = 1000;

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
  return modal({
    callbackId: GATE_CALLBACK_ID,
    title: 'Production gate',
    submit: 'Submit the claim',
    privateMetadata: recordMetadata(a.id),
    blocks: [
      section(
        `*${escapeMrkdwn(a.name)}* is in production only when all five bars hold. Mark each one and say what shows it: a link or a sentence. Someone other than you confirms the claim.`,
        'gate_intro',
      ),
      ...bars,
    ],
  });
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

export function sendBackModal(a: Agent, review: GateReview): ModalView {
  return modal({
    callbackId: GATE_SEND_BACK_CALLBACK_ID,
    title: 'Send back',
    submit: 'Send back',
    privateMetadata: recordMetadata(review.id),
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
  });
}

export const readSendBackReason = (values: FormValues): string =>
  textAnswer(values, SEND_BACK_REASON_BLOCK_ID);

/** A static select holds 100 options. */
const PICK_LIMIT = 100;

export function gatePickerModal(agents: readonly Agent[]): ModalView {
  return modal({
    callbackId: GATE_PICK_CALLBACK_ID,
    title: 'Production gate',
    submit: 'Next',
    blocks: [
      choiceInput({
        blockId: GATE_PICK_BLOCK_ID,
        label: 'Which agent is ready for the gate?',
        hint: 'Only agents in pilot, with no claim waiting, that you own or may file for.',
        style: 'select',
        options: agents.slice(0, PICK_LIMIT).map((a) => option(a.name, String(a.id))),
      }),
    ],
  });
}

export function readPickedAgent(values: FormValues): number | null {
  const picked = Number(optionAnswer(values, GATE_PICK_BLOCK_ID));
  return Number.isSafeInteger(picked) && picked > 0 ? picked : null;
}
