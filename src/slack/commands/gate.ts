import { closestNames } from '../../domain/registry.js';
import { agentNames, findAgentByName, listAgents } from '../../store/agents.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { gateModal } from '../../views/gate/form.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { gateFeedLine } from '../actions/feeds.js';
import { claimCheckFor, claimCheckRefusal } from '../actions/gate.js';
import type { Subcommand } from './types.js';

const listNames = (names: readonly string[]): string => names.map((n) => `*${escapeMrkdwn(n)}*`).join(', ');

export const gateCommand: Subcommand = {
  name: 'gate',
  usage: '/maturity gate <agent name>',
  summary: 'claim an agent in pilot clears the five production bars; someone other than its owner confirms.',
  async run({ ack, client, command }, deps, rest) {
    const teamId = command.team_id;
    const workspace = ensureWorkspace(deps.db, teamId, deps.now());
    const typed = rest.trim();
    if (typed === '') {
      const pilots = listAgents(deps.db, teamId)
        .filter((a) => a.status === 'pilot')
        .map((a) => a.name);
      const which =
        pilots.length > 0
          ? ` Agents in pilot: ${listNames(pilots.slice(0, 10))}.`
          : ' No agent is in pilot yet.';
      await ack({
        response_type: 'ephemeral',
        text: `Which agent? Type \`/maturity gate <agent name>\`.${which}`,
      });
      return;
    }
    const agent = findAgentByName(deps.db, teamId, typed);
    if (!agent) {
      const closest = closestNames(typed, agentNames(deps.db, teamId));
      const hint =
        closest.length > 0 ? ` The closest names: ${listNames(closest)}.` : ' No agents are registered yet.';
      await ack({ response_type: 'ephemeral', text: `No agent is called "${escapeMrkdwn(typed)}".${hint}` });
      return;
    }
    const check = await claimCheckFor(client, deps, teamId, agent.id, command.user_id);
    if (check.kind !== 'ready') {
      await ack({ response_type: 'ephemeral', text: claimCheckRefusal(check, workspace) });
      return;
    }
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: gateModal(check.agent, gateFeedLine(deps, check.agent)),
    });
  },
};
