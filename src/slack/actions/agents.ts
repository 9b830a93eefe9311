import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type Agent, canTransition } from '../../domain/agents.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { AGENT_ENTITY, getAgent } from '../../store/agents.js';
import { auditTrail } from '../../store/audit.js';
import { placementEvidence } from '../../store/evidence.js';
import { reviewsForAgent } from '../../store/gate-reviews.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { type AgentAccess, changeAgentStatus, checkAgentChange } from '../../usecases/registry.js';
import { agentDetailModal } from '../../views/agents/detail.js';
import { agentFormModal, handOverModal, retireModal } from '../../views/agents/form.js';
import {
  AGENT_DETAILS_ACTION_ID,
  AGENT_EDIT_ACTION_ID,
  AGENT_HAND_OVER_ACTION_ID,
  AGENT_REGISTER_ACTION_ID,
  AGENT_RETIRE_ACTION_ID,
  AGENT_START_PILOT_ACTION_ID,
} from '../../views/agents/ids.js';
import { manageRefusal } from '../../views/agents/messages.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { personOf } from '../roles.js';
import { AGENT_GONE, allowedAgent, type Click, clickedId, onClick, refuseClick, showView } from './click.js';

/** Whether this person may change the agent: the use case decides, for the buttons a view shows. */
async function accessOf(
  client: WebClient,
  deps: AppDeps,
  agent: Agent,
  userId: string,
): Promise<AgentAccess> {
  const actor = await personOf(client, deps, userId);
  return checkAgentChange(deps.db, { teamId: agent.teamId, agentId: agent.id, actor });
}

/** The agent's details as this viewer sees them: the buttons to change it only for those who may. */
export async function agentDetailView(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  agent: Agent,
  viewerId: string,
): Promise<ModalView> {
  return agentDetailModal({
    agent,
    reviews: reviewsForAgent(deps.db, w.teamId, agent.id),
    history: auditTrail(deps.db, w.teamId, AGENT_ENTITY, agent.id),
    currency: w.currency,
    timeZone: zoneOf(w),
    permissions: { canManage: (await accessOf(client, deps, agent, viewerId)).kind === 'allowed' },
  });
}

/** The clicked agent and its workspace, or a refusal already sent. */
async function clickedAgent(
  client: WebClient,
  deps: AppDeps,
  click: Click,
): Promise<{ agent: Agent; workspace: Workspace } | null> {
  const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
  const id = clickedId(click);
  const agent = id === null ? undefined : getAgent(deps.db, click.teamId, id);
  if (!agent) {
    await refuseClick(client, click, AGENT_GONE);
    return null;
  }
  return { agent, workspace };
}

/** For the buttons that change an agent: the agent, once the use case allows the clicker. */
async function managedAgent(
  client: WebClient,
  deps: AppDeps,
  click: Click,
): Promise<{ agent: Agent; workspace: Workspace } | null> {
  const actor = await personOf(client, deps, click.userId);
  return allowedAgent(
    client,
    deps,
    click,
    (agentId) => checkAgentChange(deps.db, { teamId: click.teamId, agentId, actor }),
    manageRefusal,
  );
}

/** What a change refused by the use case says: who may make it, or that the agent is gone. */
export function changeRefusal(result: Exclude<AgentAccess, { kind: 'allowed' }>, w: Workspace): string {
  return result.kind === 'not_allowed' ? manageRefusal(result.agent, w) : AGENT_GONE;
}

/** The registration form, with its opener as the owner it proposes. */
export function registerForm(deps: AppDeps, teamId: string, ownerId: string): ModalView {
  return agentFormModal({
    mode: 'register',
    currency: ensureWorkspace(deps.db, teamId, deps.now()).currency,
    ownerId,
    officeSideInProduction: placementEvidence(deps.db, teamId).officeSideInProduction,
  });
}

export function registerAgentActions(app: App, deps: AppDeps): void {
  onClick(app, AGENT_REGISTER_ACTION_ID, async (click, client) => {
    await showView(client, click, registerForm(deps, click.teamId, click.userId));
  });

  onClick(app, AGENT_DETAILS_ACTION_ID, async (click, client) => {
    const found = await clickedAgent(client, deps, click);
    if (found)
      await showView(
        client,
        click,
        await agentDetailView(client, deps, found.workspace, found.agent, click.userId),
      );
  });

  onClick(app, AGENT_EDIT_ACTION_ID, async (click, client) => {
    const found = await managedAgent(client, deps, click);
    if (!found) return;
    const view = agentFormModal({
      mode: 'edit',
      currency: found.workspace.currency,
      agent: found.agent,
      officeSideInProduction: placementEvidence(deps.db, click.teamId).officeSideInProduction,
    });
    await showView(client, click, view);
  });

  onClick(app, AGENT_HAND_OVER_ACTION_ID, async (click, client) => {
    const found = await managedAgent(client, deps, click);
    if (found) await showView(client, click, handOverModal(found.agent));
  });

  onClick(app, AGENT_RETIRE_ACTION_ID, async (click, client) => {
    const found = await managedAgent(client, deps, click);
    if (!found) return;
    // Retired is final (the lifecycle's rule): anything else may still be retired by hand.
    if (!canTransition(found.agent.status, 'retired', 'manual')) {
      await refuseClick(client, click, `*${escapeMrkdwn(found.agent.name)}* is already retired.`);
      return;
    }
    await showView(client, click, retireModal(found.agent));
  });

  onClick(app, AGENT_START_PILOT_ACTION_ID, async (click, client) => {
    const found = await managedAgent(client, deps, click);
    if (!found) return;
    const moved = changeAgentStatus(deps.db, deps.now(), {
      teamId: click.teamId,
      agentId: found.agent.id,
      actor: await personOf(client, deps, click.userId),
      to: 'pilot',
    });
    if (moved.kind === 'not_allowed' || moved.kind === 'not_found') {
      await refuseClick(client, click, changeRefusal(moved, found.workspace));
      return;
    }
    if (moved.kind !== 'moved') {
      await refuseClick(
        client,
        click,
        `*${escapeMrkdwn(found.agent.name)}* is not proposed any more, so its pilot cannot start.`,
      );
      return;
    }
    const view = await agentDetailView(client, deps, found.workspace, moved.agent, click.userId);
    if (click.modalViewId) await client.views.update({ view_id: click.modalViewId, view });
    else await showView(client, click, view);
  });
}
