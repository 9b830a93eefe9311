import { normaliseName } from '../../domain/agents.js';
import { zoneOf } from '../../domain/workspace.js';
import { listAgents } from '../../store/agents.js';
import { latestReviewStates } from '../../store/gate-reviews.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { agentsListBlocks, agentsListText } from '../../views/agents/list.js';
import { registerForm } from '../actions/agents.js';
import type { Subcommand } from './types.js';

export const registerCommand: Subcommand = {
  name: 'register',
  usage: '/maturity register',
  summary: 'add an agent to the registry: its workflow, owner, system of record and monthly dollar target.',
  async run({ ack, client, command }, deps) {
    await ack();
    const view = registerForm(deps, command.team_id, command.user_id);
    await client.views.open({ trigger_id: command.trigger_id, view });
  },
};

export const agentsCommand: Subcommand = {
  name: 'agents',
  usage: '/maturity agents [part of a name]',
  summary: 'the registry by status, with owner, gate and target; Details opens an agent and its history.',
  async run({ ack, command }, deps, rest) {
    const workspace = ensureWorkspace(deps.db, command.team_id, deps.now());
    const filter = rest.trim();
    const wanted = normaliseName(filter);
    const agents = listAgents(deps.db, command.team_id).filter((a) => normaliseName(a.name).includes(wanted));
    await ack({
      response_type: 'ephemeral',
      text: agentsListText(agents),
      blocks: agentsListBlocks(
        agents,
        {
          currency: workspace.currency,
          timeZone: zoneOf(workspace),
          latestReview: latestReviewStates(deps.db, command.team_id),
        },
        filter,
      ),
    });
  },
};
