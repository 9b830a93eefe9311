import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../../domain/agents.js';
import type { GateReview } from '../../domain/gate.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { logEvent } from '../../logging.js';
import { getAgent } from '../../store/agents.js';
import { getGateReview, reviewMessages } from '../../store/gate-reviews.js';
import type { Announcement } from '../../store/outbox.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import {
  type ClaimCheck,
  checkGateClaim,
  checkGateDecision,
  type DecisionCheck,
  type DecisionResult,
  decideGate,
  type GateDecision,
  gateCandidates,
} from '../../usecases/gate.js';
import { gateReviewBlocks, gateReviewModal, gateReviewText } from '../../views/gate/detail.js';
import { gateModal, gatePickerModal, sendBackModal } from '../../views/gate/form.js';
import {
  GATE_CONFIRM_ACTION_ID,
  GATE_OPEN_ACTION_ID,
  GATE_PICK_ACTION_ID,
  GATE_REVIEW_OPEN_ACTION_ID,
  GATE_SEND_BACK_ACTION_ID,
} from '../../views/gate/ids.js';
import { gateClaimRefusalText, gateDecisionRefusalText, gateOutcomeText } from '../../views/gate/messages.js';
import { noticeModal } from '../../views/kit.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { leadersOf, personOf } from '../roles.js';
import { clickedId, onClick, refuseClick, showView } from './click.js';
import { gateFeedLine } from './feeds.js';

const GONE = 'That gate review is no longer in the registry. Nothing changed.';

/** What a decision announces: every copy of the review shows it, and the owner hears it. Sent via the outbox. */
export function decisionAnnouncements(
  deps: AppDeps,
  w: Workspace,
  review: GateReview,
  agent: Agent,
): Announcement[] {
  const blocks = gateReviewBlocks(agent, review, zoneOf(w));
  const text = gateReviewText(agent, review);
  return [
    ...reviewMessages(deps.db, w.teamId, review.id).map(
      (m): Announcement => ({
        method: 'chat.update',
        args: { channel: m.channelId, ts: m.ts, text, blocks },
      }),
    ),
    { method: 'chat.postMessage', args: { channel: agent.ownerId, text: gateOutcomeText(agent, review) } },
  ];
}

/** Records a gate decision with its announcements, in one transaction, and sends them. */
export function decideAndAnnounce(
  deps: AppDeps,
  w: Workspace,
  now: Date,
  decision: GateDecision,
): DecisionResult {
  return deps.announcements.record(
    w.teamId,
    now,
    () => decideGate(deps.db, now, decision),
    (result) =>
      result.kind === 'decided' ? decisionAnnouncements(deps, w, result.review, result.agent) : [],
  );
}

/** After a decision, both Home tabs catch up (the messages go through the outbox: decideAndAnnounce). */
export async function announceDecision(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  review: GateReview,
  agent: Agent,
): Promise<void> {
  logEvent(
    deps.logger,
    'info',
    'gate.decided',
    {
      teamId: w.teamId,
      agentId: agent.id,
      reviewId: review.id,
      decision: review.state,
      reviewerId: review.reviewerId,
    },
    `Gate review ${review.id} of agent ${agent.id}: ${review.state}`,
  );
  const people = new Set([agent.ownerId, ...(review.reviewerId ? [review.reviewerId] : [])]);
  for (const userId of people) await publishHome(client, deps, w.teamId, userId);
}

/** Whether the clicker may file a gate claim for the agent the button names: the checklist, or why not. */
export async function claimCheckFor(
  client: WebClient,
  deps: AppDeps,
  teamId: string,
  agentId: number | null,
  userId: string,
): Promise<ClaimCheck> {
  if (agentId === null) return { kind: 'not_found' };
  return checkGateClaim(deps.db, { teamId, agentId, person: await personOf(client, deps, userId) });
}

/** What a refused claim check says, or that the agent is gone. */
export function claimCheckRefusal(check: Exclude<ClaimCheck, { kind: 'ready' }>, w: Workspace): string {
  return check.kind === 'refused'
    ? gateClaimRefusalText(check.refusal, check.agent, w)
    : 'That agent is no longer in the registry.';
}

/** What a refused decision says, or that the review is gone. */
export function decisionRefusal(
  result: Exclude<DecisionResult | DecisionCheck, { kind: 'decided' | 'ready' }>,
  w: Workspace,
): string {
  switch (result.kind) {
    case 'refused':
      return gateDecisionRefusalText(result.refusal, result.agent, w);
    case 'agent_cannot_move':
      return `*${escapeMrkdwn(result.agent.name)}* is no longer in pilot, so its gate cannot pass. Nothing changed.`;
    case 'not_found':
      return GONE;
  }
}

export function registerGateActions(app: App, deps: AppDeps): void {
  onClick(app, GATE_OPEN_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const check = await claimCheckFor(client, deps, click.teamId, clickedId(click), click.userId);
    if (check.kind === 'ready')
      await showView(client, click, gateModal(check.agent, gateFeedLine(deps, check.agent)));
    else await refuseClick(client, click, claimCheckRefusal(check, workspace));
  });

  onClick(app, GATE_PICK_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const person = await personOf(client, deps, click.userId);
    const candidates = gateCandidates(deps.db, { teamId: workspace.teamId, person });
    const view =
      candidates.length > 0
        ? gatePickerModal(candidates)
        : noticeModal(
            'Production gate',
            'None of your agents is ready for the gate: it takes an agent in pilot, with no claim already waiting, that you own. `/maturity agents` shows where each one stands.',
          );
    await showView(client, click, view);
  });

  onClick(app, GATE_REVIEW_OPEN_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const id = clickedId(click);
    const review = id === null ? undefined : getGateReview(deps.db, click.teamId, id);
    const agent = review && getAgent(deps.db, click.teamId, review.agentId);
    if (review && agent) await showView(client, click, gateReviewModal(agent, review, zoneOf(workspace)));
    else await refuseClick(client, click, GONE);
  });

  onClick(app, GATE_CONFIRM_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const reviewId = clickedId(click);
    if (reviewId === null) {
      await refuseClick(client, click, GONE);
      return;
    }
    const result = decideAndAnnounce(deps, workspace, deps.now(), {
      teamId: click.teamId,
      reviewId,
      reviewerId: click.userId,
      leaders: await leadersOf(client, deps, workspace),
      outcome: 'passed',
      reason: null,
    });
    if (result.kind !== 'decided') {
      await refuseClick(client, click, decisionRefusal(result, workspace));
      return;
    }
    if (click.modalViewId) {
      await client.views.update({
        view_id: click.modalViewId,
        view: gateReviewModal(result.agent, result.review, zoneOf(workspace)),
      });
    }
    await announceDecision(client, deps, workspace, result.review, result.agent);
  });

  onClick(app, GATE_SEND_BACK_ACTION_ID, async (click, client) => {
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const reviewId = clickedId(click);
    const check =
      reviewId === null
        ? ({ kind: 'not_found' } as const)
        : checkGateDecision(deps.db, {
            teamId: click.teamId,
            reviewId,
            reviewerId: click.userId,
            leaders: await leadersOf(client, deps, workspace),
          });
    if (check.kind === 'ready') await showView(client, click, sendBackModal(check.agent, check.review));
    else await refuseClick(client, click, decisionRefusal(check, workspace));
  });
}
