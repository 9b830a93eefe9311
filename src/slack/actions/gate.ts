import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type Agent, canTransition } from '../../domain/agents.js';
import { canConfirmGate, type GateReview } from '../../domain/gate.js';
import { canManageAgent } from '../../domain/roles.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { getAgent, listAgents } from '../../store/agents.js';
import { getGateReview, pendingReviewFor, reviewMessages } from '../../store/gate-reviews.js';
import type { Announcement } from '../../store/outbox.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { type DecisionResult, decideGate, type GateDecision } from '../../usecases/gate.js';
import { manageRefusal } from '../../views/agents/messages.js';
import { noticeModal } from '../../views/forms.js';
import { gateReviewBlocks, gateReviewModal, gateReviewText } from '../../views/gate/detail.js';
import { gateModal, gatePickerModal, sendBackModal } from '../../views/gate/form.js';
import {
  GATE_CONFIRM_ACTION_ID,
  GATE_OPEN_ACTION_ID,
  GATE_PICK_ACTION_ID,
  GATE_REVIEW_OPEN_ACTION_ID,
  GATE_SEND_BACK_ACTION_ID,
} from '../../views/gate/ids.js';
import { gateOutcomeText } from '../../views/gate/messages.js';
import { escapeMrkdwn, formatDate, mention } from '../../views/mrkdwn.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { leadersOf, personOf } from '../roles.js';
import { type ActionArgs, type Click, clickedId, readClick, refuseClick, showView } from './click.js';
import { gateFeedLine } from './feeds.js';

/** Why this person cannot file a gate claim for this agent now, or null when they can. */
export async function gateRefusal(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  agent: Agent,
  userId: string,
): Promise<string | null> {
  const name = `*${escapeMrkdwn(agent.name)}*`;
  const timeZone = zoneOf(w);
  if (!canManageAgent(await personOf(client, deps, userId), agent, w.portfolioOwnerId))
    return manageRefusal(agent, w);
  if (agent.status === 'proposed') {
    return `${name} is still proposed. Start its pilot first (Details in \`/maturity agents\`): the gate checks an agent that runs on real work.`;
  }
  if (!canTransition(agent.status, 'production', 'gate')) {
    return agent.gatePassedAt
      ? `${name} already passed the gate on ${formatDate(agent.gatePassedAt, timeZone)}.`
      : `${name} is retired, so it has no gate to pass.`;
  }
  const pending = pendingReviewFor(deps.db, w.teamId, agent.id);
  if (pending) {
    return `${name} already has a gate claim waiting for confirmation, filed by ${mention(pending.claimantId)} on ${formatDate(pending.claimedAt, timeZone)}.`;
  }
  return null;
}

/** Who may confirm this claim right now, and if not, why not. */
export async function confirmRefusal(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  review: GateReview,
  agent: Agent,
  userId: string,
): Promise<string | null> {
  if (review.state !== 'pending') return alreadyDecidedText(review, agent, zoneOf(w));
  const verdict = canConfirmGate({
    confirmerId: userId,
    claimantId: review.claimantId,
    ownerId: agent.ownerId,
    portfolioOwnerId: w.portfolioOwnerId,
    leaders: await leadersOf(client, deps, w),
  });
  if (verdict.ok) return null;
  const who = w.portfolioOwnerId
    ? ` Ask ${mention(w.portfolioOwnerId)}, the portfolio owner, or a leader.`
    : '';
  return `${verdict.message}${who}`;
}

export function alreadyDecidedText(review: GateReview, agent: Agent, timeZone: string): string {
  const by = review.reviewerId ? ` by ${mention(review.reviewerId)}` : '';
  const on = review.reviewedAt ? ` on ${formatDate(review.reviewedAt, timeZone)}` : '';
  const what = review.state === 'passed' ? 'confirmed' : review.state === 'failed' ? 'failed' : 'sent back';
  return `The gate claim for *${escapeMrkdwn(agent.name)}* was already ${what}${by}${on}. Nothing changed.`;
}

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
  const people = new Set([agent.ownerId, ...(review.reviewerId ? [review.reviewerId] : [])]);
  for (const userId of people) await publishHome(client, deps, w.teamId, userId);
}

