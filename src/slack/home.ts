import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Agent } from '../domain/agents.js';
import { isValidZone } from '../domain/calendar.js';
import { canConfirmGate } from '../domain/gate.js';
import { canChangeSettings, canManageAgent } from '../domain/roles.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import { RITUALS } from '../rituals/index.js';
import { ritualStatuses } from '../rituals/status.js';
import { listAgents } from '../store/agents.js';
import { placementEvidence } from '../store/evidence.js';
import { latestReviewStates, pendingReviews } from '../store/gate-reviews.js';
import { crosswalkEvidence } from '../store/governance.js';
import { latestPlacement } from '../store/placements.js';
import { reviewSettings } from '../store/reports.js';
import { getVoteSettings } from '../store/votes.js';
import { ensureWorkspace } from '../store/workspaces.js';
import { businessDays } from '../usecases/calendar.js';
import { feedEvidenceByAgent } from '../usecases/feeds.js';
import { adoptTimeZone } from '../usecases/settings.js';
import { currentReview } from '../usecases/value-review.js';
import { ballotsAwaiting, voteProgress } from '../usecases/votes.js';
import { portfolioHomeSection } from '../views/agents/home.js';
import { businessDaysText, calendarActions } from '../views/calendar.js';
import { feedBesideNumber } from '../views/feeds/format.js';
import { crosswalkHomeSection } from '../views/governance.js';
import { homeView } from '../views/home.js';
import { placementHomeSection } from '../views/placement/home.js';
import { valueReviewHomeSection } from '../views/value-review/home.js';
import { voteHomeSection } from '../views/votes/home.js';
import type { AppDeps } from './deps.js';
import { leadersOf, personOf } from './roles.js';

/** The registry at a glance, and what waits on this viewer: gates they may confirm, agents they may hand over. */
async function portfolioSection(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  userId: string,
  agents: readonly Agent[],
): Promise<KnownBlock[]> {
  const person = await personOf(client, deps, userId);
  const leaders = await leadersOf(client, deps, w);
  const toConfirm = pendingReviews(deps.db, w.teamId).flatMap((review) => {
    const agent = agents.find((a) => a.id === review.agentId);
    const rule = {
      confirmerId: userId,
      claimantId: review.claimantId,
      portfolioOwnerId: w.portfolioOwnerId,
      leaders,
    };
    return agent && canConfirmGate({ ...rule, ownerId: agent.ownerId }).ok ? [{ review, agent }] : [];
  });
  return portfolioHomeSection({
    agents,
    officeSideInProduction: placementEvidence(deps.db, w.teamId).officeSideInProduction,
    toConfirm,
    orphaned: agents.filter(
      (a) => a.ownerLeftAt && a.status !== 'retired' && canManageAgent(person, a, w.portfolioOwnerId),
    ),
    currency: w.currency,
    timeZone: zoneOf(w),
    latestReview: latestReviewStates(deps.db, w.teamId),
  });
}

/** The vote open now, and the agents this viewer still has to vote on; the settings for those who set them. */
async function voteSection(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  userId: string,
): Promise<KnownBlock[]> {
  const progress = voteProgress(deps.db, w, deps.now());
  const awaiting = progress.kind === 'open' ? ballotsAwaiting(deps.db, progress.round, userId) : [];
  const manage = canChangeSettings(await personOf(client, deps, userId), w.portfolioOwnerId)
    ? getVoteSettings(deps.db, w.teamId)
    : null;
  return voteHomeSection({ progress, awaiting, viewerId: userId, zone: zoneOf(w), manage });
}

/** This month's numbers: each agent's latest and whether it is in; the schedule for those who may run it. */
async function valueReviewSection(
  client: WebClient,
  deps: AppDeps,
  w: Workspace,
  userId: string,
): Promise<KnownBlock[]> {
  const now = deps.now();
  const review = currentReview(deps.db, w, now);
  const manage = canChangeSettings(await personOf(client, deps, userId), w.portfolioOwnerId)
    ? {
        statuses: ritualStatuses(deps.db, RITUALS, w, now),
        settings: reviewSettings(deps.db, w.teamId),
        businessDays: businessDaysText(businessDays(deps.db, w, now)),
      }
    : null;
  const section = valueReviewHomeSection({
    ...review,
    zone: zoneOf(w),
    viewerId: userId,
    currency: w.currency,
    manage,
    canReport: userId === w.portfolioOwnerId || review.agents.some((s) => s.agent.ownerId === userId),
    feeds: new Map(
      [...feedEvidenceByAgent(deps.db, now, w.teamId)].map(([id, e]) => [id, feedBesideNumber(e, now)]),
    ),
  });
  return [...section, calendarActions(manage !== null)];
}

/** Renders the viewer's Home tab from the records and publishes it. */
export async function publishHome(
  client: WebClient,
  deps: AppDeps,
  teamId: string,
  userId: string,
): Promise<void> {
  const workspace = ensureWorkspace(deps.db, teamId, deps.now());
  const timeZone = zoneOf(workspace);
  // Read once: the portfolio and the crosswalk both need the whole registry.
  const agents = listAgents(deps.db, teamId);
  const view = homeView([
    placementHomeSection(latestPlacement(deps.db, teamId), timeZone),
    await portfolioSection(client, deps, workspace, userId, agents),
    await valueReviewSection(client, deps, workspace, userId),
    await voteSection(client, deps, workspace, userId),
    crosswalkHomeSection(crosswalkEvidence(deps.db, teamId, agents), timeZone),
  ]);
  await client.views.publish({ user_id: userId, view });
}

/** A workspace with no time zone yet takes the first admin's, so its rituals run at local hours. */
export async function adoptAdminTimeZone(
  client: WebClient,
  deps: AppDeps,
  teamId: string,
  userId: string,
): Promise<void> {
  if (ensureWorkspace(deps.db, teamId, deps.now()).timeZone !== null) return;
  const user = await deps.users.get(client, userId).catch(() => undefined);
  if (!user?.isAdmin || !user.timeZone || !isValidZone(user.timeZone)) return;
  adoptTimeZone(deps.db, deps.now(), { teamId, adminId: userId, zone: user.timeZone });
}
