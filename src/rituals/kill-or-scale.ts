// The quarterly kill-or-scale vote: open the round with one reply per running agent, remind leaders who have
// not voted, close it at the deadline and apply the outcomes, then take the override buttons away when the
// portfolio owner's window ends. Every Slack send is a step, so a restart repeats and skips nothing.

import { type Agent, isRunning } from '../domain/agents.js';
import { monthsOfQuarter, type PeriodKey, periodOf, previousPeriod } from '../domain/calendar.js';
import type { GateReviewState } from '../domain/gate.js';
import { targetOwed } from '../domain/judged-months.js';
import {
  lastJudgedMonth,
  monthRange,
  overrideUntil,
  quarterReview,
  remindAtFor,
  reviewedQuarter,
  roundName,
  voteSchedule,
  voteTimeline,
} from '../domain/kill-or-scale.js';
import type { MonthlyReport } from '../domain/monthly-report.js';
import { leadership } from '../domain/roles.js';
import { type ValueReviewSettings, valueReviewRules } from '../domain/value-review.js';
import { orderBallot } from '../domain/vote.js';
import type { BallotCard, VoteRound } from '../domain/vote-round.js';
import { logEvent } from '../logging.js';
import { slackErrorCode } from '../slack-errors.js';
import { getAgent, listAgents } from '../store/agents.js';
import { latestReviewStates } from '../store/gate-reviews.js';
import { latestPlacement } from '../store/placements.js';
import { awayAgentsByMonth, reportsForMonths, reviewSettings } from '../store/reports.js';
import { ballotsOf, getRound, getRoundById, getVoteSettings, setThreadTs } from '../store/votes.js';
import { awayAt } from '../usecases/calendar.js';
import { monthComplete } from '../usecases/judged-months.js';
import {
  ballotState,
  ballotsAwaiting,
  closeRound,
  lastOutcomeByAgent,
  openRound,
  roundStates,
} from '../usecases/votes.js';
import { gateStatusText } from '../views/agents/list.js';
import type { SlackMessage } from '../views/message.js';
import { ballotMessage, outcomeReply, type ParentRound, roundParentMessage } from '../views/votes/ballot.js';
import {
  cannotPostMessage,
  nothingToVoteMessage,
  notReadyMessage,
  reminderMessage,
  retiredOwnerMessage,
} from '../views/votes/messages.js';
import type { Rendering } from '../views/votes/text.js';
import type { RitualContext, RitualJob } from './job.js';

/** How far back a ballot reads monthly numbers: enough for "below target N months running". */
const HISTORY_MONTHS = 12;

/** The first month a ballot reads, HISTORY_MONTHS before the reviewed quarter. */
function historyStart(quarterMonths: readonly PeriodKey[]): PeriodKey {
  let month = quarterMonths[0] ?? '';
  for (let i = 0; i < HISTORY_MONTHS; i += 1) month = previousPeriod(month);
  return month;
}

const rendering = (ctx: RitualContext): Rendering => ({
  currency: ctx.workspace.currency,
  zone: ctx.zone,
  now: ctx.now,
});

async function post(
  ctx: RitualContext,
  channel: string,
  message: SlackMessage,
  threadTs?: string,
): Promise<string> {
  const res = await ctx.slack.postMessage(
    { channel, text: message.text, blocks: message.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) },
    ctx.signal,
  );
  if (!res.ts) throw new Error(`chat.postMessage to ${channel} answered without a ts`);
  return res.ts;
}

async function update(ctx: RitualContext, channel: string, ts: string, message: SlackMessage): Promise<void> {
  await ctx.slack.call(
    'chat.update',
    channel,
    (client) => client.chat.update({ channel, ts, text: message.text, blocks: message.blocks }),
    ctx.signal,
  );
}

/** The leadership as the settings define it, read afresh when a round opens (no cache: it is fixed then). */
async function currentLeaders(ctx: RitualContext): Promise<string[]> {
  const { leadershipGroupId, leadershipUserIds } = ctx.workspace;
  const fromGroup = leadershipGroupId
    ? ((
        await ctx.slack.call('usergroups.users.list', undefined, (client) =>
          client.usergroups.users.list({ usergroup: leadershipGroupId }),
        )
      ).users ?? [])
    : [];
  return leadership(leadershipUserIds, fromGroup);
}

