import type { KnownBlock } from '@slack/types';
import { monthLabel, type PeriodKey } from '../../domain/calendar.js';
import type { ReviewAgentStatus, ReviewCounts } from '../../domain/monthly-report.js';
import type { RitualStatus } from '../../domain/ritual-status.js';
import type { ReviewSettings } from '../../domain/value-review.js';
import { FEED_SETTINGS_ACTION_ID } from '../feeds/settings.js';
import { actions, context, header, section } from '../kit.js';
import { escapeMrkdwn, formatPercent, mention } from '../mrkdwn.js';
import { RITUALS_BUSINESS_DAYS_BLOCK_ID, ritualStatusText } from '../rituals.js';
import { day, money, monthName, packedSections } from './text.js';

// The value review's section of the Home tab.

export const HOME_REPORT_ACTION_ID = 'value_review_home_report';
export const RUN_REVIEW_NOW_ACTION_ID = 'value_review_run_now';
export const REVIEW_SETTINGS_ACTION_ID = 'value_review_settings_open';
// ---- The Home section ----

export interface ValueReviewHomeInput {
  readonly month: PeriodKey;
  readonly posted: boolean;
  readonly postAt: Date;
  readonly zone: string;
  readonly counts: ReviewCounts;
  /** The agents by name; iterated only as far as the section has room. */
  readonly agents: Iterable<ReviewAgentStatus>;
  readonly viewerId: string;
  readonly currency: string;
  /** Admins and the portfolio owner see the schedule, the settings and "run now". */
  readonly manage: {
    readonly statuses: readonly RitualStatus[];
    readonly settings: ReviewSettings;
    /** What a business day is here, for the schedule. */
    readonly businessDays: string;
  } | null;
  /** The viewer owns a running agent or is the portfolio owner. */
  readonly canReport: boolean;
  /** Each agent's live feed, in words ('' or absent without one). */
  readonly feeds: ReadonlyMap<number, string>;
}

const MAX_HOME_AGENT_SECTIONS = 3;

function homeAgentLine(s: ReviewAgentStatus, month: PeriodKey, currency: string, feed: string): string {
  const latest = s.latest
    ? `${money(s.latest.amountCents, currency)} for ${monthLabel(s.latest.month)}`
    : 'no number yet';
  const current = s.current ? `${monthName(month)}: in` : `${monthName(month)}: not in yet`;
  return `• *${escapeMrkdwn(s.agent.name)}* (${mention(s.agent.ownerId)}): ${latest}${feed === '' ? '' : ` · ${feed}`} · ${current}`;
}

export function valueReviewHomeSection(p: ValueReviewHomeInput): KnownBlock[] {
  const label = monthLabel(p.month);
  const { agents, reported } = p.counts;
  const summary =
    agents === 0
      ? 'No agent is running, so there is nothing to report yet.'
      : p.posted
        ? `The ${label} review is posted: ${reported} of ${agents} numbers came in.`
        : `*${label}:* ${reported} of ${agents} numbers are in. The review posts ${day(p.postAt, p.zone)}, or as soon as every number is in.`;
  const lines = function* () {
    for (const s of p.agents) yield homeAgentLine(s, p.month, p.currency, p.feeds.get(s.agent.id) ?? '');
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
      section(p.manage.businessDays, `home_${RITUALS_BUSINESS_DAYS_BLOCK_ID}`),
      ...p.manage.statuses.map((s) => section(ritualStatusText(s, p.zone), `home_rituals_${s.ritual}`)),
      context([
        `Owners are asked at ${settings.time} (${p.zone}). A number is flagged when it is more than ${formatPercent(settings.dropPercent)} below its 3-month average, or below target ${settings.belowTargetMonths} ${settings.belowTargetMonths === 1 ? 'month' : 'months'} running.`,
      ]),
      actions('home_review_manage', [
        { text: 'Run the review now', actionId: RUN_REVIEW_NOW_ACTION_ID },
        { text: 'Review settings', actionId: REVIEW_SETTINGS_ACTION_ID },
        { text: 'Feed alert settings', actionId: FEED_SETTINGS_ACTION_ID },
      ]),
    );
  }
  return blocks;
}
