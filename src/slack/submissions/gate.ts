import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../../domain/agents.js';
import type { GateReview } from '../../domain/gate.js';
import { gateReviewers } from '../../domain/roles.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { getAgent } from '../../store/agents.js';
import { getGateReview, recordReviewMessage } from '../../store/gate-reviews.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { recordedFeedEvidence } from '../../usecases/feeds.js';
import { claimGate } from '../../usecases/gate.js';
import { manageRefusal } from '../../views/agents/messages.js';
import { gateReviewBlocks, gateReviewText } from '../../views/gate/detail.js';
import { gateModal, readGateClaims, readPickedAgent, readSendBackReason } from '../../views/gate/form.js';
import {
  GATE_CALLBACK_ID,
  GATE_PICK_BLOCK_ID,
  GATE_PICK_CALLBACK_ID,
  GATE_SEND_BACK_CALLBACK_ID,
  SEND_BACK_REASON_BLOCK_ID,
} from '../../views/gate/ids.js';
import { gateFailedModal, gateOutcomeText, gateSentModal } from '../../views/gate/messages.js';
import { escapeMrkdwn, mention } from '../../views/mrkdwn.js';
import { mayManage } from '../actions/agents.js';
import { gateFeedLine } from '../actions/feeds.js';
import {
  alreadyDecidedText,
  announceDecision,
  confirmRefusal,
  decideAndAnnounce,
  gateRefusal,
} from '../actions/gate.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { leadersOf } from '../roles.js';
import { guarded, notice, readSubmission, type ViewArgs } from './submission.js';

/** Asks each reviewer by DM, and keeps each message so it can show the decision later. */
async function askReviewers(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  agent: Agent,
  review: GateReview,
  reviewers: readonly string[],
): Promise<void> {
  const blocks = gateReviewBlocks(agent, review, zoneOf(w));
  const text = gateReviewText(agent, review);
  for (const reviewerId of reviewers) {
    try {
      const res = await client.chat.postMessage({ channel: reviewerId, text, blocks });
      if (res.channel && res.ts) {
        recordReviewMessage(deps.db, w.teamId, review.id, {
          userId: reviewerId,
          channelId: res.channel,
          ts: res.ts,
        });
      }
    } catch (error) {
      deps.logger.warn(`Could not ask ${reviewerId} to confirm gate review ${review.id}`, error);
    }
  }
}

async function onGateSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const agent = s.recordId === null ? undefined : getAgent(deps.db, s.teamId, s.recordId);
  if (!agent) {
    await ack(notice('Not filed', 'That agent is no longer in the registry.'));
    return;
  }
  if (!(await mayManage(client, deps, workspace, agent, s.userId))) {
    await ack(notice('Not filed', manageRefusal(agent, workspace)));
    return;
  }
  const read = readGateClaims(s.values);
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const result = claimGate(deps.db, deps.now(), {
    teamId: s.teamId,
    agentId: agent.id,
    claimantId: s.userId,
    claims: read.claims,
    feed: recordedFeedEvidence(deps.db, deps.now(), s.teamId, agent.id),
    sourceViewId: s.viewId,
  });
  if (result.kind !== 'filed') {
    // Something changed since the checklist opened: say what.
    const refusal =
      (await gateRefusal(client, deps, workspace, agent, s.userId)) ??
      'That agent cannot take a gate claim now.';
    await ack(notice('Not filed', refusal));
    return;
  }
  const { review, verdict, created } = result;
  if (!verdict.passed) {
    await ack({ response_action: 'update', view: gateFailedModal(agent, verdict, review.claims) });
    if (created && agent.ownerId !== s.userId) {
      await client.chat.postMessage({
        channel: agent.ownerId,
        text: gateOutcomeText(agent, review, verdict),
      });
    }
    return;
  }
  const reviewers = gateReviewers({
    claimantId: review.claimantId,
    ownerId: agent.ownerId,
    portfolioOwnerId: workspace.portfolioOwnerId,
    leaders: await leadersOf(client, deps, workspace),
  });
  await ack({ response_action: 'update', view: gateSentModal(agent, reviewers) });
  if (!created) return;
  await askReviewers(client, deps, workspace, agent, review, reviewers);
  for (const reviewerId of reviewers) await publishHome(client, deps, s.teamId, reviewerId);
}

/** From the Home tab's "Run the gate": the picked agent's checklist, or why it cannot have one. */
async function onGatePicked({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const id = readPickedAgent(s.values);
  const agent = id === null ? undefined : getAgent(deps.db, s.teamId, id);
  if (!agent) {
    await ack({ response_action: 'errors', errors: { [GATE_PICK_BLOCK_ID]: 'Pick an agent.' } });
    return;
  }
  const refusal = await gateRefusal(client, deps, workspace, agent, s.userId);
  if (refusal) {
    // Inline errors are plain text, so the refusal's mrkdwn is shown in a modal instead.
    await ack(notice('Production gate', refusal));
    return;
  }
  await ack({ response_action: 'update', view: gateModal(agent, gateFeedLine(deps, agent)) });
}

async function onSendBackSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const review = s.recordId === null ? undefined : getGateReview(deps.db, s.teamId, s.recordId);
  const agent = review && getAgent(deps.db, s.teamId, review.agentId);
  if (!review || !agent) {
    await ack(notice('Not sent back', 'That gate review is no longer in the registry.'));
    return;
  }
  const reason = readSendBackReason(s.values);
  if (reason === '') {
    await ack({
      response_action: 'errors',
      errors: { [SEND_BACK_REASON_BLOCK_ID]: 'Say what has to change.' },
    });
    return;
  }
  const refusal = await confirmRefusal(client, deps, workspace, review, agent, s.userId);
  if (refusal) {
    await ack(notice('Not sent back', refusal));
    return;
  }
  const result = decideAndAnnounce(deps, workspace, deps.now(), {
    teamId: s.teamId,
    reviewId: review.id,
    reviewerId: s.userId,
    outcome: 'sent_back',
    reason,
  });
  if (result.kind !== 'decided') {
    const why =
      result.kind === 'already_decided'
        ? alreadyDecidedText(result.review, agent, zoneOf(workspace))
        : 'That gate review is no longer in the registry. Nothing changed.';
    await ack(notice('Not sent back', why));
    return;
  }
  await ack(
    notice(
      'Sent back',
      `The gate claim for *${escapeMrkdwn(agent.name)}* went back to ${mention(agent.ownerId)} with your reason. It stays in pilot.`,
    ),
  );
  await announceDecision(client, deps, workspace, result.review, result.agent);
}

export function registerGateViews(app: App, deps: AppDeps): void {
  app.view<ViewSubmitAction>(GATE_CALLBACK_ID, guarded(deps, onGateSubmitted));
  app.view<ViewSubmitAction>(GATE_PICK_CALLBACK_ID, guarded(deps, onGatePicked));
  app.view<ViewSubmitAction>(GATE_SEND_BACK_CALLBACK_ID, guarded(deps, onSendBackSubmitted));
}
