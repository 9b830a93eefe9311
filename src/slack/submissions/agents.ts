import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../../domain/agents.js';
import type { Workspace } from '../../domain/workspace.js';
import { getAgent } from '../../store/agents.js';
import type { Announcement } from '../../store/outbox.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { changeAgentStatus, editAgent, handOverAgent, registerAgent } from '../../usecases/registry.js';
import {
  nameTakenError,
  readAgentForm,
  readHandOver,
  readRetireReason,
  registeredModal,
} from '../../views/agents/form.js';
import {
  AGENT_EDIT_CALLBACK_ID,
  AGENT_FORM_BLOCKS,
  AGENT_HAND_OVER_CALLBACK_ID,
  AGENT_REGISTER_CALLBACK_ID,
  AGENT_RETIRE_CALLBACK_ID,
  HAND_OVER_BLOCK_ID,
  RETIRE_REASON_BLOCK_ID,
} from '../../views/agents/ids.js';
import { handedOverText, manageRefusal } from '../../views/agents/messages.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import { agentDetailView, mayManage } from '../actions/agents.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { guarded, notice, readSubmission, type Submission, type ViewArgs } from './submission.js';

/** An agent's owner reports its number every month, so it cannot be someone Slack reports as gone. */
const OWNER_LEFT_ERROR = 'That person has left the workspace. Pick someone still here.';

/** A DM telling `userId` what `actorId` did, unless they did it themselves: sent via the outbox. */
function dmIfSomeoneElse(userId: string, actorId: string, text: string): Announcement[] {
  return userId === actorId ? [] : [{ method: 'chat.postMessage', args: { channel: userId, text } }];
}

async function onRegisterSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const read = readAgentForm(s.values, 'register');
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const { fields, ownerId, status } = read.form;
  if (ownerId === null || status === null)
    throw new Error('readAgentForm let a registration through without owner or status');
  if ((await deps.users.get(client, ownerId))?.deleted) {
    await ack({ response_action: 'errors', errors: { [AGENT_FORM_BLOCKS.owner]: OWNER_LEFT_ERROR } });
    return;
  }
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const result = deps.announcements.record(
    s.teamId,
    deps.now(),
    () =>
      registerAgent(deps.db, deps.now(), {
        ...fields,
        teamId: s.teamId,
        ownerId,
        status,
        registeredBy: s.userId,
        sourceViewId: s.viewId,
      }),
    (r) =>
      r.kind === 'registered' && r.created
        ? dmIfSomeoneElse(
            r.agent.ownerId,
            s.userId,
            `${mention(s.userId)} registered *${escapeMrkdwn(r.agent.name)}* and named you its owner. You report its dollar number each month.`,
          )
        : [],
  );
  if (result.kind === 'name_taken') {
    await ack({
      response_action: 'errors',
      errors: { [AGENT_FORM_BLOCKS.name]: nameTakenError(result.existing) },
    });
    return;
  }
  const { agent, nearDuplicateOf } = result;
  await ack({
    response_action: 'update',
    view: registeredModal(agent, { nearDuplicateOf, currency: workspace.currency }),
  });
  if (!result.created) return;
  await publishHome(client, deps, s.teamId, s.userId);
}

/** The agent a submitted modal is about, if it still exists and the submitter may change it. */
async function agentToChange(
  client: WebClient,
  deps: AppDeps,
  s: Submission,
): Promise<{ agent: Agent; workspace: Workspace } | { refusal: string }> {
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const agent = s.recordId === null ? undefined : getAgent(deps.db, s.teamId, s.recordId);
  if (!agent) return { refusal: 'That agent is no longer in the registry.' };
  if (!(await mayManage(client, deps, workspace, agent, s.userId)))
    return { refusal: manageRefusal(agent, workspace) };
  return { agent, workspace };
}

