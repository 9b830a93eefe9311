// The monthly value review on Slack: the owners' prompt and reminder, the portfolio owner's list of who is
// missing, the review post, the report modal, the Home section, the ritual schedule and the review settings.

import type { InputBlock, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { RitualId } from '../../domain/schedule.js';
import { type DriftFlag, reportedMonthFor } from '../../domain/value-review.js';
import type { RitualStatus, RunSummary } from '../../rituals/status.js';
import type { ReviewAgentStatus } from '../../rituals/value-review.js';
import type { MonthlyReport, ReviewSettings } from '../../store/reports.js';
import { INPUT_ACTION_ID, noticeModal } from '../../views/forms.js';
import { actions, context, header, LIMITS, option, plain, section } from '../../views/kit.js';
import {
  escapeMrkdwn,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercent,
  mention,
} from '../../views/mrkdwn.js';

export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

// ---- Ids ----

export const REPORT_OPEN_ACTION_ID = 'value_review_report';
export const HOME_REPORT_ACTION_ID = 'value_review_home_report';
export const RUN_REVIEW_NOW_ACTION_ID = 'value_review_run_now';
export const REVIEW_SETTINGS_ACTION_ID = 'value_review_settings_open';

export const REPORT_CALLBACK_ID = 'value_review_report';
export const REVIEW_SETTINGS_CALLBACK_ID = 'value_review_settings';
/** Every input of this feature's modals holds one element with this action id, so a block id names a field. */

export const REPORT_AGENT_BLOCK_ID = 'report_agent';
export const REPORT_AMOUNT_BLOCK_ID = 'report_amount';
export const REPORT_NOTE_BLOCK_ID = 'report_note';
export const REPORT_EVIDENCE_BLOCK_ID = 'report_evidence';
export const REPORT_HANDOFF_BLOCK_ID = 'report_handoff';

export const SETTINGS_TIME_BLOCK_ID = 'review_time';
export const SETTINGS_DROP_BLOCK_ID = 'review_drop';
export const SETTINGS_BELOW_BLOCK_ID = 'review_below';

export const REVIEW_TOTAL_BLOCK_ID = 'review_total';
export const REVIEW_MISSING_BLOCK_ID = 'review_missing';
export const REVIEW_KILL_OR_SCALE_BLOCK_ID = 'review_kill_or_scale';
export const reviewAgentsBlockId = (part: number): string => `review_agents_${part}`;
export const promptAgentBlockId = (agentId: number): string => `prompt_agent_${agentId}`;

const RITUAL_NAMES: Readonly<Record<string, string>> = {
  'value-review': 'Monthly value review',
  'kill-or-scale': 'Quarterly kill-or-scale vote',
};

// ---- Small formatting ----

const monthName = (month: PeriodKey): string => monthLabel(month).split(' ')[0] ?? month;
const money = (cents: number, currency: string): string => formatMoney(cents, currency);

function day(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
  }).format(at);
}

/** Lines packed into as few sections as Slack's 3,000 characters a section allow. */
/**
 * Packs lines into as few sections as fit, up to `maxSections` when given. Lines are read one at a time
 * and no further than the last section kept, so a long list costs only the lines that are shown.
 */
function packedSections(
  lines: Iterable<string>,
  separator: string,
  blockId: (part: number) => string,
  maxSections = Number.POSITIVE_INFINITY,
): { sections: SectionBlock[]; complete: boolean } {
  const parts: string[] = [];
  for (const line of lines) {
    const last = parts.at(-1);
    if (last !== undefined && last.length + separator.length + line.length <= LIMITS.sectionText) {
      parts[parts.length - 1] = `${last}${separator}${line}`;
    } else if (parts.length === maxSections) {
      return { sections: parts.map((text, i) => section(text, blockId(i))), complete: false };
    } else {
      parts.push(line);
    }
  }
  return { sections: parts.map((text, i) => section(text, blockId(i))), complete: true };
}

// ---- The owner's prompt and reminder ----

export interface PromptAgent {
  readonly id: number;
  readonly name: string;
  readonly metric: string;
  readonly monthlyTargetCents: number;
  /** The latest number before the month asked about. */
  readonly last: { readonly month: PeriodKey; readonly cents: number } | null;
  /** Already reported for the month asked about. */
  readonly reportedCents: number | null;
}