/** The review a button names, with its agent, or a refusal already sent. */
async function clickedReview(
  client: WebClient,
  deps: AppDeps,
  click: Click,
): Promise<{ review: GateReview; agent: Agent; workspace: Workspace } | null> {
  const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
  const id = clickedId(click);
  const review = id === null ? undefined : getGateReview(deps.db, click.teamId, id);
  const agent = review && getAgent(deps.db, click.teamId, review.agentId);
  if (!review || !agent) {
    await refuseClick(client, click, 'That gate review is no longer in the registry.');
    return null;
  }
  return { review, agent, workspace };
}

/** Agents this person could file a gate claim for now: in pilot, no claim waiting, theirs to manage. */
async function gateCandidates(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  userId: string,
): Promise<Agent[]> {
  const person = await personOf(client, deps, userId);
  return listAgents(deps.db, w.teamId).filter(
    (a) =>
      a.status === 'pilot' &&
      canManageAgent(person, a, w.portfolioOwnerId) &&
      pendingReviewFor(deps.db, w.teamId, a.id) === undefined,
  );
}

export function registerGateActions(app: App, deps: AppDeps): void {
  app.action<BlockAction>(GATE_OPEN_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const id = clickedId(click);
    const agent = id === null ? undefined : getAgent(deps.db, click.teamId, id);
    if (!agent) {
      await refuseClick(client, click, 'That agent is no longer in the registry.');
      return;
    }
    const refusal = await gateRefusal(client, deps, workspace, agent, click.userId);
    if (refusal) await refuseClick(client, click, refusal);
    else await showView(client, click, gateModal(agent, gateFeedLine(deps, agent)));
  });

  app.action<BlockAction>(GATE_PICK_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const workspace = ensureWorkspace(deps.db, click.teamId, deps.now());
    const candidates = await gateCandidates(client, deps, workspace, click.userId);
    const view =
      candidates.length > 0
        ? gatePickerModal(candidates)
        : noticeModal(
            'Production gate',
            'None of your agents is ready for the gate: it takes an agent in pilot, with no claim already waiting, that you own. `/maturity agents` shows where each one stands.',
          );
    await showView(client, click, view);
  });

  app.action<BlockAction>(GATE_REVIEW_OPEN_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const found = await clickedReview(client, deps, click);
    if (found)
      await showView(client, click, gateReviewModal(found.agent, found.review, zoneOf(found.workspace)));
  });

  app.action<BlockAction>(GATE_CONFIRM_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const found = await clickedReview(client, deps, click);
    if (!found) return;
    const { review, agent, workspace } = found;
    const refusal = await confirmRefusal(client, deps, workspace, review, agent, click.userId);
    if (refusal) {
      await refuseClick(client, click, refusal);
      return;
    }
    const result = decideAndAnnounce(deps, workspace, deps.now(), {
      teamId: click.teamId,
      reviewId: review.id,
      reviewerId: click.userId,
      outcome: 'passed',
      reason: null,
    });
    if (result.kind === 'already_decided') {
      await refuseClick(client, click, alreadyDecidedText(result.review, agent, zoneOf(workspace)));
      return;
    }
    if (result.kind === 'agent_cannot_move' || result.kind === 'not_found') {
      await refuseClick(
        client,
        click,
        `*${escapeMrkdwn(agent.name)}* is no longer in pilot, so its gate cannot pass. Nothing changed.`,
      );
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

  app.action<BlockAction>(GATE_SEND_BACK_ACTION_ID, async ({ ack, body, client }: ActionArgs) => {
    await ack();
    const click = readClick(body);
    const found = await clickedReview(client, deps, click);
    if (!found) return;
    const refusal = await confirmRefusal(
      client,
      deps,
      found.workspace,
      found.review,
      found.agent,
      click.userId,
    );
    if (refusal) await refuseClick(client, click, refusal);
    else await showView(client, click, sendBackModal(found.agent, found.review));
  });
}
