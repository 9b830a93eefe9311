import type { KnownBlock, ModalView, Overflow, PlainTextOption, SectionBlock } from '@slack/types';
import { SYSTEMS_OF_RECORD, type SystemOfRecord } from '../domain/agents.js';
import {
  type BacklogCandidate,
  type Candidate,
  type CandidateFields,
  expectedValueCents,
  FEASIBILITY_SCORES,
  type FeasibilityScore,
  type ReminderKind,
  rankBacklog,
} from '../domain/backlog.js';
import { parseDollars } from '../domain/money.js';
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
import { actions, context, header, LIMITS, option, plain, section } from './kit.js';
import { escapeMrkdwn, formatDate, formatMoney, mention } from './mrkdwn.js';

export const BACKLOG_ADD_ACTION_ID = 'backlog_add';
export const BACKLOG_MANAGE_ACTION_ID = 'backlog_manage';

export const CANDIDATE_ADD_CALLBACK_ID = 'backlog_candidate_add';
export const CANDIDATE_EDIT_CALLBACK_ID = 'backlog_candidate_edit';
export const CANDIDATE_REJECT_CALLBACK_ID = 'backlog_candidate_reject';
export const CANDIDATE_COMMIT_CALLBACK_ID = 'backlog_candidate_commit';
export const CANDIDATE_LINK_CALLBACK_ID = 'backlog_candidate_link';
/** Modals that only say something: a change saved, or why it could not be. */
export const CANDIDATE_SAVED_CALLBACK_ID = 'backlog_saved';
export const BACKLOG_NOTICE_CALLBACK_ID = 'backlog_notice';

export const CANDIDATE_FORM_BLOCKS = {
  process: 'candidate_process',
  dollars: 'candidate_dollars',
  feasibility: 'candidate_feasibility',
  system: 'candidate_system',
  systemName: 'candidate_system_name',
} as const;
export const REJECT_REASON_BLOCK_ID = 'candidate_reject_reason';
export const SHIP_OWNER_BLOCK_ID = 'candidate_ship_owner';
export const LINK_AGENT_BLOCK_ID = 'candidate_agent';
export const BACKLOG_LIST_BLOCK_PREFIX = 'backlog_candidate_';
export const BACKLOG_EMPTY_BLOCK_ID = 'backlog_empty';
export const BACKLOG_ACTIONS_BLOCK_ID = 'backlog_actions';

/** What the overflow menu on a candidate can do; the option value is `<manage action>:<candidate id>`. */
export const MANAGE_ACTIONS = ['edit', 'commit', 'link', 'reject'] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

export function manageValue(action: ManageAction, candidateId: number): string {
  return `${action}:${candidateId}`;
}

export function readManageValue(value: string): { action: ManageAction; candidateId: number } | null {
  const [action, id] = value.split(':');
  const known = MANAGE_ACTIONS.find((a) => a === action);
  const candidateId = Number(id);
  return known && Number.isSafeInteger(candidateId) ? { action: known, candidateId } : null;
}

/** The ranked list shows this many; a message holds at most 50 blocks. */
export const BACKLOG_SHOWN = 30;
const PROCESS_MAX = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

const SYSTEM_LABELS: Record<SystemOfRecord, string> = {
  ERP: 'ERP',
  MES: 'MES',
  CRM: 'CRM',
  WMS: 'WMS',
  other: 'Other',
};

export function feasibilityLabel(score: FeasibilityScore): string {
  return FEASIBILITY_SCORES.find((f) => f.score === score)?.label ?? String(score);
}

export function yearlyDollarsLabel(currency: string): string {
  return currency === 'USD' ? 'Yearly dollars at stake' : `Yearly value at stake in ${currency}`;
}

export interface BacklogView {
  readonly currency: string;
  readonly timeZone: string;
  readonly now: Date;
}

function systemText(c: Pick<CandidateFields, 'systemOfRecord' | 'systemName'>): string {
  const kind = c.systemOfRecord === 'other' ? '' : SYSTEM_LABELS[c.systemOfRecord];
  const name = c.systemName ? escapeMrkdwn(c.systemName) : '';
  if (kind && name) return `${kind} (${name})`;
  return kind || name || 'a system to be named';
}

function daysLeft(shipBy: Date, now: Date): string {
  const days = Math.ceil((shipBy.getTime() - now.getTime()) / DAY_MS);
  if (days > 1) return `${days} days left`;
  if (days === 1) return '1 day left';
  if (days === 0) return 'due today';
  return `${-days} day${days === -1 ? '' : 's'} overdue`;
}

