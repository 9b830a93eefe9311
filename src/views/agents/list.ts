// The registry as a list: one line per agent, grouped by status.

import type { KnownBlock, SectionBlock } from '@slack/types';
import {
  type Agent,
  type AgentStatus,
  CATEGORY_LABELS,
  STATUS_LABELS,
  type StatusCounts,
  statusCounts,
} from '../../domain/agents.js';
import type { GateReviewState } from '../../domain/gate.js';
import { context, LIMITS, md, plain, section } from '../kit.js';
import { escapeMrkdwn, formatDate, formatMoney } from '../mrkdwn.js';
import { AGENT_DETAILS_ACTION_ID } from './ids.js';
import { ownerText, systemText } from './text.js';

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

export function countsLine(counts: StatusCounts): string {
  return STATUS_ORDER.flatMap((status) => {
    const n = counts[status] ?? 0;
    return n === 0 ? [] : [`${n} ${STATUS_LABELS[status].toLowerCase()}`];
  }).join(' · ');
}

/**
 * Agents grouped by status: the first ones of a list, with each group's size and a line saying how many more
 * there are. Keeps any list inside a surface's block limit however large the registry grows.
 */
export function groupedAgentBlocks(
  list: { readonly shown: readonly Agent[]; readonly counts: StatusCounts },
  ctx: ListContext,
  more: string,
): KnownBlock[] {
  const { shown, counts } = list;
  const blocks: KnownBlock[] = [];
  for (const status of STATUS_ORDER) {
    const inGroup = shown.filter((a) => a.status === status);
    if (inGroup.length === 0) continue;
    blocks.push(context([`*${STATUS_LABELS[status]}* · ${counts[status] ?? 0}`], `agents_group_${status}`));
    blocks.push(...inGroup.map((a) => agentSummaryBlock(a, ctx)));
  }
  const total = STATUS_ORDER.reduce((n, status) => n + (counts[status] ?? 0), 0);
  if (total > shown.length) {
    blocks.push(context([`Showing ${shown.length} of ${total} agents. ${more}`], 'agents_more'));
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
  const counts = statusCounts(agents);
  return [
    section(`*${title}:* ${countsLine(counts)}`, 'agents_counts'),
    ...groupedAgentBlocks(
      { shown: agents.slice(0, AGENTS_LIST_LIMIT), counts },
      ctx,
      '`/maturity agents <part of a name>` finds the rest.',
    ),
  ];
}

export function agentsListText(agents: readonly Agent[]): string {
  return agents.length === 0
    ? 'No agents registered yet.'
    : `The agent registry: ${countsLine(statusCounts(agents))}.`;
}
