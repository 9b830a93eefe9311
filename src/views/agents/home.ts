// The portfolio section of the Home tab.

import type { KnownBlock } from '@slack/types';
import type { Agent, StatusCounts } from '../../domain/agents.js';
import type { GateReview } from '../../domain/gate.js';
import { reviewGateButton } from '../gate/detail.js';
import { GATE_PICK_ACTION_ID } from '../gate/ids.js';
import { actions, buttonSection, context, header, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import { AGENT_HAND_OVER_ACTION_ID, AGENT_REGISTER_ACTION_ID } from './ids.js';
import { countsLine, groupedAgentBlocks, type ListContext } from './list.js';

export const HOME_AGENT_LIMIT = 15;
/** Line-level agents the skipping-steps warning names before it says how many more. */
export const HOME_SKIPPING_NAMES = 10;
const HOME_TODO_LIMIT = 8;

export const HOME_REGISTER_BLOCK_ID = 'home_portfolio_actions';

export interface PortfolioHome extends ListContext {
  /** Every agent of the registry, counted by status. */
  readonly counts: StatusCounts;
  /** The first agents not retired, production first, then by name: as many as the section shows. */
  readonly first: readonly Agent[];
  /** Line-level and in-product agents not retired: the first names, and how many there are. */
  readonly skipping: { readonly names: readonly string[]; readonly total: number };
  readonly officeSideInProduction: boolean;
  /** Pending gate claims this viewer may confirm, with their agents. */
  readonly toConfirm: readonly { review: GateReview; agent: Agent }[];
  /** Agents whose owner left, when this viewer may hand them over. */
  readonly orphaned: readonly Agent[];
}

export function portfolioHomeSection(h: PortfolioHome): KnownBlock[] {
  // The list under the counts shows the agents at work; the retired are only counted.
  const current = { ...h.counts, retired: 0 };
  const blocks: KnownBlock[] = [
    header('The agent portfolio'),
    section(
      Object.values(h.counts).every((n) => n === 0)
        ? 'No agents registered yet. An agent owns one workflow end to end: it reads from a system of record, acts, writes back, and hands unsure cases to a person.'
        : countsLine(h.counts),
      'home_portfolio_counts',
    ),
    actions(HOME_REGISTER_BLOCK_ID, [
      { text: 'Register an agent', actionId: AGENT_REGISTER_ACTION_ID, style: 'primary' },
      { text: 'Run the gate', actionId: GATE_PICK_ACTION_ID },
    ]),
  ];
  const { skipping } = h;
  if (skipping.total > 0 && !h.officeSideInProduction) {
    const names = skipping.names.map((name) => `*${escapeMrkdwn(name)}*`);
    const others = skipping.total > names.length ? ` and ${skipping.total - names.length} more` : '';
    blocks.push(
      section(
        `:warning: *Skipping steps:* ${names.join(', ')}${others} ${skipping.total === 1 ? 'is' : 'are'} line-level or in-product work, and no office-side agent is in production yet. Skipped stages cost money: prove an office-side agent first.`,
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
  blocks.push(
    ...groupedAgentBlocks({ shown: h.first, counts: current }, h, '`/maturity agents` lists every one.'),
  );
  return blocks;
}
