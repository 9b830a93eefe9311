// The portfolio section of the Home tab.

import type { KnownBlock } from '@slack/types';
import type { Agent } from '../../domain/agents.js';
import type { GateReview } from '../../domain/gate.js';
import { reviewGateButton } from '../gate/detail.js';
import { GATE_PICK_ACTION_ID } from '../gate/ids.js';
import { actions, buttonSection, context, header, section } from '../kit.js';
import { escapeMrkdwn, formatDate, mention } from '../mrkdwn.js';
import { AGENT_HAND_OVER_ACTION_ID, AGENT_REGISTER_ACTION_ID } from './ids.js';
import { countsLine, groupedAgentBlocks, type ListContext } from './list.js';

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
