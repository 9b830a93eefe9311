// The agent forms: register or edit, the registered confirmation, hand over and retire; and reading their answers.

import type { KnownBlock, ModalView } from '@slack/types';
import {
  AGENT_CATEGORIES,
  type Agent,
  type AgentCategory,
  type AgentFields,
  CATEGORY_LABELS,
  STATUS_LABELS,
  SYSTEMS_OF_RECORD,
  type SystemOfRecord,
} from '../../domain/agents.js';
import { parseDollars, parsePercent } from '../../domain/money.js';
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
import { escapeMrkdwn, formatMoney, mention } from '../mrkdwn.js';
import {
  AGENT_EDIT_CALLBACK_ID,
  AGENT_FORM_BLOCKS,
  AGENT_HAND_OVER_CALLBACK_ID,
  AGENT_REGISTER_CALLBACK_ID,
  AGENT_RETIRE_CALLBACK_ID,
  HAND_OVER_BLOCK_ID,
  RETIRE_REASON_BLOCK_ID,
  SKIPPING_STEPS_BLOCK_ID,
} from './ids.js';
import { ownerText, SYSTEM_LABELS, targetLabel } from './text.js';

const NAME_MAX = 80;

const CATEGORY_EXAMPLES: Record<AgentCategory, string> = {
  office: 'Order entry, invoice matching, quote prep',
  line: 'Predictive maintenance, vision inspection, scheduling',
  product: 'AI inside what you sell',
};

const centsText = (cents: number | null): string | null => (cents === null ? null : String(cents / 100));

const SKIPPING_STEPS_WARNING =
  'No office-side agent is in production yet. A line-level or in-product agent registered now skips steps: that work pays back only on top of proven office-side agents. It is allowed, and recorded.';

/** The register and edit form: the same questions, the edit one prefilled and without owner and status. */
export function agentFormModal(p: {
  mode: 'register' | 'edit';
  currency: string;
  /** Prefill: the agent being edited, or just its owner when registering. */
  agent?: Agent;
  ownerId?: string;
  /** Shown while no office-side agent is in production: line-level work now skips steps. */
  officeSideInProduction: boolean;
}): ModalView {
  const a = p.agent;
  const blocks: KnownBlock[] = [];
  // Editing an office-side agent is the cure, not the problem: the caution is for line-level and product work.
  const mayBeLineLevel = p.mode === 'register' || p.agent?.category !== 'office';
  if (!p.officeSideInProduction && mayBeLineLevel) {
    blocks.push(section(`:warning: ${SKIPPING_STEPS_WARNING}`, SKIPPING_STEPS_BLOCK_ID));
  }
  blocks.push(
    textInput({
      blockId: AGENT_FORM_BLOCKS.name,
      label: 'Agent name',
      initial: a?.name,
      maxLength: NAME_MAX,
    }),
    textInput({
      blockId: AGENT_FORM_BLOCKS.workflow,
      label: 'Which workflow does it own end to end?',
      hint: 'It reads from a system of record, acts, writes the result back, and hands unsure cases to a person.',
      initial: a?.workflow,
      multiline: true,
      maxLength: 500,
    }),
    choiceInput({
      blockId: AGENT_FORM_BLOCKS.category,
      label: 'Category: where does it work?',
      style: 'radio',
      options: AGENT_CATEGORIES.map((c) => option(CATEGORY_LABELS[c], c, CATEGORY_EXAMPLES[c])),
      initial: a?.category,
    }),
    choiceInput({
      blockId: AGENT_FORM_BLOCKS.system,
      label: 'Which system of record does it write back to?',
      style: 'radio',
      options: SYSTEMS_OF_RECORD.map((s) => option(SYSTEM_LABELS[s], s)),
      initial: a?.systemOfRecord,
    }),
    textInput({
      blockId: AGENT_FORM_BLOCKS.systemName,
      label: 'Name of the system',
      hint: 'Needed when you pick Other, e.g. "Epicor Kinetic" or "the plant floor database".',
      optional: true,
      initial: a?.systemName,
      maxLength: 80,
    }),
  );
  if (p.mode === 'register') {
    blocks.push(
      userInput({
        blockId: AGENT_FORM_BLOCKS.owner,
        label: 'Named owner',
        hint: 'One named person who reports its dollar number every month.',
        initial: p.ownerId,
      }),
    );
  }
  blocks.push(
    textInput({
      blockId: AGENT_FORM_BLOCKS.metric,
      label: 'Dollar metric: what does its monthly number measure?',
      placeholder: 'hours saved x loaded rate',
      initial: a?.metric,
      maxLength: 300,
    }),
    textInput({
      blockId: AGENT_FORM_BLOCKS.target,
      label: targetLabel(p.currency),
      placeholder: 'e.g. 12,500',
      initial: a ? centsText(a.monthlyTargetCents) : null,
    }),
    textInput({
      blockId: AGENT_FORM_BLOCKS.threshold,
      label: 'Confidence threshold (%)',
      hint: 'Cases it is less sure about than this go to a person. A number from 0 to 100.',
      placeholder: 'e.g. 85',
      initial: a ? String(a.confidenceThreshold) : null,
    }),
    textInput({
      blockId: AGENT_FORM_BLOCKS.buildCost,
      label: 'One-off build cost',
      hint: 'What it cost to build, so the falling cost of each new agent shows.',
      optional: true,
      initial: a ? centsText(a.buildCostCents) : null,
    }),
  );
  if (p.mode === 'register') {
    blocks.push(
      choiceInput({
        blockId: AGENT_FORM_BLOCKS.status,
        label: 'Status: where is it today?',
        hint: 'Production comes only through the production gate.',
        style: 'radio',
        options: [
          option('Proposed', 'proposed', 'Approved to build, not running yet'),
          option('Pilot', 'pilot', 'Running on real work, not yet through the gate'),
        ],
      }),
    );
  }
  return modal({
    callbackId: p.mode === 'register' ? AGENT_REGISTER_CALLBACK_ID : AGENT_EDIT_CALLBACK_ID,
    title: p.mode === 'register' ? 'Register an agent' : 'Edit agent',
    submit: p.mode === 'register' ? 'Register' : 'Save',
    privateMetadata: a ? recordMetadata(a.id) : '',
    blocks,
  });
}