/** Agent id -> month -> the number that counts (a correction's, when there is one). */
function numbersByAgent(reports: readonly MonthlyReport[]): Map<number, Map<PeriodKey, number>> {
  const byAgent = new Map<number, Map<PeriodKey, number>>();
  for (const report of reports) {
    const months = byAgent.get(report.agentId) ?? new Map<PeriodKey, number>();
    months.set(report.month, report.amountCents);
    byAgent.set(report.agentId, months);
  }
  return byAgent;
}

function ballotCard(
  ctx: RitualContext,
  agent: Agent,
  quarterMonths: readonly PeriodKey[],
  numbers: ReadonlyMap<PeriodKey, number>,
  p: {
    carriedOver: boolean;
    gate: ReadonlyMap<number, GateReviewState>;
    rules: ValueReviewSettings;
    away: ReadonlyMap<PeriodKey, ReadonlySet<number>>;
  },
): BallotCard {
  const lastMonth = quarterMonths.at(-1) ?? '';
  const registered = periodOf('monthly', agent.registeredAt, ctx.zone);
  const start = historyStart(quarterMonths);
  // Months before the agent existed are not misses. 'YYYY-MM' keys sort as dates.
  const first = registered.localeCompare(start) > 0 ? registered : start;
  const series = monthRange(first, lastMonth).map((month) => ({
    month,
    cents: numbers.get(month) ?? null,
    away: p.away.get(month)?.has(agent.id) === true,
    targetCents: targetOwed(agent, month, ctx.zone),
  }));
  const review = quarterReview({
    series,
    quarterMonths,
    carriedOver: p.carriedOver,
    settings: p.rules,
  });
  return {
    name: agent.name,
    category: agent.category,
    status: agent.status,
    metric: agent.metric,
    targetCents: agent.monthlyTargetCents,
    numbers: series.filter((entry) => quarterMonths.includes(entry.month)),
    trend: review.trend,
    flags: review.flags,
    drift: review.drift,
    gate: gateStatusText(agent, p.gate.get(agent.id), ctx.zone),
  };
}

/**
 * Opens the quarter's round from the registry as it stands now. Without a leadership channel or any
 * leader there is nobody to ask: the portfolio owner is told once and the run waits for the settings.
 */
async function openQuartersRound(ctx: RitualContext): Promise<VoteRound | 'waiting' | 'nothing_to_vote'> {
  const { db, workspace } = ctx;
  const teamId = workspace.teamId;
  const channelId = workspace.leadershipChannelId;
  const leaders = await currentLeaders(ctx);
  if (!channelId || leaders.length === 0) {
    const missing = [
      ...(channelId ? [] : ['channel' as const]),
      ...(leaders.length > 0 ? [] : ['leaders' as const]),
    ];
    const portfolioOwner = workspace.portfolioOwnerId;
    if (portfolioOwner)
      await ctx.step('not-ready', () => post(ctx, portfolioOwner, notReadyMessage(missing)));
    return 'waiting';
  }
  const running = listAgents(db, teamId).filter((agent) => isRunning(agent.status));
  if (running.length === 0) return 'nothing_to_vote';

  const quarter = ctx.run.period;
  const reviewed = reviewedQuarter(quarter);
  const quarterMonths = monthsOfQuarter(reviewed);
  const reports = reportsForMonths(
    db,
    teamId,
    monthRange(historyStart(quarterMonths), quarterMonths.at(-1) ?? ''),
  );
  const numbers = numbersByAgent(reports);
  const lastOutcomes = lastOutcomeByAgent(db, teamId, quarter);
  const gate = latestReviewStates(db, teamId);
  const rules = valueReviewRules(reviewSettings(db, teamId));
  const away = awayAgentsByMonth(
    db,
    teamId,
    monthRange(historyStart(quarterMonths), quarterMonths.at(-1) ?? ''),
  );
  const entries = running.map((agent) => {
    const card = ballotCard(ctx, agent, quarterMonths, numbers.get(agent.id) ?? new Map(), {
      carriedOver: lastOutcomes.get(agent.id) === 'no_decision',
      gate,
      rules,
      away,
    });
    return {
      agentId: agent.id,
      ownerId: agent.ownerId,
      card,
      name: agent.name,
      flags: card.flags.map((f) => f.id),
    };
  });
  const settings = getVoteSettings(db, teamId);
  const draft = {
    teamId,
    quarter,
    reviewedQuarter: reviewed,
    channelId,
    leaderIds: leaders,
    quorumFraction: settings.quorumFraction,
    visibility: settings.visibility,
    stage: latestPlacement(db, teamId)?.final ?? null,
    // Every agent's numbers count towards the quarter, retired ones included: they earned it.
    totalCents: reports
      .filter((report) => quarterMonths.includes(report.month))
      .reduce((total, report) => total + report.amountCents, 0),
    ballots: orderBallot(entries),
  };
  const deadlineFrom = (openedAt: Date) =>
    voteTimeline(openedAt, settings.deadlineBusinessDays, ctx.calendar).deadline;
  const parent = await postParent(ctx, channelId, (openedAt) => ({
    ...draft,
    deadline: deadlineFrom(openedAt),
    state: 'open',
    closedAt: null,
    overrideUntil: null,
  }));
  if (!parent) return 'waiting';
  const openedAt = new Date(parent.openedAt);
  return openRound(db, { ...draft, parentTs: parent.ts, openedAt, deadline: deadlineFrom(openedAt) });
}

