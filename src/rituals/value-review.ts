// The monthly value review: "Is each agent still earning its dollar number?"
// Prompt every owner once (all their agents in one DM), nudge once, tell the portfolio owner who is missing,
// then post the review. Every send is a step of the run, so a restart repeats and skips nothing.

import type { ChatPostMessageArguments } from '@slack/web-api';
import { isRunning } from '../domain/agents.js';
import { type AwayRange, recipientOn } from '../domain/away.js';
import { localDateOf, type PeriodKey, periodOf, previousPeriod } from '../domain/calendar.js';
import { targetOwed } from '../domain/judged-months.js';
import type { MonthlyReport, ReviewAgent } from '../domain/monthly-report.js';
import type { RitualSchedule } from '../domain/schedule.js';
import {
  type AgentMonth,
  type DriftFlag,
  type MonthValue,
  type ReviewMilestones,
  reportedMonthFor,
  reviewSchedule,
  reviewTimeline,
  shouldPostEarly,
  summariseReview,
  type ValueReviewSettings,
  valueReviewRules,
} from '../domain/value-review.js';
import type { Workspace } from '../domain/workspace.js';
import { lastingRefusal } from '../slack-errors.js';
import { awayRanges } from '../store/calendar.js';
import type { Db } from '../store/db.js';
import {
  awayAgentsByMonth,
  recordValueReview,
  reportsForMonths,
  reviewAgents,
  reviewSettings,
  runningAgents,
  valueReviewFor,
} from '../store/reports.js';
import { feedEvidenceForMonth } from '../usecases/feeds.js';
import { feedBesideNumber } from '../views/feeds/format.js';
import {
  type EscalationInput,
  escalationMessage,
  type PromptAgent,
  promptMessage,
  type ReviewLine,
  type ReviewPostInput,
  reviewMessage,
} from '../views/value-review/messages.js';
import type { RitualContext, RitualJob } from './job.js';
import { fanOut } from './pacing.js';
import { shareReviewChart } from './review-chart.js';

/** DMs in flight at once during a fan-out; the pacer, not this, keeps them inside Slack's limits. */
const FAN_OUT_CONCURRENCY = 8;
const TRAILING_MONTHS = 3;

export function valueReviewSchedule(workspace: Workspace, db: Db): RitualSchedule {
  return reviewSchedule(reviewSettings(db, workspace.teamId));
}

/** Where a send ended: the message Slack stored, or the lasting reason it could not be. */
export type Delivery = { readonly channel: string; readonly ts: string } | { readonly failed: string };

/** Sends one message. A lasting refusal (a deactivated owner) is returned; anything passing is thrown. */
async function deliver(ctx: RitualContext, args: ChatPostMessageArguments): Promise<Delivery> {
  try {
    const sent = await ctx.slack.postMessage(args, ctx.signal);
    return { channel: sent.channel ?? args.channel, ts: sent.ts ?? '' };
  } catch (error) {
    const code = lastingRefusal(error);
    if (code === undefined) throw error;
    ctx.logger.warn(`Value review: Slack refused a message to ${args.channel}: ${code}`);
    return { failed: code };
  }
}

interface MonthFacts {
  readonly month: PeriodKey;
  readonly agents: readonly ReviewAgent[];
  /** Current number per agent and month. */
  readonly numbers: ReadonlyMap<string, MonthlyReport>;
  /** Per earlier month, the agents its posted review showed as away. */
  readonly awayBefore: ReadonlyMap<PeriodKey, ReadonlySet<number>>;
  /** Agents whose owner is away this month with nobody reporting for them. */
  readonly awayNow: ReadonlySet<number>;
  readonly zone: string;
}

const numberKey = (agentId: number, month: PeriodKey) => `${agentId} ${month}`;

function gatherMonth(
  db: Db,
  teamId: string,
  month: PeriodKey,
  agents: readonly ReviewAgent[],
  away: { zone: string; awayNow: ReadonlySet<number> },
) {
  const months: PeriodKey[] = [];
  for (let m = month; months.length <= TRAILING_MONTHS; m = previousPeriod(m)) months.push(m);
  const numbers = new Map(
    reportsForMonths(db, teamId, months).map((r) => [numberKey(r.agentId, r.month), r]),
  );
  const awayBefore = awayAgentsByMonth(db, teamId, months);
  return { month, agents, numbers, awayBefore, ...away } satisfies MonthFacts;
}