/** One line on where a candidate stands beyond its numbers: committed, linked, gate passed. */
function commitmentLine(c: BacklogCandidate, v: BacklogView): string | null {
  if (c.status !== 'committed' || !c.shipBy || !c.shipOwnerId) return null;
  const agent = c.agent
    ? c.agent.gatePassedAt
      ? `Its agent *${escapeMrkdwn(c.agent.name)}* passed the gate on ${formatDate(c.agent.gatePassedAt, v.timeZone)}.`
      : `Its agent *${escapeMrkdwn(c.agent.name)}* is registered, not yet through the gate.`
    : 'No agent linked yet.';
  return `Committed: ${mention(c.shipOwnerId)} ships it by ${formatDate(c.shipBy, v.timeZone)} (${daysLeft(c.shipBy, v.now)}). ${agent}`;
}

/** "$120,000 a year × feasibility 4 (Likely) = $96,000 expected". */
export function valueLine(
  c: Pick<Candidate, 'yearlyDollarsCents' | 'feasibility'>,
  currency: string,
): string {
  return (
    `${formatMoney(c.yearlyDollarsCents, currency)} a year × feasibility ${c.feasibility} (${feasibilityLabel(c.feasibility)}) ` +
    `= *${formatMoney(expectedValueCents(c), currency)} expected*`
  );
}

function manageMenu(c: BacklogCandidate): Overflow {
  const options: PlainTextOption[] = [option('Edit', manageValue('edit', c.id))];
  if (c.status === 'open') options.push(option('Commit to ship in 90 days', manageValue('commit', c.id)));
  if (c.status === 'committed' && !c.agent)
    options.push(option('Link its registered agent', manageValue('link', c.id)));
  options.push(option('Reject', manageValue('reject', c.id)));
  return { type: 'overflow', action_id: BACKLOG_MANAGE_ACTION_ID, options };
}

function candidateSection(
  c: BacklogCandidate,
  rank: number,
  v: BacklogView,
  canManage: boolean,
): SectionBlock {
  const lines = [
    `*${rank}. ${escapeMrkdwn(c.process)}*`,
    `${valueLine(c, v.currency)} · ${systemText(c)}`,
    commitmentLine(c, v) ?? `Added by ${mention(c.proposedBy)} on ${formatDate(c.createdAt, v.timeZone)}`,
  ];
  return {
    ...section(lines.join('\n'), `${BACKLOG_LIST_BLOCK_PREFIX}${c.id}`),
    ...(canManage ? { accessory: manageMenu(c) } : {}),
  };
}

function historyLine(all: readonly BacklogCandidate[], v: BacklogView): string | null {
  const shipped = all.filter((c) => c.status === 'shipped');
  const rejected = all.filter((c) => c.status === 'rejected');
  if (shipped.length === 0 && rejected.length === 0) return null;
  const latestRejected = rejected.reduce<BacklogCandidate | undefined>(
    (latest, c) =>
      !latest || (c.rejectedAt?.getTime() ?? 0) > (latest.rejectedAt?.getTime() ?? 0) ? c : latest,
    undefined,
  );
  const why = latestRejected
    ? ` (latest: *${escapeMrkdwn(latestRejected.process)}*, "${escapeMrkdwn(latestRejected.rejectReason ?? '')}", ${formatDate(
        latestRejected.rejectedAt ?? latestRejected.createdAt,
        v.timeZone,
      )})`
    : '';
  return `Shipped: ${shipped.length} · Rejected: ${rejected.length}${why}`;
}

/** `/maturity backlog`: the candidates still in the running, highest expected value first. */
export function backlogBlocks(
  all: readonly BacklogCandidate[],
  v: BacklogView,
  canManage: boolean,
): KnownBlock[] {
  const ranked = rankBacklog(all);
  const shown = ranked.slice(0, BACKLOG_SHOWN);
  const blocks: KnownBlock[] = [
    header('Backlog, ranked by expected value'),
    context([
      'Expected value is the yearly dollars at stake × feasibility ÷ 5. Equal values go to the older idea.',
    ]),
  ];
  if (ranked.length === 0) {
    blocks.push(
      section(
        'No candidates yet. Add the office processes an agent could take over, with the dollars at stake, then commit to ship the best one within 90 days.',
        BACKLOG_EMPTY_BLOCK_ID,
      ),
    );
  }
  shown.forEach((c, i) => {
    blocks.push(candidateSection(c, i + 1, v, canManage));
  });
  const notes = [
    ...(ranked.length > shown.length
      ? [`${ranked.length - shown.length} lower-ranked candidates are not shown.`]
      : []),
    ...[historyLine(all, v)].filter((line): line is string => line !== null),
    ...(canManage ? [] : ['Anyone can add a candidate. The portfolio owner edits, commits and rejects.']),
  ];
  if (notes.length > 0) blocks.push(context(notes));
  blocks.push(
    actions(BACKLOG_ACTIONS_BLOCK_ID, [
      { text: 'Add a candidate', actionId: BACKLOG_ADD_ACTION_ID, style: 'primary' },
    ]),
  );
  return blocks;
}

