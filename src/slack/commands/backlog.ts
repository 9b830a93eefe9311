import { zoneOf } from '../../domain/workspace.js';
import { listCandidates } from '../../store/backlog.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { mayManageBacklog } from '../../usecases/backlog.js';
import { candidateModal } from '../../views/backlog/form.js';
import { backlogBlocks, backlogText } from '../../views/backlog/list.js';
import { personOf } from '../roles.js';
import type { Subcommand } from './types.js';

export const backlogCommand: Subcommand = {
  name: 'backlog',
  usage: '/maturity backlog [add]',
  summary:
    'the workflows that could become agents, ranked by dollars × feasibility. Anyone adds; the portfolio owner commits one to ship in 90 days.',
  async run({ ack, client, command }, deps, rest) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    if (rest.trim().toLowerCase() === 'add') {
      await ack();
      await client.views.open({
        trigger_id: command.trigger_id,
        view: candidateModal({ currency: workspace.currency }),
      });
      return;
    }
    const actor = await personOf(client, deps, command.user_id);
    const canManage = mayManageBacklog(deps.db, { teamId: command.team_id, actor });
    const all = listCandidates(deps.db, command.team_id);
    const view = { currency: workspace.currency, timeZone: zoneOf(workspace), now: deps.now() };
    await ack({
      response_type: 'ephemeral',
      text: backlogText(all),
      blocks: backlogBlocks(all, view, canManage),
    });
  },
};
