import type { KnownBlock, ModalView, SectionBlock } from '@slack/types';
import {
  AGENT_CATEGORIES,
  type AgentCategory,
  type AgentStatus,
  CATEGORY_LABELS,
  STATUS_LABELS,
  SYSTEMS_OF_RECORD,
  type SystemOfRecord,
} from '../../domain/agents.js';
import { parseDollars, parsePercent } from '../../domain/money.js';
import type { Agent, AgentFields } from '../../store/agents.js';
import type { AuditRow } from '../../store/audit.js';
import type { GateReview, GateReviewState } from '../../store/gate-reviews.js';
import { FEED_OPEN_ACTION_ID } from '../../views/feeds/token.js';
import { escapeMrkdwn, formatDate, formatMoney, formatPercent, mention } from '../mrkdwn.js';
import {
  choiceInput,
  type FormValues,
  optionAnswer,
  recordMetadata,
  textAnswer,
  textInput,
  userAnswer,
  userInput,
} from './forms.js';
import { GATE_OPEN_ACTION_ID, GATE_PICK_ACTION_ID, reviewGateButton } from './gate.js';
import {
  actions,
  type ButtonSpec,
  button,
  context,
  header,
  LIMITS,
  md,
  option,
  plain,
  section,
} from './kit.js';

export const AGENT_REGISTER_CALLBACK_ID = 'agent_register';
export const AGENT_EDIT_CALLBACK_ID = 'agent_edit';
export const AGENT_HAND_OVER_CALLBACK_ID = 'agent_hand_over';
export const AGENT_RETIRE_CALLBACK_ID = 'agent_retire';
export const AGENT_DETAILS_CALLBACK_ID = 'agent_details';

export const AGENT_REGISTER_ACTION_ID = 'agent_register_open';
export const AGENT_DETAILS_ACTION_ID = 'agent_details_open';
export const AGENT_EDIT_ACTION_ID = 'agent_edit_open';
export const AGENT_HAND_OVER_ACTION_ID = 'agent_hand_over_open';
export const AGENT_RETIRE_ACTION_ID = 'agent_retire_open';
export const AGENT_START_PILOT_ACTION_ID = 'agent_start_pilot';

export const AGENT_FORM_BLOCKS = {
  name: 'agent_name',
  workflow: 'agent_workflow',
  category: 'agent_category',
  system: 'agent_system',
  systemName: 'agent_system_name',
  owner: 'agent_owner',
  metric: 'agent_metric',
  target: 'agent_target',
  threshold: 'agent_threshold',
  buildCost: 'agent_build_cost',
  status: 'agent_status',
} as const;

export const HAND_OVER_BLOCK_ID = 'agent_new_owner';
export const RETIRE_REASON_BLOCK_ID = 'agent_retire_reason';
export const SKIPPING_STEPS_BLOCK_ID = 'agent_skipping_steps';

const NAME_MAX = 80;

const CATEGORY_EXAMPLES: Record<AgentCategory, string> = {
  office: 'Order entry, invoice matching, quote prep',
  line: 'Predictive maintenance, vision inspection, scheduling',
  product: 'AI inside what you sell',
};

const SYSTEM_LABELS: Record<SystemOfRecord, string> = {
  ERP: 'ERP',
  MES: 'MES',
  CRM: 'CRM',
  WMS: 'WMS',
  other: 'Other',
};