const numberOf = (facts: MonthFacts, agentId: number, month: PeriodKey) =>
  facts.numbers.get(numberKey(agentId, month))?.amountCents ?? null;

/** An earlier month's number, or 'away' when its review showed the owner away with nobody reporting. */
const monthValueOf = (facts: MonthFacts, agentId: number, month: PeriodKey): MonthValue =>
  numberOf(facts, agentId, month) ?? (facts.awayBefore.get(month)?.has(agentId) ? 'away' : null);

const isAwayNow = (facts: MonthFacts, agentId: number): boolean =>
  facts.awayNow.has(agentId) && numberOf(facts, agentId, facts.month) === null;

/** The months before `facts.month` the agent existed in, newest first, at most three. */
function historyMonths(facts: MonthFacts, agent: ReviewAgent): PeriodKey[] {
  const registered = periodOf('monthly', agent.registeredAt, facts.zone);
  const months: PeriodKey[] = [];
  for (
    let m = previousPeriod(facts.month);
    months.length < TRAILING_MONTHS && m >= registered;
    m = previousPeriod(m)
  ) {
    months.push(m);
  }
  return months;
}

function agentMonth(facts: MonthFacts, agent: ReviewAgent): AgentMonth {
  return {
    agentId: agent.id,
    targetCents: targetOwed(agent, facts.month, facts.zone),
    reportedCents: numberOf(facts, agent.id, facts.month),
    away: isAwayNow(facts, agent.id),
    history: historyMonths(facts, agent).map((m) => ({
      value: monthValueOf(facts, agent.id, m),
      targetCents: targetOwed(agent, m, facts.zone),
    })),
  };
}

function promptAgent(facts: MonthFacts, agent: ReviewAgent): PromptAgent {
  const lastMonth = historyMonths(facts, agent).find((m) => numberOf(facts, agent.id, m) !== null);
  const lastCents = lastMonth === undefined ? null : numberOf(facts, agent.id, lastMonth);
  return {
    id: agent.id,
    name: agent.name,
    metric: agent.metric,
    monthlyTargetCents: agent.monthlyTargetCents,
    last: lastMonth === undefined || lastCents === null ? null : { month: lastMonth, cents: lastCents },
    reportedCents: numberOf(facts, agent.id, facts.month),
  };
}

function byOwner(agents: readonly ReviewAgent[]): Map<string, ReviewAgent[]> {
  const owners = new Map<string, ReviewAgent[]>();
  for (const agent of agents) owners.set(agent.ownerId, [...(owners.get(agent.ownerId) ?? []), agent]);
  return owners;
}

/**
 * One DM per owner who still owes a number, listing all their agents. An owner away today is not asked: their
 * delegate is, on their behalf, or nobody (and the owner is asked on the first heartbeat after they are back).
 * The step stays the owner's, so whoever got it, it is sent once.
 */
async function promptOwners(
  ctx: RitualContext,
  facts: MonthFacts,
  timeline: ReviewMilestones,
  ranges: readonly AwayRange[],
) {
  const delivered = new Map<string, Delivery>();
  const owed = [...byOwner(facts.agents)].filter(([, agents]) =>
    agents.some((a) => numberOf(facts, a.id, facts.month) === null),
  );
  const today = localDateOf(ctx.now, ctx.zone);
  await fanOut(owed, FAN_OUT_CONCURRENCY, async ([ownerId, agents]) => {
    const recipient = recipientOn(ranges, ownerId, today);
    if (recipient.kind === 'nobody') return;
    const result = await ctx.step(`prompt:${ownerId}`, () =>
      deliver(ctx, {
        channel: recipient.userId,
        ...promptMessage({
          kind: 'prompt',
          month: facts.month,
          agents: agents.map((a) => promptAgent(facts, a)),
          currency: ctx.workspace.currency,
          zone: ctx.zone,
          postAt: timeline.postAt,
          lateSince: ctx.run.late ? ctx.run.dueAt : null,
          onBehalfOf: recipient.kind === 'delegate' ? recipient.onBehalfOf : null,
        }),
      }),
    );
    delivered.set(ownerId, result);
  });
  return delivered;
}