export interface AgentForm {
  readonly fields: AgentFields;
  readonly ownerId: string | null;
  readonly status: 'proposed' | 'pilot' | null;
}

const isCategory = (v: string | null): v is AgentCategory => AGENT_CATEGORIES.some((c) => c === v);
const isSystem = (v: string | null): v is SystemOfRecord => SYSTEMS_OF_RECORD.some((s) => s === v);

/** Reads and checks the form; errors are keyed by block id, in the plain sentence the person sees. */
export function readAgentForm(
  values: FormValues,
  mode: 'register' | 'edit',
): { ok: true; form: AgentForm } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = textAnswer(values, AGENT_FORM_BLOCKS.name).replace(/\s+/g, ' ');
  if (name === '') errors[AGENT_FORM_BLOCKS.name] = 'Give the agent a name.';
  const workflow = textAnswer(values, AGENT_FORM_BLOCKS.workflow);
  if (workflow === '') errors[AGENT_FORM_BLOCKS.workflow] = 'Say which workflow it owns.';
  const category = optionAnswer(values, AGENT_FORM_BLOCKS.category);
  if (!isCategory(category)) errors[AGENT_FORM_BLOCKS.category] = 'Pick where it works.';
  const system = optionAnswer(values, AGENT_FORM_BLOCKS.system);
  if (!isSystem(system)) errors[AGENT_FORM_BLOCKS.system] = 'Pick the system it writes back to.';
  const systemName = textAnswer(values, AGENT_FORM_BLOCKS.systemName);
  if (system === 'other' && systemName === '') {
    errors[AGENT_FORM_BLOCKS.systemName] = 'Name the system it writes back to.';
  }
  const metric = textAnswer(values, AGENT_FORM_BLOCKS.metric);
  if (metric === '') errors[AGENT_FORM_BLOCKS.metric] = 'Say what the monthly number measures.';
  const target = parseDollars(textAnswer(values, AGENT_FORM_BLOCKS.target));
  if (!target.ok) errors[AGENT_FORM_BLOCKS.target] = target.message;
  else if (target.value <= 0)
    errors[AGENT_FORM_BLOCKS.target] = 'The monthly target has to be more than zero.';
  const threshold = parsePercent(textAnswer(values, AGENT_FORM_BLOCKS.threshold));
  if (!threshold.ok) errors[AGENT_FORM_BLOCKS.threshold] = threshold.message;
  const buildCostText = textAnswer(values, AGENT_FORM_BLOCKS.buildCost);
  const buildCost = buildCostText === '' ? ({ ok: true, value: null } as const) : parseDollars(buildCostText);
  if (!buildCost.ok) errors[AGENT_FORM_BLOCKS.buildCost] = buildCost.message;
  else if (buildCost.value !== null && buildCost.value < 0) {
    errors[AGENT_FORM_BLOCKS.buildCost] = 'A build cost cannot be negative.';
  }
  const ownerId = userAnswer(values, AGENT_FORM_BLOCKS.owner);
  const status = optionAnswer(values, AGENT_FORM_BLOCKS.status);
  if (mode === 'register') {
    if (ownerId === null) errors[AGENT_FORM_BLOCKS.owner] = 'Name the person who owns it.';
    if (status !== 'proposed' && status !== 'pilot')
      errors[AGENT_FORM_BLOCKS.status] = 'Pick proposed or pilot.';
  }
  if (
    Object.keys(errors).length > 0 ||
    !isCategory(category) ||
    !isSystem(system) ||
    !target.ok ||
    !threshold.ok ||
    !buildCost.ok
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    form: {
      fields: {
        name,
        workflow,
        category,
        systemOfRecord: system,
        systemName: systemName === '' ? null : systemName,
        metric,
        monthlyTargetCents: target.value,
        confidenceThreshold: threshold.value,
        buildCostCents: buildCost.value,
      },
      ownerId,
      status: status === 'proposed' || status === 'pilot' ? status : null,
    },
  };
}

