// The backlog forms: add or edit a candidate, reject, commit, link an agent; and reading their answers.

import type { ModalView, SectionBlock } from '@slack/types';
import { SYSTEMS_OF_RECORD, type SystemOfRecord } from '../../domain/agents.js';
import {
  type BacklogCandidate,
  type CandidateFields,
  FEASIBILITY_SCORES,
  type FeasibilityScore,
  rankBacklog,
} from '../../domain/backlog.js';
import { parseDollars } from '../../domain/money.js';
import { SYSTEM_LABELS } from '../agents/text.js';
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
  userAnswer,
  userInput,
} from '../kit.js';
import { escapeMrkdwn, formatDate } from '../mrkdwn.js';
import {
  CANDIDATE_ADD_CALLBACK_ID,
  CANDIDATE_COMMIT_CALLBACK_ID,
  CANDIDATE_EDIT_CALLBACK_ID,
  CANDIDATE_FORM_BLOCKS,
  CANDIDATE_LINK_CALLBACK_ID,
  CANDIDATE_REJECT_CALLBACK_ID,
  CANDIDATE_SAVED_CALLBACK_ID,
  LINK_AGENT_BLOCK_ID,
  REJECT_REASON_BLOCK_ID,
  SHIP_OWNER_BLOCK_ID,
} from './ids.js';
import { type BacklogView, commitmentLine, valueLine, yearlyDollarsLabel } from './text.js';

const PROCESS_MAX = 200;

const centsText = (cents: number): string => String(cents / 100);
const SYSTEM_OPTIONS = SYSTEMS_OF_RECORD.map((s) => option(SYSTEM_LABELS[s], s));

/** Add and edit ask the same questions; edit comes prefilled. */
export function candidateModal(p: { currency: string; candidate?: BacklogCandidate }): ModalView {
  const c = p.candidate;
  return modal({
    callbackId: c ? CANDIDATE_EDIT_CALLBACK_ID : CANDIDATE_ADD_CALLBACK_ID,
    title: c ? 'Edit candidate' : 'Add a candidate',
    submit: c ? 'Save' : 'Add',
    privateMetadata: c ? recordMetadata(c.id) : '',
    blocks: [
      textInput({
        blockId: CANDIDATE_FORM_BLOCKS.process,
        label: 'Which process could an agent take over?',
        hint: 'One workflow, end to end, e.g. "Enter customer orders from email into the ERP".',
        initial: c?.process,
        maxLength: PROCESS_MAX,
      }),
      textInput({
        blockId: CANDIDATE_FORM_BLOCKS.dollars,
        label: yearlyDollarsLabel(p.currency),
        hint: 'What the process costs a year in hours, errors and delay that an agent could win back.',
        placeholder: 'e.g. 120,000',
        initial: c ? centsText(c.yearlyDollarsCents) : null,
      }),
      choiceInput({
        blockId: CANDIDATE_FORM_BLOCKS.feasibility,
        label: 'How feasible is it, from 1 to 5?',
        hint: 'Count three things: its data sits in a system of record, there is a clear point where a case goes to a person, and the process owner wants it.',
        style: 'radio',
        options: FEASIBILITY_SCORES.map((f) => option(`${f.score} · ${f.label}`, String(f.score), f.meaning)),
        initial: c ? String(c.feasibility) : null,
      }),
      choiceInput({
        blockId: CANDIDATE_FORM_BLOCKS.system,
        label: 'Which system of record holds its data?',
        style: 'radio',
        options: SYSTEM_OPTIONS,
        initial: c?.systemOfRecord,
      }),
      textInput({
        blockId: CANDIDATE_FORM_BLOCKS.systemName,
        label: 'Name of the system',
        hint: 'Needed when you pick Other, e.g. "Epicor Kinetic".',
        optional: true,
        initial: c?.systemName,
        maxLength: 80,
      }),
    ],
  });
}

const isSystem = (v: string | null): v is SystemOfRecord => SYSTEMS_OF_RECORD.some((s) => s === v);
const isScore = (v: number): v is FeasibilityScore => FEASIBILITY_SCORES.some((f) => f.score === v);

/** Reads and checks the candidate form; errors are keyed by block id, in the sentence the person sees. */
export function readCandidateForm(
  values: FormValues,
): { ok: true; fields: CandidateFields } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const process = textAnswer(values, CANDIDATE_FORM_BLOCKS.process).replace(/\s+/g, ' ');
  if (process === '') errors[CANDIDATE_FORM_BLOCKS.process] = 'Say which process it is.';
  const dollars = parseDollars(textAnswer(values, CANDIDATE_FORM_BLOCKS.dollars));
  if (!dollars.ok) errors[CANDIDATE_FORM_BLOCKS.dollars] = dollars.message;
  else if (dollars.value <= 0)
    errors[CANDIDATE_FORM_BLOCKS.dollars] = 'The yearly dollars have to be more than zero.';
  const feasibility = Number(optionAnswer(values, CANDIDATE_FORM_BLOCKS.feasibility));
  if (!isScore(feasibility)) errors[CANDIDATE_FORM_BLOCKS.feasibility] = 'Pick a score from 1 to 5.';
  const system = optionAnswer(values, CANDIDATE_FORM_BLOCKS.system);
  if (!isSystem(system)) errors[CANDIDATE_FORM_BLOCKS.system] = 'Pick the system that holds its data.';
  const systemName = textAnswer(values, CANDIDATE_FORM_BLOCKS.systemName);
  if (system === 'other' && systemName === '') errors[CANDIDATE_FORM_BLOCKS.systemName] = 'Name the system.';
  if (Object.keys(errors).length > 0 || !dollars.ok || !isScore(feasibility) || !isSystem(system)) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    fields: {
      process,
      yearlyDollarsCents: dollars.value,
      feasibility,
      systemOfRecord: system,
      systemName: systemName === '' ? null : systemName,
    },
  };
}