async function nudgeOwners(
  ctx: RitualContext,
  facts: MonthFacts,
  missing: readonly ReviewAgent[],
  postAt: Date,
  ranges: readonly AwayRange[],
) {
  const today = localDateOf(ctx.now, ctx.zone);
  await fanOut([...byOwner(missing)], FAN_OUT_CONCURRENCY, async ([ownerId, agents]) => {
    const recipient = recipientOn(ranges, ownerId, today);
    if (recipient.kind === 'nobody') return;
    await ctx.step(`nudge:${ownerId}`, () =>
      deliver(ctx, {
        channel: recipient.userId,
        ...promptMessage({
          kind: 'nudge',
          month: facts.month,
          agents: agents.map((a) => promptAgent(facts, a)),
          currency: ctx.workspace.currency,
          zone: ctx.zone,
          postAt,
          lateSince: null,
          onBehalfOf: recipient.kind === 'delegate' ? recipient.onBehalfOf : null,
        }),
      }),
    );
  });
}

/**
 * Tells the portfolio owner which agents still have no number: those whose owners are here (asked and
 * reminded), and apart from them those whose owners are away today or counted away this month, with the delegate
 * asked on their behalf, if any.
 */
async function escalate(
  ctx: RitualContext,
  facts: MonthFacts,
  unreported: readonly ReviewAgent[],
  prompts: ReadonlyMap<string, Delivery>,
  postAt: Date,
  ranges: readonly AwayRange[],
) {
  const portfolioOwnerId = ctx.workspace.portfolioOwnerId;
  // Without a portfolio owner there is nobody to tell; once one is named, the next heartbeat tells them.
  if (portfolioOwnerId === null) return;
  const today = localDateOf(ctx.now, ctx.zone);
  const missing: EscalationInput['missing'][number][] = [];
  const away: EscalationInput['away'][number][] = [];
  for (const agent of unreported) {
    const named = { agentId: agent.id, name: agent.name, ownerId: agent.ownerId };
    const recipient = recipientOn(ranges, agent.ownerId, today);
    if (recipient.kind !== 'self' || facts.awayNow.has(agent.id)) {
      away.push({
        ...named,
        until: recipient.kind === 'self' ? null : recipient.until,
        delegateId: recipient.kind === 'delegate' ? recipient.userId : null,
      });
      continue;
    }
    const prompt = prompts.get(agent.ownerId);
    missing.push({
      ...named,
      unreachable: prompt !== undefined && 'failed' in prompt ? prompt.failed : null,
    });
  }
  const input: EscalationInput = { month: facts.month, missing, away, postAt, zone: ctx.zone };
  await ctx.step('escalate', () => deliver(ctx, { channel: portfolioOwnerId, ...escalationMessage(input) }));
}

function reviewLine(
  facts: MonthFacts,
  agent: ReviewAgent,
  flags: readonly DriftFlag[],
  feed: string,
): ReviewLine {
  return {
    agentId: agent.id,
    name: agent.name,
    ownerId: agent.ownerId,
    targetCents: targetOwed(agent, facts.month, facts.zone),
    amountCents: numberOf(facts, agent.id, facts.month),
    away: isAwayNow(facts, agent.id),
    history: historyMonths(facts, agent).map((month) => ({
      month,
      cents: monthValueOf(facts, agent.id, month),
    })),
    flags,
    feed,
  };
}

export function reviewPostInput(
  facts: MonthFacts,
  rules: ValueReviewSettings,
  currency: string,
  lateSince: Date | null,
  feeds: ReadonlyMap<number, string> = new Map(),
): ReviewPostInput {
  const summary = summariseReview(
    facts.agents.map((a) => agentMonth(facts, a)),
    rules,
  );
  return {
    month: facts.month,
    currency,
    zone: facts.zone,
    lateSince,
    totalCents: summary.totalCents,
    reported: summary.reported,
    lines: facts.agents.map((agent) =>
      reviewLine(facts, agent, summary.flagged.get(agent.id) ?? [], feeds.get(agent.id) ?? ''),
    ),
  };
}

/**
 * Posts the review to the review channel, or to the portfolio owner when there is none or Slack refuses it
 * (a private channel the app was not invited to), then closes the month. The message comes whole from
 * `reviewMessage`, so what the post shows is extended there.
 */