export interface PromptInput {
  readonly kind: 'prompt' | 'nudge';
  readonly month: PeriodKey;
  readonly agents: readonly PromptAgent[];
  readonly currency: string;
  readonly zone: string;
  readonly postAt: Date;
  /** When the run fell due, if it went out late. */
  readonly lateSince: Date | null;
}

/** Room for the header blocks within a message's 50. */
const MAX_PROMPT_AGENTS = 45;

function promptAgentBlock(agent: PromptAgent, p: PromptInput): SectionBlock {
  const last = agent.last
    ? `${monthLabel(agent.last.month)}: ${money(agent.last.cents, p.currency)}`
    : 'No earlier number';
  const status =
    agent.reportedCents === null
      ? ''
      : `\nReported for ${monthName(p.month)}: ${money(agent.reportedCents, p.currency)}`;
  return {
    ...section(
      `*${escapeMrkdwn(agent.name)}*\nMetric: ${escapeMrkdwn(agent.metric)} · Target ${money(agent.monthlyTargetCents, p.currency)} a month\n${last}${status}`,
      promptAgentBlockId(agent.id),
    ),
    accessory: {
      type: 'button',
      text: plain(agent.reportedCents === null ? 'Report' : 'Change', LIMITS.buttonText),
      action_id: REPORT_OPEN_ACTION_ID,
      value: String(agent.id),
      ...(agent.reportedCents === null ? { style: 'primary' as const } : {}),
    },
  };
}

export function promptMessage(p: PromptInput): SlackMessage {
  const label = monthLabel(p.month);
  const names = p.agents.map((a) => escapeMrkdwn(a.name)).join(', ');
  const count = p.agents.length === 1 ? 'your agent' : `your ${p.agents.length} agents`;
  const intro =
    p.kind === 'prompt'
      ? `*Monthly value review: ${label}*\nWhat did ${count} earn in ${label}? Press Report beside each one: the dollar number, and where it comes from.`
      : `*Reminder: ${label} is still missing*\nThe value review needs a number for ${p.agents.length === 1 ? 'this agent' : 'these agents'}.`;
  const late = p.lateSince
    ? [
        context([
          `This comes late: it was due ${formatDateTime(p.lateSince, p.zone)}, while the app was down.`,
        ]),
      ]
    : [];
  const shown = p.agents.slice(0, MAX_PROMPT_AGENTS);
  const hidden = p.agents.length - shown.length;
  return {
    text:
      p.kind === 'prompt'
        ? `Monthly value review: please report ${label} for ${names}.`
        : `Reminder: ${label} is still missing for ${names}.`,
    blocks: [
      section(intro, 'prompt_intro'),
      ...late,
      ...shown.map((agent) => promptAgentBlock(agent, p)),
      ...(hidden > 0 ? [context([`${hidden} more agents: \`/maturity report\` lists them all.`])] : []),
      context([
        `The review posts ${day(p.postAt, p.zone)}. A loss is a fair answer: type it with a minus sign.`,
      ]),
    ],
  };
}

// ---- The portfolio owner's list of who is missing ----

export interface EscalationInput {
  readonly month: PeriodKey;
  readonly missing: readonly {
    readonly agentId: number;
    readonly name: string;
    readonly ownerId: string;
    /** Why the owner could not be messaged, when Slack refused. */
    readonly unreachable: string | null;
  }[];
  readonly postAt: Date;
  readonly zone: string;
}

