import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Workspace } from '../../domain/workspace.js';
import type { Announcement } from '../../store/outbox.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import {
  type AgentChange,
  changeAgentStatus,
  editAgent,
  handOverAgent,
  registerAgent,
} from '../../usecases/registry.js';
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
import { handedOverText } from '../../views/agents/messages.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import { agentDetailView, changeRefusal } from '../actions/agents.js';
import { AGENT_GONE } from '../actions/click.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { personOf } from '../roles.js';
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

/** Who changes which agent, as a submitted modal says; null when the modal names no agent. */
async function changeOf(
  client: WebClient,
  deps: AppDeps,
  s: Submission,
): Promise<{ change: AgentChange; workspace: Workspace } | null> {
  if (s.recordId === null) return null;
  return {
    change: { teamId: s.teamId, agentId: s.recordId, actor: await personOf(client, deps, s.userId) },
    workspace: ensureWorkspace(deps.db, s.teamId, deps.now()),
  };
}

async function onEditSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await changeOf(client, deps, s);
  if (!target) {
    await ack(notice('Not saved', AGENT_GONE));
    return;
  }
  const read = readAgentForm(s.values, 'edit');
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const result = editAgent(deps.db, deps.now(), { ...target.change, fields: read.form.fields });
  if (result.kind === 'name_taken') {
    await ack({
      response_action: 'errors',
      errors: { [AGENT_FORM_BLOCKS.name]: nameTakenError(result.existing) },
    });
    return;
  }
  if (result.kind !== 'edited') {
    await ack(notice('Not saved', changeRefusal(result, target.workspace)));
    return;
  }
  await ack({
    response_action: 'update',
    view: await agentDetailView(client, deps, target.workspace, result.agent, s.userId),
  });
}

async function onHandOverSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await changeOf(client, deps, s);
  if (!target) {
    await ack(notice('Not handed over', AGENT_GONE));
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
    () => handOverAgent(deps.db, deps.now(), { ...target.change, newOwnerId }),
    (r) =>
      r.kind === 'handed_over'
        ? dmIfSomeoneElse(newOwnerId, s.userId, handedOverText(r.agent, s.userId))
        : [],
  );
  if (result.kind === 'not_found' || result.kind === 'not_allowed') {
    await ack(notice('Not handed over', changeRefusal(result, target.workspace)));
    return;
  }
  await ack({
    response_action: 'update',
    view: await agentDetailView(client, deps, target.workspace, result.agent, s.userId),
  });
}

async function onRetireSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const target = await changeOf(client, deps, s);
  if (!target) {
    await ack(notice('Not retired', AGENT_GONE));
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
    () => changeAgentStatus(deps.db, deps.now(), { ...target.change, to: 'retired', reason }),
    (r) =>
      r.kind === 'moved'
        ? dmIfSomeoneElse(
            r.agent.ownerId,
            s.userId,
            `${mention(s.userId)} retired *${escapeMrkdwn(r.agent.name)}*: "${escapeMrkdwn(reason)}". It needs no more monthly reports.`,
          )
        : [],
  );
  if (result.kind === 'not_found' || result.kind === 'not_allowed') {
    await ack(notice('Not retired', changeRefusal(result, target.workspace)));
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
