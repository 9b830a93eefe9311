import type { KnownBlock, SectionBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { DriftFlag, MonthValue } from '../../domain/value-review.js';
import { dayLabel } from '../calendar.js';
import { context, header, LIMITS, plain, section } from '../kit.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn, formatDateTime, mention } from '../mrkdwn.js';
import { day, money, monthName, packedSections } from './text.js';

// What the monthly review sends: the owners' prompt and reminder, the portfolio owner's list of who is
// missing, and the review post.

export const REPORT_OPEN_ACTION_ID = 'value_review_report';
export const REVIEW_TOTAL_BLOCK_ID = 'review_total';
export const REVIEW_MISSING_BLOCK_ID = 'review_missing';
export const REVIEW_AWAY_BLOCK_ID = 'review_away';
export const PROMPT_ON_BEHALF_BLOCK_ID = 'prompt_on_behalf';
export const REVIEW_KILL_OR_SCALE_BLOCK_ID = 'review_kill_or_scale';
export const reviewAgentsBlockId = (part: number): string => `review_agents_${part}`;
export const promptAgentBlockId = (agentId: number): string => `prompt_agent_${agentId}`;

/** A Report button carries the month its message asked about, so a late click still files that month. */
export const reportButtonValue = (agentId: number, month: PeriodKey): string => `${agentId}@${month}`;
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
  /** Sent to the delegate of this away owner, who reports on their behalf. */
  readonly onBehalfOf?: string | null;
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
      value: reportButtonValue(agent.id, p.month),
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
  const delegate = p.onBehalfOf
    ? [
        context(
          [
            `On behalf of ${mention(p.onBehalfOf)}: they are away and named you to report for them. Your numbers are recorded as reported on their behalf.`,
          ],
          PROMPT_ON_BEHALF_BLOCK_ID,
        ),
      ]
    : [];
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
      (p.kind === 'prompt'
        ? `Monthly value review: please report ${label} for ${names}.`
        : `Reminder: ${label} is still missing for ${names}.`) +
      (p.onBehalfOf ? ` (on behalf of ${mention(p.onBehalfOf)}, who is away)` : ''),
    blocks: [
      section(intro, 'prompt_intro'),
      ...delegate,
      ...late,
      ...shown.map((agent) => promptAgentBlock(agent, p)),
      ...(hidden > 0 ? [context([`${hidden} more agents: \`/maturity report\` lists them all.`])] : []),
      context([
        `The review posts ${day(p.postAt, p.zone)}. A loss is a fair answer: type it with a minus sign.`,
      ]),
    ],
  };
}

// ---- The portfolio owner's list of who is missing, and who is away ----

export const ESCALATION_INTRO_BLOCK_ID = 'escalation_intro';
export const ESCALATION_AWAY_BLOCK_ID = 'escalation_away';

export interface EscalationAgent {
  readonly agentId: number;
  readonly name: string;
  readonly ownerId: string;
}

export interface EscalationInput {
  readonly month: PeriodKey;
  /** Owners who are here and were asked and reminded. */
  readonly missing: readonly (EscalationAgent & {
    /** Why the owner could not be messaged, when Slack refused. */
    readonly unreachable: string | null;
  })[];
  /** Owners away: not missing, and said apart so nobody is silently dropped. */
  readonly away: readonly (EscalationAgent & {
    /** Their last day away ('YYYY-MM-DD'), when they are away today. */
    readonly until: string | null;
    /** Who was asked on their behalf, if anyone. */
    readonly delegateId: string | null;
  })[];
  readonly postAt: Date;
  readonly zone: string;
}

function reportForThem(agent: EscalationAgent, text: string, month: PeriodKey): SectionBlock {
  return {
    ...section(text, promptAgentBlockId(agent.agentId)),
    accessory: {
      type: 'button',
      text: plain('Report for them', LIMITS.buttonText),
      action_id: REPORT_OPEN_ACTION_ID,
      value: reportButtonValue(agent.agentId, month),
    },
  };
}

function awayText(a: EscalationInput['away'][number]): string {
  const until = a.until === null ? 'was away' : `is away until ${dayLabel(a.until)}`;
  const who =
    a.delegateId === null
      ? 'nobody reports for them, so the review shows it as away, not missed'
      : `${mention(a.delegateId)} was asked to report on their behalf`;
  return `*${escapeMrkdwn(a.name)}*: owner ${mention(a.ownerId)} ${until}; ${who}.`;
}

