import { zoneOf } from '../../domain/workspace.js';
import { decidedBallotCount, roundVerdicts } from '../../store/governance.js';
import { closedRounds, getVoteSettings } from '../../store/votes.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { voteProgress } from '../../usecases/votes.js';
import { voteSettingsModal, voteSettingsRefusalText } from '../../views/votes/form.js';
import { votesHistoryBlocks } from '../../views/votes/list.js';
import type { AppDeps } from '../deps.js';
import { refusedUnlessRunsWorkspace } from './permission.js';
import type { CommandArgs, Subcommand } from './types.js';

/** Two years of quarters: enough to see a pattern, short enough for one message. */
export const VOTES_HISTORY_QUARTERS = 8;
/** About what one section's 3,000 characters hold of a round's lines. */
const HISTORY_LINES_PER_ROUND = 50;

/** `/maturity votes settings`: when the vote opens, how long it runs, its quorum and what it shows. */
async function openVoteSettings(args: CommandArgs, deps: AppDeps): Promise<void> {
  const { ack, client, command } = args;
  const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
  if (await refusedUnlessRunsWorkspace(args, deps, voteSettingsRefusalText(workspace.portfolioOwnerId)))
    return;
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
    // Only the lines a round's section can hold are read: a quarter of 500 ballots lists its first ones.
    const closed = closedRounds(deps.db, command.team_id, VOTES_HISTORY_QUARTERS).map((round) => ({
      round,
      verdicts: roundVerdicts(deps.db, round.id, HISTORY_LINES_PER_ROUND),
      decided: decidedBallotCount(deps.db, round.id),
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