export const nameTakenError = (existing: Agent): string =>
  existing.status === 'retired'
    ? `A retired agent is already called "${existing.name}". Pick another name.`
    : `An agent called "${existing.name}" is already registered. Pick another name.`;

export function registeredModal(
  a: Agent,
  p: { nearDuplicateOf: string | null; currency: string },
): ModalView {
  const blocks: KnownBlock[] = [
    section(
      `*${escapeMrkdwn(a.name)}* is registered as ${STATUS_LABELS[a.status].toLowerCase()}, owned by ${mention(a.ownerId)}, with a target of ${formatMoney(a.monthlyTargetCents, p.currency)} a month.`,
      'agent_registered',
    ),
  ];
  if (a.skippingSteps) {
    blocks.push(
      section(
        `:warning: *Skipping steps:* ${escapeMrkdwn(a.name)} is ${CATEGORY_LABELS[a.category].toLowerCase()} work, and no office-side agent is in production yet. Skipped stages cost money: this kind of agent pays back only on top of proven office-side ones. The registry records it as skipping steps.`,
        SKIPPING_STEPS_BLOCK_ID,
      ),
    );
  }
  if (p.nearDuplicateOf !== null) {
    blocks.push(
      section(
        `*Check the name:* it looks a lot like *${escapeMrkdwn(p.nearDuplicateOf)}*, already registered. If they are the same agent, retire one of them.`,
        'agent_near_duplicate',
      ),
    );
  }
  blocks.push(
    context([
      a.status === 'pilot'
        ? `When it clears all five bars, its owner runs \`/maturity gate ${escapeMrkdwn(a.name)}\`.`
        : 'Start its pilot from `/maturity agents` when it runs on real work.',
    ]),
  );
  return modal({
    callbackId: `${AGENT_REGISTER_CALLBACK_ID}_done`,
    title: 'Agent registered',
    close: 'Done',
    blocks,
  });
}

export function handOverModal(a: Agent): ModalView {
  return modal({
    callbackId: AGENT_HAND_OVER_CALLBACK_ID,
    title: 'Hand over',
    submit: 'Hand over',
    privateMetadata: recordMetadata(a.id),
    blocks: [
      section(`*${escapeMrkdwn(a.name)}* is owned by ${ownerText(a)}.`),
      userInput({
        blockId: HAND_OVER_BLOCK_ID,
        label: 'Who owns this agent now?',
        hint: 'They report its dollar number every month from now on.',
      }),
    ],
  });
}

export function retireModal(a: Agent): ModalView {
  return modal({
    callbackId: AGENT_RETIRE_CALLBACK_ID,
    title: 'Retire agent',
    submit: 'Retire it',
    privateMetadata: recordMetadata(a.id),
    blocks: [
      section(
        `Retiring *${escapeMrkdwn(a.name)}* stops its monthly report and takes it off the portfolio. It stays in the history, and cannot be brought back.`,
      ),
      textInput({
        blockId: RETIRE_REASON_BLOCK_ID,
        label: 'Why is it retired?',
        hint: 'One sentence for the history, e.g. "Replaced by the new ERP module".',
        multiline: true,
        maxLength: 500,
      }),
    ],
  });
}

export const readHandOver = (values: FormValues): string | null => userAnswer(values, HAND_OVER_BLOCK_ID);
export const readRetireReason = (values: FormValues): string => textAnswer(values, RETIRE_REASON_BLOCK_ID);