/** Slack's answers that mean the app cannot post in the channel until someone changes something. */
const CHANNEL_REFUSALS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/**
 * Posts the parent message. The vote opens when it is posted, so the deadline counts from then. When
 * Slack refuses the channel (the app is not invited to a private one), the portfolio owner is told once
 * and the run waits.
 */
async function postParent(
  ctx: RitualContext,
  channelId: string,
  parentAt: (openedAt: Date) => ParentRound,
): Promise<{ ts: string; openedAt: string } | null> {
  try {
    return await ctx.step('parent', async () => {
      const message = roundParentMessage(parentAt(ctx.now), [], rendering(ctx));
      return { ts: await post(ctx, channelId, message), openedAt: ctx.now.toISOString() };
    });
  } catch (error) {
    const refusal = slackErrorCode(error);
    if (refusal === undefined || !CHANNEL_REFUSALS.has(refusal)) throw error;
    const portfolioOwner = ctx.workspace.portfolioOwnerId;
    if (portfolioOwner) {
      await ctx.step(`cannot-post:${channelId}`, () =>
        post(ctx, portfolioOwner, cannotPostMessage(channelId)),
      );
    }
    return null;
  }
}

/** One reply per agent under the parent, each recorded as soon as Slack answers. */
async function postBallots(ctx: RitualContext, round: VoteRound): Promise<void> {
  const r = rendering(ctx);
  for (const ballot of ballotsOf(ctx.db, round.id)) {
    if (ballot.threadTs) continue;
    const message = ballotMessage(ballotState(ctx.db, round, ballot), r);
    const ts = await ctx.step(`reply:${ballot.agentId}`, () =>
      post(ctx, round.channelId, message, round.parentTs),
    );
    setThreadTs(ctx.db, ballot.id, ts);
  }
}

/**
 * One DM per leader who still has agents to vote on, once, a business day before the close. A leader away today
 * is not reminded (one back before the close is, on the first heartbeat after their return), and nor is their
 * delegate: a delegate reports an owner's numbers, but only leaders vote.
 */
async function remindNonVoters(ctx: RitualContext, round: VoteRound): Promise<void> {
  const remindAt = remindAtFor(round.openedAt, round.deadline, ctx.calendar);
  if (remindAt === null || ctx.now.getTime() < remindAt.getTime()) return;
  const away = new Set(awayAt(ctx.db, ctx.workspace, ctx.now).map((range) => range.personId));
  for (const leader of round.leaderIds) {
    if (away.has(leader)) continue;
    const awaiting = ballotsAwaiting(ctx.db, round, leader);
    if (awaiting.length === 0) continue;
    await ctx.step(`remind:${leader}`, () =>
      post(ctx, leader, reminderMessage(round, awaiting, rendering(ctx))),
    );
  }
}

