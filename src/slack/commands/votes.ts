import { closedRounds, openRoundOf, roundStates } from '../../store/votes.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { votesHistoryBlocks } from '../blocks/votes.js';
import type { Subcommand } from './types.js';

/** Two years of quarters: enough to see a pattern, short enough for one message. */
export const VOTES_HISTORY_QUARTERS = 8;

export const votesCommand: Subcommand = {
  name: 'votes',
  usage: '/maturity votes',
  summary: 'the outcomes of past kill-or-scale votes, and the vote open now.',
  async run({ ack, command }, deps) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const closed = closedRounds(deps.db, command.team_id, VOTES_HISTORY_QUARTERS).map((round) => ({
      round,
      states: roundStates(deps.db, round),
    }));
    await ack({
      response_type: 'ephemeral',
      text: `Kill-or-scale outcomes: ${closed.length} closed vote(s).`,
      blocks: votesHistoryBlocks({
        open: openRoundOf(deps.db, command.team_id),
        closed,
        zone: workspace.timeZone ?? 'UTC',
      }),
    });
  },
};
