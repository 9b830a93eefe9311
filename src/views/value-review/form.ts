import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { MonthlyReport, ReportChange } from '../../domain/monthly-report.js';
import { REVIEW_SETTING_LIMITS, type ReviewSettings } from '../../domain/value-review.js';
import { context, INPUT_ACTION_ID, LIMITS, modal, noticeModal, option, plain, section } from '../kit.js';
import { escapeMrkdwn, formatPercent, mention } from '../mrkdwn.js';
import { money } from './text.js';

// The value review's modals: reporting a month's number and the review settings.

export const REPORT_CALLBACK_ID = 'value_review_report';
export const REVIEW_SETTINGS_CALLBACK_ID = 'value_review_settings';
export const REPORT_AGENT_BLOCK_ID = 'report_agent';
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
  /** The current report of the single agent, to start from. */
  readonly existing: MonthlyReport | null;
  /** The month's review is already posted: what is sent now is a correction. */
  readonly posted: boolean;
  readonly viewerId: string;
  readonly currency: string;
  /** The single agent's dollars for the month from its live feed, offered when nothing is reported yet. */
  readonly feedCents: number | null;
}

export interface ReportMetadata {
  readonly month: PeriodKey;
  readonly agentId: number | null;
  /** The number the modal offered from the live feed: sent back unchanged, the report's source is the feed. */
  readonly feedCents: number | null;
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

export function reportModal(p: ReportModalInput): ModalView {
  const label = monthLabel(p.month);
  const single = p.agents.length === 1 ? p.agents[0] : undefined;
  const feedCents = single && !p.existing ? p.feedCents : null;
  const metadata: ReportMetadata = { month: p.month, agentId: single?.id ?? null, feedCents };
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
  return modal({
    callbackId: REPORT_CALLBACK_ID,
    privateMetadata: JSON.stringify(metadata),
    title: 'Report a number',
    submit: p.posted ? 'Send correction' : 'Report',
    blocks: [
      ...about,
      ...status,
      input(
        REPORT_AMOUNT_BLOCK_ID,
        `Dollar number for ${label}`,
        textElement(
          existing
            ? centsForInput(existing.amountCents)
            : feedCents === null
              ? null
              : centsForInput(feedCents),
        ),
        {
          hint:
            feedCents === null
              ? 'What the agent earned or saved in the month, as you like: 12500, $12,500, 12.5k or 1.2M. A loss is fine: -3,000.'
              : FROM_FEED_HINT,
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