async function onEditSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await agentToChange(client, deps, s);
  if ('refusal' in target) {
    await ack(notice('Not saved', target.refusal));
    return;
  }
  const read = readAgentForm(s.values, 'edit');
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const result = editAgent(deps.db, deps.now(), {
    teamId: s.teamId,
    agentId: target.agent.id,
    actorId: s.userId,
    fields: read.form.fields,
  });
  if (result.kind === 'name_taken') {
    await ack({
      response_action: 'errors',
      errors: { [AGENT_FORM_BLOCKS.name]: nameTakenError(result.existing) },
    });
    return;
  }
  if (result.kind === 'not_found') {
    await ack(notice('Not saved', 'That agent is no longer in the registry.'));
    return;
  }
  await ack({
    response_action: 'update',
    view: await agentDetailView(client, deps, target.workspace, result.agent, s.userId),
  });
}

async function onHandOverSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await agentToChange(client, deps, s);
  if ('refusal' in target) {
    await ack(notice('Not handed over', target.refusal));
    return;
  }
  const newOwnerId = readHandOver(s.values);
  if (newOwnerId === null) {
    await ack({ response_action: 'errors', errors: { [HAND_OVER_BLOCK_ID]: 'Pick the new owner.' } });
    return;
  }
  const newOwner = await deps.users.get(client, newOwnerId);
  if (newOwner?.deleted) {
    await ack({
      response_action: 'errors',
      errors: { [HAND_OVER_BLOCK_ID]: OWNER_LEFT_ERROR },
    });
    return;
  }
  const result = deps.announcements.record(
    s.teamId,
    deps.now(),
    () =>
      handOverAgent(deps.db, deps.now(), {
        teamId: s.teamId,
        agentId: target.agent.id,
        actorId: s.userId,
        newOwnerId,
      }),
    (r) =>
      r.kind === 'handed_over'
        ? dmIfSomeoneElse(newOwnerId, s.userId, handedOverText(r.agent, s.userId))
        : [],
  );
  if (result.kind === 'not_found') {
    await ack(notice('Not handed over', 'That agent is no longer in the registry.'));
    return;
  }
  await ack({
    response_action: 'update',
    view: await agentDetailView(client, deps, target.workspace, result.agent, s.userId),
  });
}

async function onRetireSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await agentToChange(client, deps, s);
  if ('refusal' in target) {
    await ack(notice('Not retired', target.refusal));
    return;
  }
  const reason = readRetireReason(s.values);
  if (reason === '') {
    await ack({
      response_action: 'errors',
      errors: { [RETIRE_REASON_BLOCK_ID]: 'Say in a sentence why it is retired.' },
    });
    return;
  }
  const result = deps.announcements.record(
    s.teamId,
    deps.now(),
    () =>
      changeAgentStatus(deps.db, deps.now(), {
        teamId: s.teamId,
        agentId: target.agent.id,
        actorId: s.userId,
        to: 'retired',
        cause: 'manual',
        reason,
      }),
    (r) =>
      r.kind === 'moved'
        ? dmIfSomeoneElse(
            r.agent.ownerId,
            s.userId,
            `${mention(s.userId)} retired *${escapeMrkdwn(r.agent.name)}*: "${escapeMrkdwn(reason)}". It needs no more monthly reports.`,
          )
        : [],
  );
  if (result.kind === 'not_found') {
    await ack(notice('Not retired', 'That agent is no longer in the registry.'));
    return;
  }
  const agent = result.agent;
  await ack({
    response_action: 'update',
    view: await agentDetailView(client, deps, target.workspace, agent, s.userId),
  });
}

export function registerAgentViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(AGENT_REGISTER_CALLBACK_ID, guarded(deps, onRegisterSubmitted));
  app.view<ViewSubmitAction>(AGENT_EDIT_CALLBACK_ID, guarded(deps, onEditSubmitted));
  app.view<ViewSubmitAction>(AGENT_HAND_OVER_CALLBACK_ID, guarded(deps, onHandOverSubmitted));
  app.view<ViewSubmitAction>(AGENT_RETIRE_CALLBACK_ID, guarded(deps, onRetireSubmitted));
}
