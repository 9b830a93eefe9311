import type { KnownBlock } from '@slack/types';
import { STATUS_LABELS } from '../../domain/agents.js';
import { type BacklogCandidate, expectedValueCents } from '../../domain/backlog.js';
import { monthLabel, monthsOfQuarter, type PeriodKey } from '../../domain/calendar.js';
import type { AgentNumbers, LastVote } from '../../domain/governance.js';
import { targetOver } from '../../domain/judged-months.js';
import { roundName } from '../../domain/kill-or-scale.js';
import type { Evidence, StoredPlacement } from '../../domain/placement.js';
import type { ReuseReport } from '../../domain/reuse.js';
import { stageLabel } from '../../domain/stages.js';
import { OUTCOME_LABELS } from '../../domain/vote.js';
import { reuseAgentLines, reuseSentences } from '../governance.js';
import { actions, context, header, section } from '../kit.js';
import { escapeMrkdwn, formatDate, formatMoney, mention } from '../mrkdwn.js';

export const SUMMARY_BLOCKS = {
  stage: 'summary_stage',
  agents: 'summary_agents',
  vote: 'summary_vote',
  backlog: 'summary_backlog',
  reuse: 'summary_reuse',
  chart: 'summary_chart',
  actions: 'summary_actions',
} as const;
export const SUMMARY_POST_ACTION_ID = 'summary_post_open';

export const BACKLOG_TOP = 5;
const AGENT_LINES = 15;
const REUSE_AGENT_LINES = 5;

export interface QuarterNumbers {
  readonly quarter: PeriodKey;
  readonly months: readonly PeriodKey[];
  readonly agents: readonly AgentNumbers[];
}