export function escalationMessage(p: EscalationInput): SlackMessage {
  const label = monthLabel(p.month);
  const n = p.missing.length;
  const shown = p.missing.slice(0, MAX_PROMPT_AGENTS);
  return {
    text: `${n} ${n === 1 ? 'agent has' : 'agents have'} no number for ${label} yet.`,
    blocks: [
      section(
        `*${n} ${n === 1 ? 'agent has' : 'agents have'} no number for ${label} yet*\nTheir owners were asked and reminded. The review posts ${day(p.postAt, p.zone)} with or without them. You can report for an owner; it is recorded as reported on their behalf.`,
        'escalation_intro',
      ),
      ...shown.map((m) => ({
        ...section(
          `*${escapeMrkdwn(m.name)}*: owner ${mention(m.ownerId)}${m.unreachable ? ` (could not be messaged: ${escapeMrkdwn(m.unreachable)})` : ''}`,
          promptAgentBlockId(m.agentId),
        ),
        accessory: {
          type: 'button' as const,
          text: plain('Report for them', LIMITS.buttonText),
          action_id: REPORT_OPEN_ACTION_ID,
          value: String(m.agentId),
        },
      })),
      ...(n > shown.length ? [context([`${n - shown.length} more agents are missing too.`])] : []),
    ],
  };
}

// ---- The review post ----

export interface ReviewLine {
  readonly agentId: number;
  readonly name: string;
  readonly ownerId: string;
  readonly targetCents: number;
  readonly amountCents: number | null;
  /** The months before, newest first, only those the agent existed in. */
  readonly history: readonly { readonly month: PeriodKey; readonly cents: number | null }[];
  readonly flags: readonly DriftFlag[];
}

export interface ReviewPostInput {
  readonly month: PeriodKey;
  readonly currency: string;
  readonly zone: string;
  readonly lateSince: Date | null;
  readonly totalCents: number;
  readonly reported: number;
  readonly lines: readonly ReviewLine[];
}

function reviewAgentLine(line: ReviewLine, currency: string): string {
  const number =
    line.amountCents === null
      ? '*no number*'
      : `*${money(line.amountCents, currency)}* of ${money(line.targetCents, currency)} target`;
  const history =
    line.history.length === 0
      ? 'first month'
      : line.history
          .map(
            (h) =>
              `${monthName(h.month).slice(0, 3)} ${h.cents === null ? 'none' : money(h.cents, currency)}`,
          )
          .join(' · ');
  const flags = line.flags.map((flag) => `\n:warning: ${escapeMrkdwn(flag.message)}`).join('');
  return `*${escapeMrkdwn(line.name)}* (${mention(line.ownerId)}): ${number}\n${history}${flags}`;
}

export function reviewMessage(p: ReviewPostInput): SlackMessage {
  const label = monthLabel(p.month);
  const expected = p.lines.length;
  const targetCents = p.lines.reduce((sum, line) => sum + line.targetCents, 0);
  const missing = p.lines.filter((line) => line.amountCents === null);
  const killOrScale = p.lines.filter((line) => line.flags.some((flag) => flag.id === 'missedTwice'));
  const blocks: KnownBlock[] = [
    header(`Value review: ${label}`),
    ...(p.lateSince ? [context([`Late: this review was due ${formatDateTime(p.lateSince, p.zone)}.`])] : []),
    section(
      `*Total: ${money(p.totalCents, p.currency)}* against ${money(targetCents, p.currency)} of targets, from ${p.reported} of ${expected} ${expected === 1 ? 'agent' : 'agents'}.`,
      REVIEW_TOTAL_BLOCK_ID,
    ),
    ...packedSections(
      p.lines.map((line) => reviewAgentLine(line, p.currency)),
      '\n\n',
      reviewAgentsBlockId,
    ).sections,
  ];
  if (missing.length > 0) {
    const who = missing.map((line) => `${escapeMrkdwn(line.name)} (${mention(line.ownerId)})`).join(', ');
    blocks.push(section(`*Did not report:* ${who}`, REVIEW_MISSING_BLOCK_ID));
  }
  if (killOrScale.length > 0) {
    const names = killOrScale.map((line) => escapeMrkdwn(line.name)).join(', ');
    blocks.push(
      section(
        `*On the next kill-or-scale vote:* ${names}. No number two months running.`,
        REVIEW_KILL_OR_SCALE_BLOCK_ID,
      ),
    );
  }
  blocks.push(context(['An owner can still correct a number; the correction is kept beside the original.']));
  return {
    text: `Value review ${label}: ${money(p.totalCents, p.currency)} from ${p.reported} of ${expected} agents.`,
    blocks: blocks.slice(0, LIMITS.messageBlocks),
  };
}

