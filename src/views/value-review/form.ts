import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { MonthlyReport, ReportChange } from '../../domain/monthly-report.js';
import { REVIEW_SETTING_LIMITS, type ReviewSettings } from '../../domain/value-review.js';
import { context, INPUT_ACTION_ID, LIMITS, modal, noticeModal, option, plain, section } from '../kit.js';
import { escapeMrkdwn, formatPercent, mention } from '../mrkdwn.js';
import { money, sourcePhrase } from './text.js';

// The value review's modals: reporting a month's number and the review settings.

export const REPORT_CALLBACK_ID = 'value_review_report';
export const REVIEW_SETTINGS_CALLBACK_ID = 'value_review_settings';
export const REPORT_AGENT_BLOCK_ID = 'report_agent';
/** The agent menu of the modal for several agents: picking one fills the form in for it. */
export const REPORT_AGENT_ACTION_ID = 'report_agent_pick';
export const REPORT_AMOUNT_BLOCK_ID = 'report_amount';
export const REPORT_NOTE_BLOCK_ID = 'report_note';
export const REPORT_EVIDENCE_BLOCK_ID = 'report_evidence';
export const REPORT_HANDOFF_BLOCK_ID = 'report_handoff';

export const SETTINGS_TIME_BLOCK_ID = 'review_time';
export const SETTINGS_DROP_BLOCK_ID = 'review_drop';
export const SETTINGS_BELOW_BLOCK_ID = 'review_below';

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
  /** Of several agents, the one picked so far: the form is filled in for it. */
  readonly pickedId?: number | null;
  /** The current report of the agent the form is for (the single one, or the one picked), to start from. */
  readonly existing: MonthlyReport | null;
  /** The month's review is already posted: what is sent now is a correction. */
  readonly posted: boolean;
  readonly viewerId: string;
  readonly currency: string;
  /** The month's dollars from the live feed of the agent the form is for; offered when nothing is reported yet. */
  readonly feedCents: number | null;
}

export interface ReportMetadata {
  readonly month: PeriodKey;
  /** The single agent the modal is for; null when the person picks. */
  readonly agentId: number | null;
  /** Of several agents, the one the form was filled in for: its inputs' block ids carry its id. */
  readonly pickedId: number | null;
  /** The live feed's number the form is for: a number sent equal to it came from the feed. */
  readonly feedCents: number | null;
}

/**
 * The block id of one of the form's inputs. With several agents each pick gets its own ids, so Slack shows the
 * picked agent's numbers instead of keeping what the inputs held for the previous one.
 */
export function reportInputBlockId(blockId: string, pickedId: number | null): string {
  return pickedId === null ? blockId : `${blockId}_${pickedId}`;
}

export const FROM_FEED_HINT = 'From the live feed; change it if it is wrong.';

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

/** The agent's metric and target, and whose it is when the viewer reports for its owner. */
function aboutAgent(agent: ReportChoice, p: ReportModalInput): string {
  const onBehalf =
    agent.ownerId === p.viewerId
      ? ''
      : `\nOwner: ${mention(agent.ownerId)}. You report on their behalf, and it is recorded as such.`;
  return `Metric: ${escapeMrkdwn(agent.metric)} · Target ${money(agent.monthlyTargetCents, p.currency)} a month${onBehalf}`;
}

