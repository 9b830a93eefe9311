import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Agent } from '../../domain/agents.js';
import type { Workspace } from '../../domain/workspace.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { NOT_FOUND } from '../../usecases/change.js';
import type { AgentAccess } from '../../usecases/registry.js';
import { noticeModal } from '../../views/kit.js';
import type { AppDeps } from '../deps.js';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const clickBody = z.object({
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  trigger_id: z.string().min(1),
  actions: z
    .array(
      z.looseObject({
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).nullish(),
      }),
    )
    .min(1),
  view: z.looseObject({ id: z.string().min(1), type: z.string() }).optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  // An ephemeral message reports its channel only in its container.
  container: z.looseObject({ channel_id: z.string().optional() }).optional(),
});

/** Who clicked what, and where: a message, the Home tab or a modal. */
export interface Click {
  readonly teamId: string;
  readonly userId: string;
  readonly triggerId: string;
  /** A button's value. */
  readonly value: string | undefined;
  /** The option picked in a menu. */
  readonly selected: string | undefined;
  /** Set when the click came from a modal: new views stack on top of it. */
  readonly modalViewId: string | null;
  /** Set when the click came from a message. */
  readonly channelId: string | null;
}

export function readClick(body: unknown): Click {
  const b = clickBody.parse(body);
  const teamId = b.team?.id ?? b.user.team_id;
  if (!teamId) throw new Error('A click without a team');
  const action = b.actions[0];
  return {
    teamId,
    userId: b.user.id,
    triggerId: b.trigger_id,
    value: action?.value,
    selected: action?.selected_option?.value,
    modalViewId: b.view?.type === 'modal' ? b.view.id : null,
    channelId: b.channel?.id ?? b.container?.channel_id ?? null,
  };
}

/** Registers a button or menu listener: acknowledged at once, then handed the click its payload describes. */
export function onClick(
  app: App,
  actionId: string,
  handle: (click: Click, client: WebClient) => Promise<void>,
): void {
  app.action<BlockAction>(actionId, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    await handle(readClick(body), client);
  });
}

/** The number a button carries (an agent or review id), or null when it carries none. */
export function clickedId(click: Click): number | null {
  const id = Number(click.value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Opens a modal, or stacks it on the modal that was clicked. */
export async function showView(client: WebClient, click: Click, view: ModalView): Promise<void> {
  if (click.modalViewId) await client.views.push({ trigger_id: click.triggerId, view });
  else await client.views.open({ trigger_id: click.triggerId, view });
}

/** Says no to a click: quietly in the message's channel, or in a small modal on the Home tab or over a modal. */
export async function refuseClick(client: WebClient, click: Click, text: string): Promise<void> {
  if (click.channelId && !click.modalViewId) {
    await client.chat.postEphemeral({ channel: click.channelId, user: click.userId, text });
    return;
  }
  await showView(client, click, noticeModal('Not this time', text));
}

export const AGENT_GONE = 'That agent is no longer in the registry.';

/**
 * For the buttons that change an agent: the agent the button names, once `check` (a use case) allows the
 * clicker; otherwise the refusal is already shown.
 */
export async function allowedAgent(
  client: WebClient,
  deps: AppDeps,
  click: Click,
  check: (agentId: number) => AgentAccess,
  refusal: (agent: Agent, w: Workspace) => string,
): Promise<{ agent: Agent; workspace: Workspace } | null> {
  const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
  const agentId = clickedId(click);
  const access = agentId === null ? NOT_FOUND : check(agentId);
  if (access.kind === 'allowed') return { agent: access.agent, workspace };
  await refuseClick(
    client,
    click,
    access.kind === 'not_allowed' ? refusal(access.agent, workspace) : AGENT_GONE,
  );
  return null;
}