// ---- The report modal ----

export interface ReportChoice {
  readonly id: number;
  readonly name: string;
  readonly metric: string;
  readonly monthlyTargetCents: number;
  readonly ownerId: string;
}

export interface ReportModalInput {
  readonly month: PeriodKey;
  /** One agent: the modal is for it. Several: the person picks. */
  readonly agents: readonly ReportChoice[];
  /** The current report of the single agent, to start from. */
  readonly existing: MonthlyReport | null;
  /** The month's review is already posted: what is sent now is a correction. */
  readonly posted: boolean;
  readonly viewerId: string;
  readonly currency: string;
}

export interface ReportMetadata {
  readonly month: PeriodKey;
  readonly agentId: number | null;
}

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  opts: { hint?: string; optional?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    optional: opts.optional ?? false,
    element,
  };
}

function textElement(
  initial: string | null | undefined,
  opts: { multiline?: boolean; maxLength?: number } = {},
) {
  return {
    type: 'plain_text_input' as const,
    action_id: INPUT_ACTION_ID,
    multiline: opts.multiline ?? false,
    ...(opts.maxLength ? { max_length: opts.maxLength } : {}),
    ...(initial ? { initial_value: initial } : {}),
  };
}

const MAX_AGENT_OPTIONS = 100;

function centsForInput(cents: number): string {
  return (cents / 100).toFixed(Number.isInteger(cents / 100) ? 0 : 2);
}

export function reportModal(p: ReportModalInput): ModalView {
  const label = monthLabel(p.month);
  const single = p.agents.length === 1 ? p.agents[0] : undefined;
  const metadata: ReportMetadata = { month: p.month, agentId: single?.id ?? null };
  const about: KnownBlock[] = single
    ? [
        section(
          `*${escapeMrkdwn(single.name)}*\nMetric: ${escapeMrkdwn(single.metric)} · Target ${money(single.monthlyTargetCents, p.currency)} a month${single.ownerId === p.viewerId ? '' : `\nOwner: ${mention(single.ownerId)}. You report on their behalf, and it is recorded as such.`}`,
          REPORT_AGENT_BLOCK_ID,
        ),
      ]
    : [
        input(REPORT_AGENT_BLOCK_ID, 'Which agent?', {
          type: 'static_select',
          action_id: INPUT_ACTION_ID,
          placeholder: plain('Pick an agent', LIMITS.optionText),
          options: p.agents
            .slice(0, MAX_AGENT_OPTIONS)
            .map((a) =>
              option(a.ownerId === p.viewerId ? a.name : `${a.name} (for its owner)`, String(a.id)),
            ),
        }),
      ];
  const status: KnownBlock[] = p.posted
    ? [
        context([
          `The ${label} review is already posted. What you send now is kept as a correction beside the original.`,
        ]),
      ]
    : p.existing
      ? [
          context([
            `Already reported: ${money(p.existing.amountCents, p.currency)}. Sending again replaces it until the review posts.`,
          ]),
        ]
      : [];
  const existing = p.existing;
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: plain('Report a number', LIMITS.modalTitle),
    submit: plain(p.posted ? 'Send correction' : 'Report', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      ...about,
      ...status,
      input(
        REPORT_AMOUNT_BLOCK_ID,
        `Dollar number for ${label}`,
        textElement(existing && centsForInput(existing.amountCents)),
        {
          hint: 'What the agent earned or saved in the month, as you like: 12500, $12,500, 12.5k or 1.2M. A loss is fine: -3,000.',
        },
      ),
      input(REPORT_NOTE_BLOCK_ID, 'Note', textElement(existing?.note, { multiline: true, maxLength: 1000 }), {
        optional: true,
        hint: 'Anything the review should know, like a holiday month or a one-off order.',
      }),
      input(
        REPORT_EVIDENCE_BLOCK_ID,
        'Evidence link',
        {
          type: 'url_text_input',
          action_id: INPUT_ACTION_ID,
          ...(existing?.evidenceUrl ? { initial_value: existing.evidenceUrl } : {}),
        },
        {
          optional: true,
          hint: 'Where the number comes from: the report or screen in the ERP or other system of record.',
        },
      ),
      input(
        REPORT_HANDOFF_BLOCK_ID,
        'Share of cases handed to a person (%)',
        textElement(
          existing?.handoffPercent === null || existing === null ? null : String(existing.handoffPercent),
        ),
        {
          optional: true,
          hint: 'Of the cases the agent saw this month, how many went to a person. For example 12 or 12.5%.',
        },
      ),
    ],
  };
}