export function reportModal(p: ReportModalInput): ModalView {
  const label = monthLabel(p.month);
  const single = p.agents.length === 1 ? p.agents[0] : undefined;
  const picked = single ? undefined : p.agents.find((a) => a.id === p.pickedId);
  const pickedId = picked?.id ?? null;
  const blockId = (id: string) => reportInputBlockId(id, pickedId);
  const existing = single || picked ? p.existing : null;
  const feedCents = single || picked ? p.feedCents : null;
  // The feed's number is offered only where nothing is reported yet; it is kept either way, to tell the source.
  const offered = existing ? null : feedCents;
  const metadata: ReportMetadata = { month: p.month, agentId: single?.id ?? null, pickedId, feedCents };
  const options = p.agents
    .slice(0, MAX_AGENT_OPTIONS)
    .map((a) => option(a.ownerId === p.viewerId ? a.name : `${a.name} (for its owner)`, String(a.id)));
  const about: KnownBlock[] = single
    ? [section(`*${escapeMrkdwn(single.name)}*\n${aboutAgent(single, p)}`, REPORT_AGENT_BLOCK_ID)]
    : [
        {
          type: 'input',
          block_id: REPORT_AGENT_BLOCK_ID,
          dispatch_action: true,
          label: plain('Which agent?', 2000),
          hint: plain('Picking one fills in what is known for it: its live feed or its number so far.', 2000),
          element: {
            type: 'static_select',
            action_id: REPORT_AGENT_ACTION_ID,
            placeholder: plain('Pick an agent', LIMITS.optionText),
            options,
            ...(picked ? { initial_option: options.find((o) => o.value === String(picked.id)) } : {}),
          },
        },
        ...(picked ? [context([aboutAgent(picked, p)])] : []),
      ];
  const status: KnownBlock[] = p.posted
    ? [
        context([
          `The ${label} review is already posted${existing ? ` with ${money(existing.amountCents, p.currency)} (${sourcePhrase(existing, p.currency)})` : ''}. What you send now is kept as a correction beside the original.`,
        ]),
      ]
    : existing
      ? [
          context([
            `Already reported: ${money(existing.amountCents, p.currency)} (${sourcePhrase(existing, p.currency)}). Sending again replaces it until the review posts.`,
          ]),
        ]
      : [];
  return modal({
    callbackId: REPORT_CALLBACK_ID,
    privateMetadata: JSON.stringify(metadata),
    title: 'Report a number',
    submit: p.posted ? 'Send correction' : 'Report',
    blocks: [
      ...about,
      ...status,
      input(
        blockId(REPORT_AMOUNT_BLOCK_ID),
        `Dollar number for ${label}`,
        textElement(
          existing ? centsForInput(existing.amountCents) : offered === null ? null : centsForInput(offered),
        ),
        {
          hint:
            offered === null
              ? 'What the agent earned or saved in the month, as you like: 12500, $12,500, 12.5k or 1.2M. A loss is fine: -3,000.'
              : FROM_FEED_HINT,
        },
      ),
      input(
        blockId(REPORT_NOTE_BLOCK_ID),
        'Note',
        textElement(existing?.note, { multiline: true, maxLength: 1000 }),
        {
          optional: true,
          hint: 'Anything the review should know, like a holiday month or a one-off order.',
        },
      ),
      input(
        blockId(REPORT_EVIDENCE_BLOCK_ID),
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
        blockId(REPORT_HANDOFF_BLOCK_ID),
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
  });
}

export interface ReportSavedInput {
  readonly agentName: string;
  readonly month: PeriodKey;
  readonly report: MonthlyReport;
  readonly outcome: ReportChange;
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
    `Source: ${sourcePhrase(p.report, p.currency)}.`,
  ];
  return modal({
    callbackId: `${REPORT_CALLBACK_ID}_saved`,
    title: 'Number saved',
    close: 'Done',
    blocks: [section(lines.join('\n'), 'report_saved')],
  });
}

// ---- Review settings ----

export function reviewSettingsModal(s: ReviewSettings): ModalView {
  return modal({
    callbackId: REVIEW_SETTINGS_CALLBACK_ID,
    title: 'Review settings',
    submit: 'Save',
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
          hint: `A whole number from ${REVIEW_SETTING_LIMITS.dropPercent.min} to ${REVIEW_SETTING_LIMITS.dropPercent.max}.`,
        },
      ),
      input(
        SETTINGS_BELOW_BLOCK_ID,
        'Flag when below target this many months running',
        textElement(String(s.belowTargetMonths)),
        {
          hint: `A whole number from ${REVIEW_SETTING_LIMITS.belowTargetMonths.min} to ${REVIEW_SETTING_LIMITS.belowTargetMonths.max}.`,
        },
      ),
    ],
  });
}

export function reviewSettingsSavedModal(s: ReviewSettings): ModalView {
  return noticeModal(
    'Review settings',
    `Saved. Owners are asked at ${s.time}; drops of more than ${formatPercent(s.dropPercent)} and ${s.belowTargetMonths} ${s.belowTargetMonths === 1 ? 'month' : 'months'} below target are flagged.`,
  );
}