export interface Summary {
  readonly now: Date;
  readonly timeZone: string;
  readonly currency: string;
  readonly placement: StoredPlacement | undefined;
  /** What the records say today, which may have moved since the last placement. */
  readonly evidence: Evidence;
  readonly quarter: QuarterNumbers;
  readonly lastVote: LastVote | undefined;
  /** Ranked, highest expected value first. */
  readonly backlog: readonly BacklogCandidate[];
  readonly reuse: ReuseReport;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function recordsLine(e: Evidence): string {
  const weeks =
    e.shipsInWeeks.medianDays === undefined
      ? 'too few agents through the gate to say how fast new ones ship'
      : `new agents reach the gate in a median of ${e.shipsInWeeks.medianDays} days (last ${e.shipsInWeeks.sample})`;
  const office = e.officeSideInProduction ? 'an office-side one among them' : 'none of them office-side';
  return `The records today: ${plural(e.productionAgents, 'agent')} in production (${office}), ${weeks}, ${plural(e.lineOrProductAgents, 'line-level or product agent')} registered.`;
}

function stageText(s: Summary): string {
  const p = s.placement;
  const placed = p
    ? `*${stageLabel(p.final)}*, placed ${formatDate(p.createdAt, s.timeZone)} by ${mention(p.userId)}.` +
      (p.overrides.length > 0
        ? ` The records overrode ${plural(p.overrides.length, 'answer')} at that placement.`
        : '') +
      (p.flags.length > 0 ? ` Flagged: ${p.flags.map((f) => escapeMrkdwn(f.title)).join(', ')}.` : '')
    : 'No placement yet: `/maturity` places the operation.';
  return `*Stage*\n${placed}\n${recordsLine(s.evidence)}`;
}

/** "Q4 2026", or "Q4 2026 (October and November: December's review has not posted yet)". */
function quarterTitle(quarter: PeriodKey, months: readonly PeriodKey[]): string {
  const all = monthsOfQuarter(quarter);
  if (months.length === all.length) return monthLabel(quarter);
  const left = all.filter((m) => !months.includes(m)).map(monthLabel);
  const judged = months.length === 0 ? 'no month yet' : months.map(monthLabel).join(' and ');
  return `${monthLabel(quarter)} (${judged}; not counted: ${left.join(', ')}, before the first agent in production or before its review posted)`;
}

function agentsText(s: Summary): string {
  const { quarter, months, agents } = s.quarter;
  const title = `*Agents, ${quarterTitle(quarter, months)}*`;
  if (agents.length === 0) return `${title}\nNo agent ran or reported in ${monthLabel(quarter)}.`;
  const rows = agents
    .map((a) => {
      const sum = months.reduce((total, m) => total + (a.reported.get(m) ?? 0), 0);
      const reportedMonths = months.filter((m) => a.reported.has(m)).length;
      const target = targetOver(a, months, s.timeZone);
      return { a, sum, reportedMonths, target };
    })
    .sort((x, y) => y.sum - x.sum || x.a.name.localeCompare(y.a.name));
  const lines = rows.slice(0, AGENT_LINES).map(({ a, sum, reportedMonths, target }) => {
    const who = `• *${escapeMrkdwn(a.name)}* · ${STATUS_LABELS[a.status]} · ${mention(a.ownerId)}: `;
    // Nothing owed yet (in production only since, or still in pilot): a percentage of nothing reads as failure.
    if (target === 0 && sum === 0) return `${who}first month, no target yet`;
    const owed =
      target > 0
        ? ` of ${formatMoney(target, s.currency)} target (${Math.round((sum / target) * 100)}%)`
        : ', no target owed yet (not in production then)';
    return `${who}${formatMoney(sum, s.currency)}${owed}, ${reportedMonths} of ${months.length} months reported`;
  });
  const total = rows.reduce((t, r) => t + r.sum, 0);
  const more = rows.length > AGENT_LINES ? [`…and ${rows.length - AGENT_LINES} more.`] : [];
  return [title, ...lines, ...more, `Portfolio total: *${formatMoney(total, s.currency)}*`].join('\n');
}

function voteText(s: Summary): string {
  const v = s.lastVote;
  if (!v) return '*Last kill-or-scale vote*\nNo vote has closed yet.';
  const closed = v.round.closedAt ? `, closed ${formatDate(v.round.closedAt, s.timeZone)}` : '';
  const lines = v.verdicts.map((verdict) => {
    const counted = `${verdict.voters} of ${verdict.eligible} voted`;
    const override = verdict.override
      ? `; the vote said ${OUTCOME_LABELS[verdict.override.votedOutcome]}, overridden by ${mention(verdict.override.by)}: "${escapeMrkdwn(verdict.override.reason)}"`
      : '';
    return `• *${escapeMrkdwn(verdict.name)}*: ${OUTCOME_LABELS[verdict.outcome]} (${counted}${override})`;
  });
  return [`*Last kill-or-scale vote: ${roundName(v.round.quarter)}${closed}*`, ...lines].join('\n');
}

function backlogText(s: Summary): string {
  if (s.backlog.length === 0) return '*Backlog, top five*\nEmpty. `/maturity backlog` adds candidates.';
  const lines = s.backlog.slice(0, BACKLOG_TOP).map((c, i) => {
    const state =
      c.status === 'committed' && c.shipBy ? `, committed, ships by ${formatDate(c.shipBy, s.timeZone)}` : '';
    return `${i + 1}. *${escapeMrkdwn(c.process)}*: ${formatMoney(expectedValueCents(c), s.currency)} expected a year${state}`;
  });
  return ['*Backlog, top five*', ...lines].join('\n');
}

function reuseText(s: Summary): string {
  const agents = reuseAgentLines(s.reuse, s.currency, REUSE_AGENT_LINES).map(
    (line) => `• ${escapeMrkdwn(line)}`,
  );
  return ['*Is each new agent getting cheaper?*', ...reuseSentences(s.reuse, s.currency), ...agents].join(
    '\n',
  );
}

/** The portfolio at a glance: stage with evidence, last quarter's numbers, the last vote, the backlog, reuse. */
export function summaryBlocks(
  s: Summary,
  p: { chartNote: string | null; withPostButton: boolean },
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header('Portfolio summary'),
    context([`As of ${formatDate(s.now, s.timeZone)}`]),
    section(stageText(s), SUMMARY_BLOCKS.stage),
    section(agentsText(s), SUMMARY_BLOCKS.agents),
    section(voteText(s), SUMMARY_BLOCKS.vote),
    section(backlogText(s), SUMMARY_BLOCKS.backlog),
    section(reuseText(s), SUMMARY_BLOCKS.reuse),
  ];
  if (p.chartNote) blocks.push(context([p.chartNote], SUMMARY_BLOCKS.chart));
  if (p.withPostButton) {
    blocks.push(
      actions(SUMMARY_BLOCKS.actions, [{ text: 'Post to a channel', actionId: SUMMARY_POST_ACTION_ID }]),
    );
  }
  return blocks;
}

export function summaryText(s: Summary): string {
  const stage = s.placement ? stageLabel(s.placement.final) : 'not placed yet';
  return `Portfolio summary: ${stage}; ${plural(s.quarter.agents.length, 'agent')} in ${monthLabel(s.quarter.quarter)}.`;
}
