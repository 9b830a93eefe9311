import { zoneOf } from '../../domain/workspace.js';
import { recentPlacements } from '../../store/placements.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { placementModal } from '../../views/placement/form.js';
import { historyBlocks } from '../../views/placement/list.js';
import type { Subcommand } from './types.js';

export const HISTORY_LIMIT = 10;

export const placeCommand: Subcommand = {
  name: '',
  usage: '/maturity',
  summary: 'answer six yes/no questions and see your stage, its trap and your one next move.',
  async run({ ack, client, command }) {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: placementModal() });
  },
};

export const historyCommand: Subcommand = {
  name: 'history',
  usage: '/maturity history',
  summary: `the last ${HISTORY_LIMIT} placements of this workspace, newest first.`,
  async run({ ack, command }, deps) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const placements = recentPlacements(deps.db, command.team_id, HISTORY_LIMIT);
    await ack({
      response_type: 'ephemeral',
      text: `Placement history: ${placements.length} placement(s).`,
      blocks: historyBlocks(placements, zoneOf(workspace)),
    });
  },
};
