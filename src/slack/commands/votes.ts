import { canChangeSettings } from '../../domain/roles.js';
import { zoneOf } from '../../domain/workspace.js';
import { closedRounds, getVoteSettings } from '../../store/votes.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { roundStates, voteProgress } from '../../usecases/votes.js';
import { voteSettingsModal, voteSettingsRefusalText } from '../../views/votes/form.js';
import { votesHistoryBlocks } from '../../views/votes/list.js';
import type { AppDeps } from '../deps.js';
import { personOf } from '../roles.js';
import type { CommandArgs, Subcommand } from './types.js';

/** Two years of quarters: enough to see a pattern, short enough for one message. */
export const VOTES_HISTORY_QUARTERS = 8;

/** `/maturity votes settings`: when the vote opens, how long it runs, its quorum and what it shows. */
async function openVoteSettings({ ack, client, command }: CommandArgs, deps: AppDeps): Promise<void> {
  const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
  if (!canChangeSettings(await personOf(client, deps, command.user_id), workspace.portfolioOwnerId)) {
    await ack({ response_type: 'ephemeral', text: voteSettingsRefusalText(workspace.portfolioOwnerId) });
    return;
  }
  await ack();
  const view = voteSettingsModal(getVoteSettings(deps.db, command.team_id), zoneOf(workspace));
  await client.views.open({ trigger_id: command.trigger_id, view });
}

export const votesCommand: Subcommand = {
  name: 'votes',
  usage: '/maturity votes [settings]',
  summary:
    'the outcomes of past kill-or-scale votes and the vote open now; `settings` sets when it opens, how long it runs and its quorum (admins and the portfolio owner).',
  async run(args, deps, rest) {
    if (rest.trim().toLowerCase() === 'settings') {
      await openVoteSettings(args, deps);
      return;
    }
    const { ack, command } = args;
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const closed = closedRounds(deps.db, command.team_id, VOTES_HISTORY_QUARTERS).map((round) => ({
      round,
      states: roundStates(deps.db, round),
    }));
    await ack({
      response_type: 'ephemeral',
      text: `Kill-or-scale outcomes: ${closed.length} closed ${closed.length === 1 ? 'vote' : 'votes'}.`,
      blocks: votesHistoryBlocks({
        progress: voteProgress(deps.db, workspace, deps.now()),
        closed,
        zone: zoneOf(workspace),
      }),
    });
  },
};
