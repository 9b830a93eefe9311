import type { App, BlockAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type BacklogCandidate, shipByPlan } from '../../domain/backlog.js';
import { canManageBacklog } from '../../domain/roles.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { getCandidate, unlinkedAgents } from '../../store/backlog.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { candidateModal, commitModal, linkModal, rejectModal } from '../../views/backlog/form.js';
import {
  BACKLOG_ADD_ACTION_ID,
  BACKLOG_MANAGE_ACTION_ID,
  BACKLOG_NOTICE_CALLBACK_ID,
  readManageValue,
} from '../../views/backlog/ids.js';
import { backlogRefusal } from '../../views/backlog/messages.js';
import { noticeModal } from '../../views/forms.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { personOf } from '../roles.js';
import { type ActionArgs, type Click, readClick, refuseClick } from './click.js';

export async function mayManageBacklog(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  userId: string,
): Promise<boolean> {
  return canManageBacklog(await personOf(client, deps, userId), w.portfolioOwnerId);
}

const open = (client: WebClient, click: Click, view: ModalView) =>
  client.views.open({ trigger_id: click.triggerId, view });

const notice = (client: WebClient, click: Click, text: string) =>
  open(client, click, noticeModal('Backlog', text, BACKLOG_NOTICE_CALLBACK_ID));

/** Why a candidate can no longer take this change, in one sentence; null when it can. */
function standsInTheWay(c: BacklogCandidate, action: 'edit' | 'commit' | 'link' | 'reject'): string | null {
  const name = `*${escapeMrkdwn(c.process)}*`;
  if (c.status === 'rejected') return `${name} was rejected: "${escapeMrkdwn(c.rejectReason ?? '')}".`;
  if (c.status === 'shipped') return `${name} has shipped: its agent passed the production gate.`;
  if (action === 'commit' && c.status !== 'open') return `${name} is already committed.`;
  if (action === 'link' && c.status !== 'committed')
    return `Commit to ${name} first; then link the agent that ships it.`;
  if (action === 'link' && c.agent) return `${name} is already linked to *${escapeMrkdwn(c.agent.name)}*.`;
  return null;
}

export function registerBacklogActions(app: App, deps: AppDeps): void {
  app.action<BlockAction>(BACKLOG_ADD_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    await open(client, click, candidateModal({ currency: workspace.currency }));
  });

  app.action<BlockAction>(BACKLOG_MANAGE_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const picked = readManageValue(click.selected ?? '');
    if (!picked) return;
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    if (!(await mayManageBacklog(client, deps, workspace, click.userId))) {
      await refuseClick(client, click, backlogRefusal(workspace));
      return;
    }
    const candidate = getCandidate(deps.db, click.teamId, picked.candidateId);
    if (!candidate) {
      await notice(client, click, 'That candidate is no longer in the backlog.');
      return;
    }
    const obstacle = standsInTheWay(candidate, picked.action);
    if (obstacle) {
      await notice(client, click, obstacle);
      return;
    }
    const currency = workspace.currency;
    switch (picked.action) {
      case 'edit':
        await open(client, click, candidateModal({ currency, candidate }));
        return;
      case 'reject':
        await open(client, click, rejectModal(candidate, currency));
        return;
      case 'commit': {
        const { shipBy } = shipByPlan(deps.now());
        await open(client, click, commitModal(candidate, { currency, shipBy, timeZone: zoneOf(workspace) }));
        return;
      }
      case 'link': {
        const agents = unlinkedAgents(deps.db, click.teamId);
        await open(
          client,
          click,
          agents.length === 0
            ? noticeModal(
                'Backlog',
                'No registered agent is free to link. Register the agent with `/maturity register` first.',
                BACKLOG_NOTICE_CALLBACK_ID,
              )
            : linkModal(candidate, agents, currency),
        );
        return;
      }
    }
  });
}