export function backlogText(all: readonly BacklogCandidate[]): string {
  const ranked = rankBacklog(all);
  const top = ranked[0];
  return ranked.length === 0
    ? 'The backlog is empty.'
    : `Backlog: ${ranked.length} ${ranked.length === 1 ? 'candidate' : 'candidates'}. Top: ${escapeMrkdwn(top?.process ?? '')}.`;
}

// ---- Modals ----

const centsText = (cents: number): string => String(cents / 100);
const SYSTEM_OPTIONS = SYSTEMS_OF_RECORD.map((s) => option(SYSTEM_LABELS[s], s));

/** Add and edit ask the same questions; edit comes prefilled. */
export function candidateModal(p: { currency: string; candidate?: BacklogCandidate }): ModalView {
  const c = p.candidate;
  return {
    type: 'modal',
    callback_id: c ? CANDIDATE_EDIT_CALLBACK_ID : CANDIDATE_ADD_CALLBACK_ID,
    title: plain(c ? 'Edit candidate' : 'Add a candidate', LIMITS.modalTitle),
    submit: plain(c ? 'Save' : 'Add', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: c ? recordMetadata(c.id) : '',
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
  };
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
  return {
    type: 'modal',
    callback_id: CANDIDATE_REJECT_CALLBACK_ID,
    title: plain('Reject candidate', LIMITS.modalTitle),
    submit: plain('Reject', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(c.id),
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
  };
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
  return {
    type: 'modal',
    callback_id: CANDIDATE_COMMIT_CALLBACK_ID,
    title: plain('Commit to ship', LIMITS.modalTitle),
    submit: plain('Commit', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(c.id),
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
  };
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
  return {
    type: 'modal',
    callback_id: CANDIDATE_LINK_CALLBACK_ID,
    title: plain('Link its agent', LIMITS.modalTitle),
    submit: plain('Link', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    private_metadata: recordMetadata(c.id),
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
  };
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
  return {
    type: 'modal',
    callback_id: CANDIDATE_SAVED_CALLBACK_ID,
    title: plain(p.title, LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [
      section(p.said, 'candidate_saved'),
      summaryOf(p.candidate, p.view.currency),
      section([where, commitment].filter((line) => line !== null).join('\n'), 'candidate_rank'),
      context(['`/maturity backlog` shows the whole list.']),
    ],
  };
}

// ---- Ship-by reminders ----

export function reminderMessage(p: {
  kind: ReminderKind;
  candidate: BacklogCandidate;
  portfolioOwnerId: string | null;
  now: Date;
  timeZone: string;
}): { text: string; blocks: KnownBlock[] } {
  const c = p.candidate;
  const process = escapeMrkdwn(c.process);
  const shipBy = c.shipBy ? formatDate(c.shipBy, p.timeZone) : 'its ship-by date';
  if (p.kind === 'day90') {
    const owner = c.shipOwnerId ? `${mention(c.shipOwnerId)} owns it. ` : '';
    const text = `${c.process} was due to pass its production gate by ${shipBy} and has not.`;
    return {
      text,
      blocks: [
        section(
          `*${process}* was due to pass its production gate by ${shipBy} and has not.`,
          'reminder_text',
        ),
        section(
          `${owner}Decide what happens next: push on with a clear date, or reject it with a reason in \`/maturity backlog\`. A commitment that quietly slips is how stage 0 stays stage 0.`,
          'reminder_next',
        ),
      ],
    };
  }
  const left = c.shipBy ? daysLeft(c.shipBy, p.now) : '';
  const next = c.agent
    ? `Its agent *${escapeMrkdwn(c.agent.name)}* is registered. File its gate claim with \`/maturity gate\` when all five bars hold: real data, writes back, clean handoff, a named owner with a number, monitoring.`
    : 'No agent is linked to it yet. Register it with `/maturity register`, then link it from `/maturity backlog`.';
  return {
    text: `Reminder: ${process} has to pass its production gate by ${shipBy} (${left}).`,
    blocks: [
      section(
        `Reminder: *${process}* has to pass its production gate by *${shipBy}* (${left}).`,
        'reminder_text',
      ),
      section(next, 'reminder_next'),
      ...(p.portfolioOwnerId
        ? [
            context([
              `The portfolio owner, ${mention(p.portfolioOwnerId)}, hears at 90 days if it has not passed.`,
            ]),
          ]
        : []),
    ],
  };
}
