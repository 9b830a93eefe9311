// Messages about agents sent to people: a hand-over, an owner who left.

import type { KnownBlock } from '@slack/types';
import type { Agent } from '../../domain/agents.js';
import type { Workspace } from '../../domain/workspace.js';
import { buttonSection, context, section } from '../kit.js';
import { escapeMrkdwn, mention } from '../mrkdwn.js';
import { AGENT_HAND_OVER_ACTION_ID } from './ids.js';

export function handedOverText(a: Agent, byUserId: string): string {
  return `${mention(byUserId)} handed *${escapeMrkdwn(a.name)}* to you. You own it now: report its dollar number each month, and run \`/maturity agents\` to see its details.`;
}

export const OWNER_LEFT_BLOCK_ID = 'owner_left';

/** To the portfolio owner: the agents a deactivated owner leaves behind, each with a hand-over button. */
export function ownerLeftMessage(
  leftUserId: string,
  agents: readonly Agent[],
): { text: string; blocks: KnownBlock[] } {
  const shown = agents.slice(0, OWNER_LEFT_LIMIT);
  const blocks: KnownBlock[] = [
    section(
      `${mention(leftUserId)} left the workspace. They owned ${agents.map((a) => `*${escapeMrkdwn(a.name)}*`).join(', ')}. An agent without an owner has nobody reporting its number: name a new owner for each.`,
      OWNER_LEFT_BLOCK_ID,
    ),
    ...shown.map((a) =>
      buttonSection(`*${escapeMrkdwn(a.name)}*`, `owner_left_${a.id}`, {
        text: 'Hand over',
        actionId: AGENT_HAND_OVER_ACTION_ID,
        value: String(a.id),
      }),
    ),
  ];
  if (agents.length > shown.length) {
    blocks.push(context([`${agents.length - shown.length} more: hand them over from \`/maturity agents\`.`]));
  }
  return {
    text: `${mention(leftUserId)} left the workspace and owned ${agents.length} agent(s). Name a new owner for each.`,
    blocks,
  };
}

/** A message holds 50 blocks: the intro, one per agent, and the "more" line. */
const OWNER_LEFT_LIMIT = 45;

/** Why someone may not change an agent (canManageAgent said no). */
export function manageRefusal(agent: Agent, w: Workspace): string {
  const portfolioOwner = w.portfolioOwnerId
    ? ` or the portfolio owner, ${mention(w.portfolioOwnerId)}`
    : ' or the portfolio owner';
  return `Only the owner of *${escapeMrkdwn(agent.name)}*, ${mention(agent.ownerId)},${portfolioOwner}, can change it.`;
}
