import type { App, BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { cadenceOf, isPeriodKey, monthLabel, type PeriodKey, periodOf } from '../../domain/calendar.js';
import type { ReviewAgent } from '../../domain/monthly-report.js';
import { reportingRole } from '../../domain/roles.js';
import { reportedMonthFor } from '../../domain/value-review.js';
import { type Workspace, zoneOf } from '../../domain/workspace.js';
import { type RunNowResult, runRitualNow } from '../../rituals/runner.js';
import { valueReviewJob } from '../../rituals/value-review.js';
import {
  reportFor,
  reviewAgent,
  reviewSettings,
  runningAgents,
  valueReviewFor,
} from '../../store/reports.js';
import { stepsDone } from '../../store/ritual-runs.js';
import { ensureWorkspace } from '../../store/workspaces.js';
import { delegatedOwners } from '../../usecases/calendar.js';
import { feedMonth } from '../../usecases/feeds.js';
import { reviewPostsBy } from '../../usecases/judged-months.js';
import { noticeModal } from '../../views/kit.js';
import { channelLink, formatDate, formatDateTime } from '../../views/mrkdwn.js';
import { REPORT_AGENT_ACTION_ID, reportModal, reviewSettingsModal } from '../../views/value-review/form.js';
import {
  HOME_REPORT_ACTION_ID,
  REVIEW_SETTINGS_ACTION_ID,
  RUN_REVIEW_NOW_ACTION_ID,
} from '../../views/value-review/home.js';
import { REPORT_OPEN_ACTION_ID } from '../../views/value-review/messages.js';
import type { AppDeps } from '../deps.js';
import { publishHome } from '../home.js';
import { runsWorkspace } from '../roles.js';
import { type ActionArgs, readClick, refuseClick, showView } from './click.js';

/** The month owners report now: the one just ended, in the workspace's time zone. */
export function reportingMonth(workspace: Workspace, now: Date): string {
  return reportedMonthFor(periodOf('monthly', now, zoneOf(workspace)));
}

const NOT_YOURS =
  "Only the agent's owner, or the portfolio owner on their behalf, can report its number. If it should be yours, ask the portfolio owner to hand it over.";

/**
 * The report modal for one agent, or for every agent the person may report (their own, and all running agents
 * for the portfolio owner), or the sentence that says why there is nothing for them to report.
 */
export function reportModalFor(
  deps: AppDeps,
  w: Workspace,
  userId: string,
  agentId: number | null,
  asked: PeriodKey | null = null,
  pickedId: number | null = null,
): { view: ReturnType<typeof reportModal> } | { refusal: string } {
  const current = reportingMonth(w, deps.now());
  // A month still running cannot be reported; a button can only ask about one that has ended.
  const month = asked !== null && asked < current ? asked : current;
  const posted = valueReviewFor(deps.db, w.teamId, month) !== undefined;
  const standingInFor = delegatedOwners(deps.db, w, userId, deps.now());
  let agents: ReviewAgent[];
  if (agentId !== null) {
    const agent = reviewAgent(deps.db, w.teamId, agentId);
    if (!agent) return { refusal: 'That agent is no longer in the registry.' };
    if (reportingRole(userId, agent, w.portfolioOwnerId, standingInFor) === null)
      return { refusal: NOT_YOURS };
    agents = [agent];
  } else {
    agents = runningAgents(deps.db, w.teamId)
      .filter((a) => reportingRole(userId, a, w.portfolioOwnerId, standingInFor) !== null)
      .sort((a, b) => Number(b.ownerId === userId) - Number(a.ownerId === userId));
    if (agents.length === 0) {
      return {
        refusal:
          'You own no running agent, so there is no number for you to report. Agents in pilot, production or scaling report monthly.',
      };
    }
  }
  // The form is filled in for the one agent, or for the one picked of several.
  const shown = agents.length === 1 ? agents[0] : agents.find((a) => a.id === pickedId);
  return {
    view: reportModal({
      month,
      agents,
      pickedId: agents.length === 1 ? null : (shown?.id ?? null),
      existing: shown ? (reportFor(deps.db, w.teamId, shown.id, month) ?? null) : null,
      posted,
      viewerId: userId,
      currency: w.currency,
      feedCents: shown ? feedMonth(deps.db, w.teamId, shown.id, month).dollarCents : null,
    }),
  };
}

/**
 * "12@2026-10": agent 12, for October 2026. A button sent before months travelled with it carries the agent
 * alone, and opens for the month being reported now.
 */
const reportButton = z.string().transform((value) => {
  const [id, month] = value.split('@');
  const agentId = Number(id);
  return {
    agentId: Number.isSafeInteger(agentId) && agentId > 0 ? agentId : -1,
    month: month !== undefined && isPeriodKey(month) && cadenceOf(month) === 'monthly' ? month : null,
  };
});

async function onReportClicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  const { agentId, month } = reportButton.parse(click.value ?? '');
  const found = reportModalFor(deps, w, click.userId, agentId, month);
  if ('view' in found) await showView(client, click, found.view);
  else await refuseClick(client, click, found.refusal);
}

const pickedMonth = z.object({ month: z.string().refine(isPeriodKey) });

