import type { App } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { shipByPlan } from '../../domain/backlog.js';
import { zoneOf } from '../../domain/workspace.js';
import { unlinkedAgents } from '../../store/backlog.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { checkCandidateChange } from '../../usecases/backlog.js';
import { candidateModal, commitModal, linkModal, rejectModal } from '../../views/backlog/form.js';
import {
  BACKLOG_ADD_ACTION_ID,
  BACKLOG_MANAGE_ACTION_ID,
  BACKLOG_NOTICE_CALLBACK_ID,
  readManageValue,
} from '../../views/backlog/ids.js';
import { backlogRefusal, candidateObstacleText } from '../../views/backlog/messages.js';
import { noticeModal } from '../../views/kit.js';
import type { AppDeps } from '../deps.js';
import { personOf } from '../roles.js';
import { type Click, onClick, refuseClick } from './click.js';

const open = (client: WebClient, click: Click, view: ModalView) =>
  client.views.open({ trigger_id: click.triggerId, view });

const notice = (client: WebClient, click: Click, text: string) =>
  open(client, click, noticeModal('Backlog', text, BACKLOG_NOTICE_CALLBACK_ID));

export function registerBacklogActions(app: App, deps: AppDeps): void {
  onClick(app, BACKLOG_ADD_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    await open(client, click, candidateModal({ currency: workspace.currency }));
  });

  onClick(app, BACKLOG_MANAGE_ACTION_ID, async (click, client) => {
    const picked = readManageValue(click.selected ?? '');
    if (!picked) return;
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const check = checkCandidateChange(deps.db, {
      teamId: click.teamId,
      candidateId: picked.candidateId,
      actor: await personOf(client, deps, click.userId),
      action: picked.action,
    });
    if (check.kind === 'not_allowed') {
      await refuseClick(client, click, backlogRefusal(workspace));
      return;
    }
    if (check.kind === 'not_found') {
      await notice(client, click, 'That candidate is no longer in the backlog.');
      return;
    }
    if (check.kind === 'obstacle') {
      await notice(client, click, candidateObstacleText(check.candidate, check.obstacle));
      return;
    }
    const { candidate } = check;
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