export interface ReportSavedInput {
  readonly agentName: string;
  readonly month: PeriodKey;
  readonly report: MonthlyReport;
  readonly outcome: 'reported' | 'updated' | 'corrected' | 'repeat';
  readonly onBehalfOf: string | null;
  readonly currency: string;
}

export function reportSavedModal(p: ReportSavedInput): ModalView {
  const amount = money(p.report.amountCents, p.currency);
  const lines = [
    `*${escapeMrkdwn(p.agentName)}*, ${monthLabel(p.month)}: *${amount}*`,
    ...(p.outcome === 'corrected'
      ? [
          `The review was already posted, so this is kept as a correction beside the original ${money(p.report.originalCents, p.currency)}.`,
        ]
      : []),
    ...(p.report.amountCents < 0
      ? ['That is a loss. It is recorded as typed and flagged in the review.']
      : []),
    ...(p.onBehalfOf ? [`Recorded as reported on behalf of ${mention(p.onBehalfOf)}.`] : []),
  ];
  return {
    type: 'modal',
    callback_id: `${REPORT_CALLBACK_ID}_saved`,
    title: plain('Number saved', LIMITS.modalTitle),
    close: plain('Done', LIMITS.modalTitle),
    blocks: [section(lines.join('\n'), 'report_saved')],
  };
}

/** A small modal that says why not, and who can. */
// ---- The ritual schedule ----

const STATE_WORDS: Readonly<Record<RunSummary['state'], string>> = {
  running: 'Running',
  done: 'Done',
  missed: 'Missed',
};

/** A run named the way its messages name it: the month the review covers, the quarter the vote is held in. */
function runName(ritual: RitualId, period: PeriodKey): string {
  return ritual === 'value-review'
    ? `the ${monthLabel(reportedMonthFor(period))} review`
    : `the ${monthLabel(period)} vote`;
}

function runLine(ritual: RitualId, run: RunSummary, zone: string): string {
  const when =
    run.state === 'missed'
      ? `was due ${formatDate(run.dueAt, zone)}; the app was down too long to send it`
      : run.state === 'done' && run.finishedAt
        ? `finished ${formatDate(run.finishedAt, zone)}`
        : `since ${formatDate(run.startedAt, zone)}`;
  return `${STATE_WORDS[run.state]}: ${runName(ritual, run.period)}, ${when}${run.late ? ' (ran late)' : ''}`;
}

export function ritualStatusText(s: RitualStatus, zone: string): string {
  const lines = [
    `*${RITUAL_NAMES[s.ritual] ?? s.ritual}*: ${s.schedule}`,
    `Next due: ${formatDateTime(s.nextDueAt, zone)}`,
    ...s.running.map((run) => runLine(s.ritual, run, zone)),
    ...s.recent.map((run) => runLine(s.ritual, run, zone)),
  ];
  return lines.join('\n');
}

export function ritualsBlocks(statuses: readonly RitualStatus[], zone: string): KnownBlock[] {
  return [
    header('Ritual schedule'),
    ...statuses.map((s) => section(ritualStatusText(s, zone), `rituals_${s.ritual}`)),
    context([
      "Times are in the workspace time zone. `/maturity review now` runs this month's value review now.",
    ]),
  ];
}

// ---- The Home section ----

export interface ValueReviewHomeInput {
  readonly month: PeriodKey;
  readonly posted: boolean;
  readonly postAt: Date;
  readonly zone: string;
  readonly agents: readonly ReviewAgentStatus[];
  readonly viewerId: string;
  readonly currency: string;
  /** Admins and the portfolio owner see the schedule, the settings and "run now". */
  readonly manage: { readonly statuses: readonly RitualStatus[]; readonly settings: ReviewSettings } | null;
  /** The viewer owns a running agent or is the portfolio owner. */
  readonly canReport: boolean;
}

