import { proposedZone } from '../../domain/workspace.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { settingsModal } from '../../views/settings/form.js';
import { settingsRefusalText } from '../../views/settings/messages.js';
import { refusedUnlessRunsWorkspace } from './permission.js';
import type { Subcommand } from './types.js';

export const settingsCommand: Subcommand = {
  name: 'settings',
  usage: '/maturity settings',
  summary:
    'name the portfolio owner and leadership, pick the ritual channels, time zone and currency (admins and the portfolio owner).',
  async run(args, deps) {
    const { ack, client, command } = args;
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    if (await refusedUnlessRunsWorkspace(args, deps, settingsRefusalText(workspace.portfolioOwnerId))) return;
    await ack();
    const ownZone = (await deps.users.get(client, command.user_id))?.timeZone;
    const timeZone = proposedZone(workspace, ownZone);
    await client.views.open({ trigger_id: command.trigger_id, view: settingsModal(workspace, timeZone) });
  },
};