/** An agent picked in the modal for several: the form is filled in for it (its feed's number, or its report). */
async function onReportAgentPicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const click = readClick(body);
  const agentId = Number(click.selected);
  if (!click.modalViewId || body.view === undefined || !Number.isSafeInteger(agentId)) return;
  const { month } = pickedMonth.parse(JSON.parse(body.view.private_metadata));
  const w = ensureWorkspace(deps.db, click.teamId, deps.now());
  const found = reportModalFor(deps, w, click.userId, null, month, agentId);
  if ('view' in found) await client.views.update({ view_id: click.modalViewId, view: found.view });
  else await refuseClick(client, click, found.refusal);
}

async function onHomeReportClicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const parsed = readClick(body);
  const w = ensureWorkspace(deps.db, parsed.teamId, deps.now());
  const found = reportModalFor(deps, w, parsed.userId, null);
  const view = 'view' in found ? found.view : noticeModal('Report a number', found.refusal);
  await client.views.open({ trigger_id: parsed.triggerId, view });
}

/** Says in a sentence what running the review now did. */
export function describeRunNow(result: RunNowResult, deps: AppDeps, w: Workspace): string {
  const zone = zoneOf(w);
  if (result.kind === 'failed') {
    return `The review did not finish: ${result.error}. Nothing sent is sent again; the next try picks up where this one stopped.`;
  }
  const month = monthLabel(reportedMonthFor(result.run.period));
  if (result.kind === 'missed')
    return `The review of ${month} was missed while the app was down, so it is not sent late.`;
  if (result.kind === 'held')
    return `The review of ${month} is being sent right now (since ${formatDateTime(result.held.since, zone)}), so this started nothing more. Look again in a minute.`;
  const review = valueReviewFor(deps.db, w.teamId, reportedMonthFor(result.run.period));
  if (review) {
    const where =
      review.channelId === null
        ? 'nowhere: set a review channel in `/maturity settings`'
        : review.channelId === w.reviewChannelId
          ? channelLink(review.channelId)
          : 'the portfolio owner by DM';
    return `The review of ${month} is posted (${formatDate(review.postedAt, zone)}) to ${where}.`;
  }
  // A run finishes without a post only when no agent was running to ask.
  if (result.kind !== 'ran' || result.finished) {
    return `No agent was running, so there was no review of ${month} to post.`;
  }
  const asked = stepsDone(deps.db, result.run.id, 'prompt:').length;
  const postAt = reviewPostsBy(deps.db, w, result.run.period);
  return `The review of ${month} is running: ${asked} ${asked === 1 ? 'owner has' : 'owners have'} been asked. It posts as soon as every number is in, and ${formatDateTime(postAt, zone)} at the latest.`;
}

export function runReviewNow(client: WebClient, deps: AppDeps, teamId: string): Promise<RunNowResult> {
  return runRitualNow({ db: deps.db, client, logger: deps.logger }, valueReviewJob, teamId, deps.now());
}

const NOT_A_MANAGER =
  'Only workspace admins and the portfolio owner can run the review early or change its settings.';

async function onRunNowClicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const parsed = readClick(body);
  const w = ensureWorkspace(deps.db, parsed.teamId, deps.now());
  if (!(await runsWorkspace(client, deps, w.teamId, parsed.userId))) {
    await client.views.open({
      trigger_id: parsed.triggerId,
      view: noticeModal('Run the review', NOT_A_MANAGER),
    });
    return;
  }
  // A fan-out to many owners outlives the click's 3-second trigger: open the modal first, fill it in after.
  const opened = await client.views.open({
    trigger_id: parsed.triggerId,
    view: noticeModal('Run the review', 'Running the monthly value review now…'),
  });
  const result = await runReviewNow(client, deps, w.teamId);
  const viewId = opened.view?.id;
  if (viewId) {
    await client.views.update({
      view_id: viewId,
      view: noticeModal('Run the review', describeRunNow(result, deps, w)),
    });
  }
  await publishHome(client, deps, w.teamId, parsed.userId);
}

async function onSettingsClicked({ ack, body, client }: ActionArgs, deps: AppDeps): Promise<void> {
  await ack();
  const parsed = readClick(body);
  const w = ensureWorkspace(deps.db, parsed.teamId, deps.now());
  const view = (await runsWorkspace(client, deps, w.teamId, parsed.userId))
    ? reviewSettingsModal(reviewSettings(deps.db, w.teamId))
    : noticeModal('Review settings', NOT_A_MANAGER);
  await client.views.open({ trigger_id: parsed.triggerId, view });
}

export function registerValueReviewActions(app: App, deps: AppDeps): void {
  app.action<BlockAction>(REPORT_OPEN_ACTION_ID, (args) => onReportClicked(args, deps));
  app.action<BlockAction>(HOME_REPORT_ACTION_ID, (args) => onHomeReportClicked(args, deps));
  app.action<BlockAction>(REPORT_AGENT_ACTION_ID, (args) => onReportAgentPicked(args, deps));
  app.action<BlockAction>(RUN_REVIEW_NOW_ACTION_ID, (args) => onRunNowClicked(args, deps));
  app.action<BlockAction>(REVIEW_SETTINGS_ACTION_ID, (args) => onSettingsClicked(args, deps));
}