async function postReview(ctx: RitualContext, review: ReviewPostInput): Promise<void> {
  const { reviewChannelId, portfolioOwnerId } = ctx.workspace;
  let posted: { channel: string; ts: string } | null = null;
  for (const destination of [reviewChannelId, portfolioOwnerId]) {
    if (destination === null || posted !== null) continue;
    const delivery = await ctx.step(`post:${destination}`, () =>
      deliver(ctx, { channel: destination, ...reviewMessage(review) }),
    );
    if ('ts' in delivery) posted = delivery;
  }
  if (posted === null)
    ctx.logger.warn(
      `Value review ${review.month}: nowhere to post it (no review channel or portfolio owner)`,
    );
  const where = posted;
  if (where !== null) await ctx.step('chart', () => shareReviewChart(ctx, where, review.month));
  const flags = Object.fromEntries(
    review.lines
      .filter((line) => line.flags.length > 0)
      .map((line) => [line.agentId, line.flags.map((f) => f.id)]),
  );
  recordValueReview(ctx.db, ctx.workspace.teamId, {
    month: review.month,
    runId: ctx.run.id,
    postedAt: ctx.now,
    channelId: posted?.channel ?? null,
    messageTs: posted?.ts ?? null,
    expected: review.lines.length,
    reported: review.reported,
    totalCents: review.totalCents,
    missingAgentIds: review.lines
      .filter((line) => line.amountCents === null && !line.away)
      .map((line) => line.agentId),
    awayAgentIds: review.lines.filter((line) => line.away).map((line) => line.agentId),
    flags,
  });
}

/**
 * The agents whose owner is away with nobody reporting for them on the day the prompts went out or on this day:
 * their missing number shows as "away", not "did not report", and is never a miss on a ballot.
 */
function awayWithNobody(
  agents: readonly ReviewAgent[],
  ranges: readonly AwayRange[],
  days: readonly string[],
): Set<number> {
  return new Set(
    agents
      .filter((a) => days.some((day) => recipientOn(ranges, a.ownerId, day).kind === 'nobody'))
      .map((a) => a.id),
  );
}

async function advanceValueReview(ctx: RitualContext): Promise<'running' | 'done'> {
  const { db, workspace, run, now } = ctx;
  const month = reportedMonthFor(run.period);
  if (valueReviewFor(db, workspace.teamId, month)) return 'done';

  // Who is asked is fixed when the run opens, so a restart asks the same people.
  const roster = await ctx.step('roster', async () => runningAgents(db, workspace.teamId).map((a) => a.id));
  // An agent retired since is no longer reviewed; one registered since waits for next month.
  const agents = reviewAgents(db, workspace.teamId, roster).filter((a) => isRunning(a.status));
  if (agents.length === 0) return 'done';

  const rules = valueReviewRules(reviewSettings(db, workspace.teamId));
  const timeline = reviewTimeline(run, valueReviewSchedule(workspace, db), ctx.calendar, rules);
  const promptDay = localDateOf(timeline.promptAt, ctx.zone);
  const ranges = awayRanges(db, workspace.teamId, promptDay);
  const away = {
    zone: ctx.zone,
    awayNow: awayWithNobody(agents, ranges, [promptDay, localDateOf(now, ctx.zone)]),
  };
  const before = gatherMonth(db, workspace.teamId, month, agents, away);
  const prompts = await promptOwners(ctx, before, timeline, ranges);

  // Numbers may have come in while the prompts went out.
  const facts = gatherMonth(db, workspace.teamId, month, agents, away);
  const unreported = agents.filter((a) => numberOf(facts, a.id, month) === null);
  const missing = unreported.filter((a) => !facts.awayNow.has(a.id));
  const allIn = shouldPostEarly(agents.map((a) => agentMonth(facts, a)));
  // Back from downtime on posting day, a reminder would land beside the review it announces: the post says who
  // did not report instead.
  const stillCollecting = !allIn && now < timeline.postAt;
  if (stillCollecting && now >= timeline.nudgeAt)
    await nudgeOwners(ctx, facts, missing, timeline.postAt, ranges);
  if (stillCollecting && now >= timeline.escalateAt)
    await escalate(ctx, facts, unreported, prompts, timeline.postAt, ranges);
  if (stillCollecting) return 'running';

  const feeds = new Map(
    [...feedEvidenceForMonth(db, now, workspace.teamId, month)].map(([id, e]) => [
      id,
      feedBesideNumber(e, now),
    ]),
  );
  await postReview(
    ctx,
    reviewPostInput(facts, rules, workspace.currency, run.late ? run.dueAt : null, feeds),
  );
  return 'done';
}

export const valueReviewJob: RitualJob = {
  ritual: 'value-review',
  schedule: valueReviewSchedule,
  advance: advanceValueReview,
};