/** "Monthly dollar target" in dollars; other currencies say which. */
export function targetLabel(currency: string): string {
  return currency === 'USD' ? 'Monthly dollar target' : `Monthly target in ${currency}`;
}

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
  return {
    type: 'modal',
    callback_id: p.mode === 'register' ? AGENT_REGISTER_CALLBACK_ID : AGENT_EDIT_CALLBACK_ID,
    title: plain(p.mode === 'register' ? 'Register an agent' : 'Edit agent', LIMITS.modalTitle),
    submit: plain(p.mode === 'register' ? 'Register' : 'Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: a ? recordMetadata(a.id) : '',
    blocks,
  };
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

// ---- How an agent reads in lists ----

function systemText(a: Agent): string {
  const system = SYSTEM_LABELS[a.systemOfRecord];
  if (a.systemName === null) return system;
  return a.systemOfRecord === 'other'
    ? escapeMrkdwn(a.systemName)
    : `${system} (${escapeMrkdwn(a.systemName)})`;
}

function ownerText(a: Agent): string {
  return a.ownerLeftAt ? `${mention(a.ownerId)} (left the workspace)` : mention(a.ownerId);
}

export function gateStatusText(a: Agent, latest: GateReviewState | undefined, timeZone: string): string {
  if (a.gatePassedAt) return `gate passed ${formatDate(a.gatePassedAt, timeZone)}`;
  if (a.status === 'retired') return 'retired without passing the gate';
  switch (latest) {
    case 'pending':
      return 'gate claim waiting for confirmation';
    case 'failed':
      return 'last gate claim failed';
    case 'sent_back':
      return 'gate sent back';
    default:
      return 'gate not run yet';
  }
}

export interface ListContext {
  readonly currency: string;
  readonly timeZone: string;
  readonly latestReview: ReadonlyMap<number, GateReviewState>;
}

/** One agent as a section with a Details button: owner, category, system, gate and target. */
export function agentSummaryBlock(a: Agent, ctx: ListContext): SectionBlock {
  const lines = [
    `*${escapeMrkdwn(a.name)}* · ${STATUS_LABELS[a.status]} · ${CATEGORY_LABELS[a.category]} · writes to ${systemText(a)}`,
    `Owner ${ownerText(a)} · target ${formatMoney(a.monthlyTargetCents, ctx.currency)} a month · ${gateStatusText(a, ctx.latestReview.get(a.id), ctx.timeZone)}`,
  ];
  return {
    type: 'section',
    block_id: `agent_${a.id}`,
    text: md(lines.join('\n')),
    accessory: {
      type: 'button',
      text: plain('Details', LIMITS.buttonText),
      action_id: AGENT_DETAILS_ACTION_ID,
      value: String(a.id),
    },
  };
}

const STATUS_ORDER: readonly AgentStatus[] = ['production', 'scaling', 'pilot', 'proposed', 'retired'];

function countsLine(agents: readonly Agent[]): string {
  return STATUS_ORDER.flatMap((status) => {
    const n = agents.filter((a) => a.status === status).length;
    return n === 0 ? [] : [`${n} ${STATUS_LABELS[status].toLowerCase()}`];
  }).join(' · ');
}

/**
 * Agents grouped by status, at most `limit` of them, with a line saying how many more there are.
 * Keeps any list inside a surface's block limit however large the registry grows.
 */
function groupedAgentBlocks(
  agents: readonly Agent[],
  ctx: ListContext,
  limit: number,
  more: string,
): KnownBlock[] {
  const shown = agents.slice(0, limit);
  const blocks: KnownBlock[] = [];
  for (const status of STATUS_ORDER) {
    const inGroup = shown.filter((a) => a.status === status);
    if (inGroup.length === 0) continue;
    const total = agents.filter((a) => a.status === status).length;
    blocks.push(context([`*${STATUS_LABELS[status]}* · ${total}`], `agents_group_${status}`));
    blocks.push(...inGroup.map((a) => agentSummaryBlock(a, ctx)));
  }
  if (agents.length > shown.length) {
    blocks.push(context([`Showing ${shown.length} of ${agents.length} agents. ${more}`], 'agents_more'));
  }
  return blocks;
}

/** A message holds 50 blocks: the header, up to 40 agents with their group lines, and the "more" line. */
export const AGENTS_LIST_LIMIT = 40;

export function agentsListBlocks(agents: readonly Agent[], ctx: ListContext, filter: string): KnownBlock[] {
  if (agents.length === 0) {
    return [
      section(
        filter
          ? `No agent's name contains "${escapeMrkdwn(filter)}". \`/maturity agents\` lists them all.`
          : 'No agents registered yet. `/maturity register` adds the first one.',
        'agents_empty',
      ),
    ];
  }
  const title = filter ? `Agents matching "${escapeMrkdwn(filter)}"` : 'The agent registry';
  return [
    section(`*${title}:* ${countsLine(agents)}`, 'agents_counts'),
    ...groupedAgentBlocks(
      agents,
      ctx,
      AGENTS_LIST_LIMIT,
      '`/maturity agents <part of a name>` finds the rest.',
    ),
  ];
}

export function agentsListText(agents: readonly Agent[]): string {
  return agents.length === 0 ? 'No agents registered yet.' : `The agent registry: ${countsLine(agents)}.`;
}

// ---- The registered confirmation ----

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
  return {
    type: 'modal',
    callback_id: `${AGENT_REGISTER_CALLBACK_ID}_done`,
    title: plain('Agent registered', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks,
  };
}

// ---- The detail view ----

const FIELD_LABELS: Record<keyof AgentFields, string> = {
  name: 'name',
  workflow: 'workflow',
  category: 'category',
  systemOfRecord: 'system of record',
  systemName: 'system name',
  metric: 'dollar metric',
  monthlyTargetCents: 'monthly target',
  confidenceThreshold: 'confidence threshold',
  buildCostCents: 'build cost',
};

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const textField = (value: unknown, key: string): string | undefined => {
  const field = isRecordObject(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
};

const statusLabel = (value: string | undefined): string =>
  value && value in STATUS_LABELS ? STATUS_LABELS[value as AgentStatus] : (value ?? 'unknown');

const actorText = (actorId: string): string => (/^[UW][A-Z0-9]+$/.test(actorId) ? mention(actorId) : 'Slack');

/** One line of an agent's history, read from its audit row. */
export function historyLine(row: AuditRow, timeZone: string): string {
  const who = actorText(row.actorId);
  const when = formatDate(new Date(row.at), timeZone);
  const reason = textField(row.after, 'reason');
  const because = reason ? `: "${escapeMrkdwn(reason)}"` : '';
  let what: string;
  switch (row.action) {
    case 'register':
      what = `${who} registered it as ${statusLabel(textField(row.after, 'status')).toLowerCase()}`;
      break;
    case 'edit': {
      const keys = isRecordObject(row.after) ? Object.keys(row.after) : [];
      const labels = keys.map((k) => FIELD_LABELS[k as keyof AgentFields] ?? k);
      what = `${who} changed the ${labels.join(', ')}`;
      break;
    }
    case 'hand_over': {
      const from = textField(row.before, 'ownerId');
      const to = textField(row.after, 'ownerId');
      what = `${who} handed it ${from ? `from ${mention(from)} ` : ''}to ${to ? mention(to) : 'a new owner'}`;
      break;
    }
    case 'status':
      what = `${who} moved it from ${statusLabel(textField(row.before, 'status'))} to ${statusLabel(textField(row.after, 'status'))}${because}`;
      break;
    case 'gate_claim':
      what =
        textField(row.after, 'state') === 'pending'
          ? `${who} claimed it clears all five gate bars`
          : `${who} filed a gate claim that failed`;
      break;
    case 'gate_decision':
      what =
        textField(row.after, 'state') === 'passed'
          ? `${who} confirmed the gate`
          : `${who} sent the gate back${because}`;
      break;
    case 'owner_left': {
      const owner = textField(row.after, 'ownerId');
      what = `Slack reported that ${owner ? mention(owner) : 'the owner'} left the workspace`;
      break;
    }
    default:
      what = `${who}: ${escapeMrkdwn(row.action)}`;
  }
  return `• ${when}: ${what}`;
}

const REVIEW_STATE_TEXT: Record<GateReviewState, string> = {
  pending: 'waiting for confirmation',
  passed: 'passed',
  failed: 'failed',
  sent_back: 'sent back',
};

function reviewLine(r: GateReview, timeZone: string): string {
  const decided =
    r.reviewerId && r.reviewedAt
      ? `, ${r.state === 'passed' ? 'confirmed' : 'decided'} by ${mention(r.reviewerId)} on ${formatDate(r.reviewedAt, timeZone)}`
      : '';
  const reason = r.reviewReason ? `: "${escapeMrkdwn(r.reviewReason)}"` : '';
  return `• ${formatDate(r.claimedAt, timeZone)}: claimed by ${mention(r.claimantId)}, ${REVIEW_STATE_TEXT[r.state]}${decided}${reason}`;
}

export interface AgentPermissions {
  /** Edit, hand over, retire, start the pilot, file the gate. */
  readonly canManage: boolean;
}

export const HISTORY_LINES = 15;
const REVIEW_LINES = 5;

export function agentDetailModal(p: {
  agent: Agent;
  reviews: readonly GateReview[];
  history: readonly AuditRow[];
  currency: string;
  timeZone: string;
  permissions: AgentPermissions;
}): ModalView {
  const { agent: a, currency, timeZone } = p;
  const blocks: KnownBlock[] = [
    header(a.name, 'agent_name'),
    {
      type: 'section',
      block_id: 'agent_facts',
      fields: [
        md(`*Status*\n${STATUS_LABELS[a.status]}`),
        md(`*Owner*\n${ownerText(a)}`),
        md(`*Where it works*\n${CATEGORY_LABELS[a.category]}`),
        md(`*Writes back to*\n${systemText(a)}`),
        md(`*${targetLabel(currency)}*\n${formatMoney(a.monthlyTargetCents, currency)}`),
        md(`*Hands to a person below*\n${formatPercent(a.confidenceThreshold)} confidence`),
        md(
          `*Build cost*\n${a.buildCostCents === null ? 'not given' : formatMoney(a.buildCostCents, currency)}`,
        ),
        md(`*Registered*\n${formatDate(a.registeredAt, timeZone)} by ${mention(a.registeredBy)}`),
      ],
    },
    section(
      `*Workflow it owns:* ${escapeMrkdwn(a.workflow)}\n*Its monthly dollar number measures:* ${escapeMrkdwn(a.metric)}`,
      'agent_workflow',
    ),
  ];
  if (a.skippingSteps && a.status !== 'retired') {
    blocks.push(
      section(
        ':warning: *Skipping steps:* registered as line-level or in-product work before any office-side agent was in production.',
        SKIPPING_STEPS_BLOCK_ID,
      ),
    );
  }
  if (a.ownerLeftAt) {
    blocks.push(
      section(
        `:warning: *No owner:* ${mention(a.ownerId)} left the workspace on ${formatDate(a.ownerLeftAt, timeZone)}. Hand it to someone who will report its number.`,
        'agent_owner_left',
      ),
    );
  }
  const buttons = p.permissions.canManage ? manageButtons(a, p.reviews) : [];
  if (buttons.length > 0) blocks.push(actions('agent_actions', buttons));
  if (p.reviews.length > 0) {
    const lines = p.reviews.slice(0, REVIEW_LINES).map((r) => reviewLine(r, timeZone));
    blocks.push(section(`*Gate reviews*\n${lines.join('\n')}`, 'agent_gate_reviews'));
  }
  const recent = p.history.slice(-HISTORY_LINES);
  blocks.push(
    section(`*History*\n${recent.map((row) => historyLine(row, timeZone)).join('\n')}`, 'agent_history'),
  );
  if (p.history.length > recent.length) {
    blocks.push(context([`Showing the last ${recent.length} of ${p.history.length} changes.`]));
  }
  return {
    type: 'modal',
    callback_id: AGENT_DETAILS_CALLBACK_ID,
    title: plain('Agent', LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalTitle),
    private_metadata: recordMetadata(a.id),
    blocks,
  };
}

function manageButtons(a: Agent, reviews: readonly GateReview[]): ButtonSpec[] {
  const value = String(a.id);
  const buttons: ButtonSpec[] = [];
  if (a.status === 'proposed')
    buttons.push({ text: 'Start the pilot', actionId: AGENT_START_PILOT_ACTION_ID, value });
  if (a.status === 'pilot' && !reviews.some((r) => r.state === 'pending')) {
    buttons.push({ text: 'Run the gate', actionId: GATE_OPEN_ACTION_ID, value, style: 'primary' });
  }
  if (a.status !== 'retired') {
    buttons.push(
      { text: 'Edit', actionId: AGENT_EDIT_ACTION_ID, value },
      { text: 'Live feed', actionId: FEED_OPEN_ACTION_ID, value },
      { text: 'Hand over', actionId: AGENT_HAND_OVER_ACTION_ID, value },
      { text: 'Retire', actionId: AGENT_RETIRE_ACTION_ID, value, style: 'danger' },
    );
  }
  return buttons;
}

// ---- Hand over and retire ----

export function handOverModal(a: Agent): ModalView {
  return {
    type: 'modal',
    callback_id: AGENT_HAND_OVER_CALLBACK_ID,
    title: plain('Hand over', LIMITS.modalTitle),
    submit: plain('Hand over', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(a.id),
    blocks: [
      section(`*${escapeMrkdwn(a.name)}* is owned by ${ownerText(a)}.`),
      userInput({
        blockId: HAND_OVER_BLOCK_ID,
        label: 'Who owns this agent now?',
        hint: 'They report its dollar number every month from now on.',
      }),
    ],
  };
}

export function retireModal(a: Agent): ModalView {
  return {
    type: 'modal',
    callback_id: AGENT_RETIRE_CALLBACK_ID,
    title: plain('Retire agent', LIMITS.modalTitle),
    submit: plain('Retire it', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(a.id),
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
  };
}

export const readHandOver = (values: FormValues): string | null => userAnswer(values, HAND_OVER_BLOCK_ID);
export const readRetireReason = (values: FormValues): string => textAnswer(values, RETIRE_REASON_BLOCK_ID);

export function handedOverText(a: Agent, byUserId: string): string {
  return `${mention(byUserId)} handed *${escapeMrkdwn(a.name)}* to you. You own it now: report its dollar number each month, and run \`/maturity agents\` to see its details.`;
}

// ---- An owner left ----

export const OWNER_LEFT_BLOCK_ID = 'owner_left';

/** To the portfolio owner: the agents a deactivated owner leaves behind, each with a hand-over button. */
export function ownerLeftMessage(
  leftUserId: string,
  agents: readonly Agent[],
): { text: string; blocks: KnownBlock[] } {
  const shown = agents.slice(0, OWNER_LEFT_LIMIT);
  const blocks: KnownBlock[] = [
    section(
      `${mention(leftUserId)} left the workspace. They owned ${agents.map((a) => `*${escapeMrkdwn(a.name)}*`).join(', ')}. An agent without an owner has nobody reporting its number: name a new owner for each.`,
      OWNER_LEFT_BLOCK_ID,
    ),
    ...shown.map((a) =>
      buttonSection(`*${escapeMrkdwn(a.name)}*`, `owner_left_${a.id}`, {
        text: 'Hand over',
        actionId: AGENT_HAND_OVER_ACTION_ID,
        value: String(a.id),
      }),
    ),
  ];
  if (agents.length > shown.length) {
    blocks.push(context([`${agents.length - shown.length} more: hand them over from \`/maturity agents\`.`]));
  }
  return {
    text: `${mention(leftUserId)} left the workspace and owned ${agents.length} agent(s). Name a new owner for each.`,
    blocks,
  };
}

/** A message holds 50 blocks: the intro, one per agent, and the "more" line. */
const OWNER_LEFT_LIMIT = 45;

/** A line with its own button: Slack wants buttons with the same action id in separate blocks. */
function buttonSection(text: string, blockId: string, spec: ButtonSpec): SectionBlock {
  return { type: 'section', block_id: blockId, text: md(text), accessory: button(spec) };
}

// ---- The Home tab section ----

export const HOME_AGENT_LIMIT = 15;
const HOME_TODO_LIMIT = 8;

export const HOME_REGISTER_BLOCK_ID = 'home_portfolio_actions';

export interface PortfolioHome extends ListContext {
  readonly agents: readonly Agent[];
  readonly officeSideInProduction: boolean;
  /** Pending gate claims this viewer may confirm, with their agents. */
  readonly toConfirm: readonly { review: GateReview; agent: Agent }[];
  /** Agents whose owner left, when this viewer may hand them over. */
  readonly orphaned: readonly Agent[];
}

export function portfolioHomeSection(h: PortfolioHome): KnownBlock[] {
  const current = h.agents.filter((a) => a.status !== 'retired');
  const blocks: KnownBlock[] = [
    header('The agent portfolio'),
    section(
      h.agents.length === 0
        ? 'No agents registered yet. An agent owns one workflow end to end: it reads from a system of record, acts, writes back, and hands unsure cases to a person.'
        : countsLine(h.agents),
      'home_portfolio_counts',
    ),
    actions(HOME_REGISTER_BLOCK_ID, [
      { text: 'Register an agent', actionId: AGENT_REGISTER_ACTION_ID, style: 'primary' },
      { text: 'Run the gate', actionId: GATE_PICK_ACTION_ID },
    ]),
  ];
  const skipping = current.filter((a) => a.category !== 'office');
  if (skipping.length > 0 && !h.officeSideInProduction) {
    const names = skipping.slice(0, 10).map((a) => `*${escapeMrkdwn(a.name)}*`);
    const others = skipping.length > names.length ? ` and ${skipping.length - names.length} more` : '';
    blocks.push(
      section(
        `:warning: *Skipping steps:* ${names.join(', ')}${others} ${skipping.length === 1 ? 'is' : 'are'} line-level or in-product work, and no office-side agent is in production yet. Skipped stages cost money: prove an office-side agent first.`,
        'home_skipping_steps',
      ),
    );
  }
  const todo = [
    ...h.toConfirm.map(({ review, agent }) =>
      buttonSection(
        `Confirm or send back the gate for *${escapeMrkdwn(agent.name)}*, claimed by ${mention(review.claimantId)} on ${formatDate(review.claimedAt, h.timeZone)}.`,
        `home_todo_gate_${review.id}`,
        reviewGateButton(review.id),
      ),
    ),
    ...h.orphaned.map((a) =>
      buttonSection(
        `*${escapeMrkdwn(a.name)}* has no owner: ${mention(a.ownerId)} left the workspace.`,
        `home_todo_owner_${a.id}`,
        { text: 'Hand over', actionId: AGENT_HAND_OVER_ACTION_ID, value: String(a.id) },
      ),
    ),
  ];
  if (todo.length > 0) {
    blocks.push(section('*Needs your action*', 'home_needs_action'), ...todo.slice(0, HOME_TODO_LIMIT));
    if (todo.length > HOME_TODO_LIMIT) {
      blocks.push(
        context([`${todo.length - HOME_TODO_LIMIT} more waiting. \`/maturity agents\` shows every agent.`]),
      );
    }
  }
  blocks.push(...groupedAgentBlocks(current, h, HOME_AGENT_LIMIT, '`/maturity agents` lists every one.'));
  return blocks;
}