function summaryOf(c: BacklogCandidate, currency: string): SectionBlock {
  return section(`*${escapeMrkdwn(c.process)}*\n${valueLine(c, currency)}`, 'candidate_summary');
}

export function rejectModal(c: BacklogCandidate, currency: string): ModalView {
  return modal({
    callbackId: CANDIDATE_REJECT_CALLBACK_ID,
    title: 'Reject candidate',
    submit: 'Reject',
    privateMetadata: recordMetadata(c.id),
    blocks: [
      summaryOf(c, currency),
      ...(c.status === 'committed'
        ? [section('It is committed: rejecting it drops the commitment and its reminders.')]
        : []),
      textInput({
        blockId: REJECT_REASON_BLOCK_ID,
        label: 'Why is it rejected?',
        hint: 'Kept with the backlog and in the audit log, so the next person does not propose it again blind.',
        multiline: true,
        maxLength: 500,
      }),
    ],
  });
}

export function readRejectReason(
  values: FormValues,
): { ok: true; reason: string } | { ok: false; errors: Record<string, string> } {
  const reason = textAnswer(values, REJECT_REASON_BLOCK_ID);
  return reason === ''
    ? { ok: false, errors: { [REJECT_REASON_BLOCK_ID]: 'Give a reason.' } }
    : { ok: true, reason };
}

export function commitModal(
  c: BacklogCandidate,
  p: { currency: string; shipBy: Date; timeZone: string },
): ModalView {
  return modal({
    callbackId: CANDIDATE_COMMIT_CALLBACK_ID,
    title: 'Commit to ship',
    submit: 'Commit',
    privateMetadata: recordMetadata(c.id),
    blocks: [
      summaryOf(c, p.currency),
      section(
        `Committing starts a 90-day clock: its agent has to pass the production gate by *${formatDate(p.shipBy, p.timeZone)}*. ` +
          'The person shipping it hears from the app at 30 and 60 days; the portfolio owner hears at 90 if it has not passed.',
        'candidate_commit_terms',
      ),
      userInput({
        blockId: SHIP_OWNER_BLOCK_ID,
        label: 'Who will ship it?',
        hint: 'One named person who gets it through the gate.',
        initial: c.proposedBy,
      }),
    ],
  });
}

export function readShipOwner(
  values: FormValues,
): { ok: true; ownerId: string } | { ok: false; errors: Record<string, string> } {
  const ownerId = userAnswer(values, SHIP_OWNER_BLOCK_ID);
  return ownerId === null
    ? { ok: false, errors: { [SHIP_OWNER_BLOCK_ID]: 'Name the person who ships it.' } }
    : { ok: true, ownerId };
}

export function linkModal(
  c: BacklogCandidate,
  agents: readonly { id: number; name: string }[],
  currency: string,
): ModalView {
  return modal({
    callbackId: CANDIDATE_LINK_CALLBACK_ID,
    title: 'Link its agent',
    submit: 'Link',
    privateMetadata: recordMetadata(c.id),
    blocks: [
      summaryOf(c, currency),
      choiceInput({
        blockId: LINK_AGENT_BLOCK_ID,
        label: 'Which registered agent is it?',
        hint: 'When that agent passes its production gate, this commitment counts as shipped.',
        style: 'select',
        // A static select holds at most 100 options.
        options: agents.slice(0, 100).map((a) => option(a.name, String(a.id))),
      }),
    ],
  });
}

export function readLinkedAgent(
  values: FormValues,
): { ok: true; agentId: number } | { ok: false; errors: Record<string, string> } {
  const agentId = Number(optionAnswer(values, LINK_AGENT_BLOCK_ID));
  return Number.isSafeInteger(agentId) && agentId > 0
    ? { ok: true, agentId }
    : { ok: false, errors: { [LINK_AGENT_BLOCK_ID]: 'Pick the agent.' } };
}

/** What a submitted change leaves on screen: the candidate as it now stands, and where it ranks. */
export function candidateSavedModal(p: {
  title: string;
  said: string;
  candidate: BacklogCandidate;
  all: readonly BacklogCandidate[];
  view: BacklogView;
}): ModalView {
  const ranked = rankBacklog(p.all);
  const rank = ranked.findIndex((c) => c.id === p.candidate.id);
  const where =
    rank >= 0
      ? `It ranks *${rank + 1} of ${ranked.length}* by expected value.`
      : 'It is out of the running, and stays in the history.';
  const commitment = commitmentLine(p.candidate, p.view);
  return modal({
    callbackId: CANDIDATE_SAVED_CALLBACK_ID,
    title: p.title,
    close: 'Done',
    blocks: [
      section(p.said, 'candidate_saved'),
      summaryOf(p.candidate, p.view.currency),
      section([where, commitment].filter((line) => line !== null).join('\n'), 'candidate_rank'),
      context(['`/maturity backlog` shows the whole list.']),
    ],
  });
}