/** After the close: the replies lose their buttons, each thread gets its outcome, the parent its summary. */
async function announceOutcomes(ctx: RitualContext, round: VoteRound): Promise<void> {
  const r = rendering(ctx);
  const states = roundStates(ctx.db, round);
  for (const state of states) {
    const { ballot } = state;
    const threadTs = ballot.threadTs;
    if (!threadTs) continue;
    await ctx.step(`closed:${ballot.agentId}`, () =>
      update(ctx, round.channelId, threadTs, ballotMessage(state, r)),
    );
    await ctx.step(`outcome:${ballot.agentId}`, () =>
      post(ctx, round.channelId, outcomeReply(state), round.parentTs),
    );
  }
  await ctx.step('summary', () =>
    update(ctx, round.channelId, round.parentTs, roundParentMessage(round, states, r)),
  );
  for (const state of states) {
    const retiredByVote =
      state.outcome?.statusAfter === 'retired' && state.outcome.statusBefore !== 'retired';
    if (!retiredByVote) continue;
    // Told to whoever owns it now: a hand-over during the vote moved the news with the agent.
    const owner =
      getAgent(ctx.db, ctx.workspace.teamId, state.ballot.agentId)?.ownerId ?? state.ballot.ownerId;
    await ctx.step(`retired-dm:${state.ballot.agentId}`, () =>
      post(ctx, owner, retiredOwnerMessage(state, r)),
    );
  }
}

/** When the override window ends, the replies no longer offer a button that would only refuse. */
async function endOverrideWindow(ctx: RitualContext, round: VoteRound): Promise<void> {
  const r = rendering(ctx);
  for (const state of roundStates(ctx.db, round)) {
    const threadTs = state.ballot.threadTs;
    if (!threadTs || state.override) continue;
    await ctx.step(`override-window:${state.ballot.agentId}`, () =>
      update(ctx, round.channelId, threadTs, ballotMessage(state, r)),
    );
  }
}

export const killOrScaleJob: RitualJob = {
  ritual: 'kill-or-scale',
  schedule: (workspace, db) => voteSchedule(getVoteSettings(db, workspace.teamId)),
  async advance(ctx) {
    const teamId = ctx.workspace.teamId;
    const existing = getRound(ctx.db, teamId, ctx.run.period);
    // Complete months only: the round opens once the quarter's last value review has posted (or its posting
    // day has passed), so every ballot judges three posted months and nobody is flagged an hour after the ask.
    if (!existing && !monthComplete(ctx.db, ctx.workspace, lastJudgedMonth(ctx.run.period), ctx.now)) {
      return 'running';
    }
    const opened = existing ?? (await openQuartersRound(ctx));
    if (opened === 'waiting') return 'running';
    if (opened === 'nothing_to_vote') {
      const channel = ctx.workspace.leadershipChannelId;
      const message = nothingToVoteMessage(ctx.run.period);
      if (channel) await ctx.step('nothing-to-vote', () => post(ctx, channel, message));
      return 'done';
    }
    let round = opened;
    await postBallots(ctx, round);
    if (round.state === 'open') {
      if (ctx.now.getTime() < round.deadline.getTime()) {
        await remindNonVoters(ctx, round);
        return 'running';
      }
      const closed = closeRound(ctx.db, ctx.now, {
        teamId,
        roundId: round.id,
        overrideUntil: overrideUntil(ctx.now, ctx.calendar),
        reason: roundName(round.quarter),
        awayLeaders: awayAt(ctx.db, ctx.workspace, ctx.now).map((range) => range.personId),
      });
      if (closed)
        logEvent(
          ctx.logger,
          'info',
          'vote.closed',
          { teamId, quarter: round.quarter, roundId: round.id },
          `Kill-or-scale vote ${round.quarter} closed`,
        );
      round = getRoundById(ctx.db, teamId, round.id) ?? round;
    }
    await announceOutcomes(ctx, round);
    if (round.overrideUntil && ctx.now.getTime() <= round.overrideUntil.getTime()) return 'running';
    await endOverrideWindow(ctx, round);
    return 'done';
  },
};
