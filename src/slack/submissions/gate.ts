import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../../domain/agents.js';
import type { GateReview } from '../../domain/gate.js';
import { gateReviewers } from '../../domain/gate.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { getAgent } from '../../store/agents.js';
import { recordReviewMessage } from '../../store/gate-reviews.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { recordedFeedEvidence } from '../../usecases/feeds.js';
import { claimGate } from '../../usecases/gate.js';
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
import { gateFeedLine } from '../actions/feeds.js';
import {
  announceDecision,
  claimCheckFor,
  claimCheckRefusal,
  decideAndAnnounce,
  decisionRefusal,
} from '../actions/gate.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { leadersOf, personOf } from '../roles.js';
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
  const person = await personOf(client, deps, s.userId);
  const read = readGateClaims(s.values);
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const result =
    s.recordId === null
      ? ({ kind: 'not_found' } as const)
      : claimGate(deps.db, deps.now(), {
          teamId: s.teamId,
          agentId: s.recordId,
          claimant: person,
          claims: read.claims,
          feed: recordedFeedEvidence(deps.db, deps.now(), s.teamId, s.recordId),
          sourceViewId: s.viewId,
        });
  if (result.kind !== 'filed') {
    // Something changed since the checklist opened (or the person may not claim): say what.
    await ack(notice('Not filed', claimCheckRefusal(result, workspace)));
    return;
  }
  const agent = getAgent(deps.db, s.teamId, result.review.agentId);
  if (!agent) throw new Error(`Agent ${result.review.agentId} of a filed gate claim is gone`);
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
  const check = await claimCheckFor(client, deps, s.teamId, readPickedAgent(s.values), s.userId);
  if (check.kind === 'not_found') {
    await ack({ response_action: 'errors', errors: { [GATE_PICK_BLOCK_ID]: 'Pick an agent.' } });
    return;
  }
  if (check.kind === 'refused') {
    // Inline errors are plain text, so the refusal's mrkdwn is shown in a modal instead.
    await ack(notice('Production gate', claimCheckRefusal(check, workspace)));
    return;
  }
  await ack({ response_action: 'update', view: gateModal(check.agent, gateFeedLine(deps, check.agent)) });
}

async function onSendBackSubmitted({ ack, body, client }: ViewArgs, deps: AppDeps): Promise<void> {
  const s = readSubmission(body);
  const workspace = ensureWorkspace(deps.db, s.teamId, deps.now());
  const reason = readSendBackReason(s.values);
  if (reason === '') {
    await ack({
      response_action: 'errors',
      errors: { [SEND_BACK_REASON_BLOCK_ID]: 'Say what has to change.' },
    });
    return;
  }
  const result =
    s.recordId === null
      ? ({ kind: 'not_found' } as const)
      : decideAndAnnounce(deps, workspace, deps.now(), {
          teamId: s.teamId,
          reviewId: s.recordId,
          reviewerId: s.userId,
          leaders: await leadersOf(client, deps, workspace),
          outcome: 'sent_back',
          reason,
        });
  if (result.kind !== 'decided') {
    await ack(notice('Not sent back', decisionRefusal(result, workspace)));
    return;
  }
  const { agent } = result;
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