const MAX_HOME_AGENT_SECTIONS = 3;

function homeAgentLine(s: ReviewAgentStatus, month: PeriodKey, currency: string): string {
  const latest = s.latest
    ? `${money(s.latest.amountCents, currency)} for ${monthLabel(s.latest.month)}`
    : 'no number yet';
  const current = s.current ? `${monthName(month)}: in` : `${monthName(month)}: not in yet`;
  return `• *${escapeMrkdwn(s.agent.name)}* (${mention(s.agent.ownerId)}): ${latest} · ${current}`;
}

export function valueReviewHomeSection(p: ValueReviewHomeInput): KnownBlock[] {
  const label = monthLabel(p.month);
  const inCount = p.agents.filter((s) => s.current !== null).length;
  const summary =
    p.agents.length === 0
      ? 'No agent is running, so there is nothing to report yet.'
      : p.posted
        ? `The ${label} review is posted: ${inCount} of ${p.agents.length} numbers came in.`
        : `*${label}:* ${inCount} of ${p.agents.length} numbers are in. The review posts ${day(p.postAt, p.zone)}, or as soon as every number is in.`;
  const lines = function* () {
    for (const s of p.agents) yield homeAgentLine(s, p.month, p.currency);
  };
  const shown = packedSections(
    lines(),
    '\n',
    (part) => `home_review_agents_${part}`,
    MAX_HOME_AGENT_SECTIONS,
  );
  const blocks: KnownBlock[] = [
    header('Monthly value review'),
    section(summary, 'home_review_summary'),
    ...shown.sections,
    ...(shown.complete ? [] : [context(['More agents than fit here: `/maturity agents` lists them all.'])]),
  ];
  if (p.canReport) {
    blocks.push(
      actions('home_review_report', [
        { text: 'Report a number', actionId: HOME_REPORT_ACTION_ID, style: 'primary' },
      ]),
    );
  }
  if (p.manage) {
    const { settings } = p.manage;
    blocks.push(
      ...p.manage.statuses.map((s) => section(ritualStatusText(s, p.zone), `home_rituals_${s.ritual}`)),
      context([
        `Owners are asked at ${settings.time} (${p.zone}). A number is flagged when it is more than ${formatPercent(settings.dropPercent)} below its 3-month average, or below target ${settings.belowTargetMonths} ${settings.belowTargetMonths === 1 ? 'month' : 'months'} running.`,
      ]),
      actions('home_review_manage', [
        { text: 'Run the review now', actionId: RUN_REVIEW_NOW_ACTION_ID },
        { text: 'Review settings', actionId: REVIEW_SETTINGS_ACTION_ID },
      ]),
    );
  }
  return blocks;
}

// ---- Review settings ----

export function reviewSettingsModal(s: ReviewSettings): ModalView {
  return {
    type: 'modal',
    callback_id: REVIEW_SETTINGS_CALLBACK_ID,
    title: plain('Review settings', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      input(
        SETTINGS_TIME_BLOCK_ID,
        'Time owners are asked',
        { type: 'timepicker', action_id: INPUT_ACTION_ID, initial_time: s.time },
        {
          hint: 'In the workspace time zone, on the first business day of the month. Reminders and the post keep this time.',
        },
      ),
      input(
        SETTINGS_DROP_BLOCK_ID,
        'Flag a drop below the 3-month average of more than (%)',
        textElement(String(s.dropPercent)),
        {
          hint: 'A whole number from 1 to 100.',
        },
      ),
      input(
        SETTINGS_BELOW_BLOCK_ID,
        'Flag when below target this many months running',
        textElement(String(s.belowTargetMonths)),
        {
          hint: 'A whole number from 1 to 12.',
        },
      ),
    ],
  };
}

export function reviewSettingsSavedModal(s: ReviewSettings): ModalView {
  return noticeModal(
    'Review settings',
    `Saved. Owners are asked at ${s.time}; drops of more than ${formatPercent(s.dropPercent)} and ${s.belowTargetMonths} ${s.belowTargetMonths === 1 ? 'month' : 'months'} below target are flagged.`,
  );
}