const agentsCount = (n: number): string => `${n} ${n === 1 ? 'agent has' : 'agents have'}`;

export function escalationMessage(p: EscalationInput): SlackMessage {
  const label = monthLabel(p.month);
  const n = p.missing.length;
  const shown = p.missing.slice(0, MAX_PROMPT_AGENTS);
  const awayShown = p.away.slice(0, MAX_PROMPT_AGENTS - shown.length);
  const posts = `The review posts ${day(p.postAt, p.zone)} with or without them. You can report for an owner; it is recorded as reported on their behalf.`;
  const intro =
    n > 0
      ? `*${agentsCount(n)} no number for ${label} yet*\nTheir owners were asked and reminded. ${posts}`
      : `*Every owner who is here has reported ${label}*\nThe agents below have no number because their owners are away. ${posts}`;
  const awayNote =
    p.away.length > 0 ? ` ${agentsCount(p.away.length)} no number because the owner is away.` : '';
  return {
    text: `${n > 0 ? `${agentsCount(n)} no number for ${label} yet.` : `Every owner who is here has reported ${label}.`}${awayNote}`,
    blocks: [
      section(intro, ESCALATION_INTRO_BLOCK_ID),
      ...shown.map((m) =>
        reportForThem(
          m,
          `*${escapeMrkdwn(m.name)}*: owner ${mention(m.ownerId)}${m.unreachable ? ` (could not be messaged: ${escapeMrkdwn(m.unreachable)})` : ''}`,
          p.month,
        ),
      ),
      ...(n > shown.length ? [context([`${n - shown.length} more agents are missing too.`])] : []),
      ...(p.away.length > 0
        ? [section(`*Away, not missing (${p.away.length})*`, ESCALATION_AWAY_BLOCK_ID)]
        : []),
      ...awayShown.map((a) => reportForThem(a, awayText(a), p.month)),
      ...(p.away.length > awayShown.length
        ? [context([`${p.away.length - awayShown.length} more agents have owners away.`])]
        : []),
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
  /** No number because the owner is away with nobody reporting for them. */
  readonly away: boolean;
  /** The months before, newest first, only those the agent existed in. */
  readonly history: readonly { readonly month: PeriodKey; readonly cents: MonthValue }[];
  readonly flags: readonly DriftFlag[];
  /** The live feed's hand-off share and freshness, beside the number ('' without a feed). */
  readonly feed: string;
}

function historyText(cents: MonthValue, currency: string): string {
  if (cents === 'away') return 'away';
  return cents === null ? 'none' : money(cents, currency);
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
  const target =
    line.targetCents > 0
      ? ` of ${money(line.targetCents, currency)} target`
      : ' (no target yet: not in production that month)';
  const number =
    line.amountCents !== null
      ? `*${money(line.amountCents, currency)}*${target}`
      : line.away
        ? '*away* (the owner is away and nobody reports for them)'
        : '*no number*';
  const history =
    line.history.length === 0
      ? 'first month'
      : line.history
          .map((h) => `${monthName(h.month).slice(0, 3)} ${historyText(h.cents, currency)}`)
          .join(' · ');
  const flags = line.flags.map((flag) => `\n:warning: ${escapeMrkdwn(flag.message)}`).join('');
  const feed = line.feed === '' ? '' : ` · ${line.feed}`;
  return `*${escapeMrkdwn(line.name)}* (${mention(line.ownerId)}): ${number}${feed}\n${history}${flags}`;
}

export function reviewMessage(p: ReviewPostInput): SlackMessage {
  const label = monthLabel(p.month);
  const expected = p.lines.length;
  const targetCents = p.lines.reduce((sum, line) => sum + line.targetCents, 0);
  const missing = p.lines.filter((line) => line.amountCents === null && !line.away);
  const away = p.lines.filter((line) => line.away);
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
  if (away.length > 0) {
    const who = away.map((line) => `${escapeMrkdwn(line.name)} (${mention(line.ownerId)})`).join(', ');
    blocks.push(
      section(`*Away, nobody reporting for them:* ${who}. Not counted as missed.`, REVIEW_AWAY_BLOCK_ID),
    );
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
