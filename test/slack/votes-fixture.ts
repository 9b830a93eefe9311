/**
 * A workspace ready for the quarterly vote: settings, agents in every status, and their monthly numbers,
 * seeded through the store as the registry and the value review would have left them. The vote itself
 * then runs through the ritual heartbeat and signed requests only.
 */

import { WebClient } from '@slack/web-api';
import { expect, vi } from 'vitest';
import type { AgentCategory } from '../../src/domain/agents.js';
import { nextPeriod } from '../../src/domain/calendar.js';
import { killOrScaleJob } from '../../src/rituals/kill-or-scale.js';
import { PacedSlack, Pacer, type PacerClock } from '../../src/rituals/pacing.js';
import { runDueRituals, type TickReport } from '../../src/rituals/runner.js';
import type { Db } from '../../src/store/db.js';
import { moveAgent, registerAgent } from '../../src/usecases/registry.js';
import { saveSettings } from '../../src/usecases/settings.js';
import { BALLOT_BLOCKS, PARENT_BLOCKS } from '../../src/views/votes/ballot.js';
import { BOT_TOKEN, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { findBlock } from '../support/read-view.js';
import { blockActionsPayload, type SlackResponse } from '../support/slack-request.js';

export const ZONE = 'America/Chicago';
export const LEADERSHIP_CHANNEL = 'CLEAD';
export const LEADERS = ['ULEAD1', 'ULEAD2', 'ULEAD3', 'ULEAD4'] as const;
export const PORTFOLIO_OWNER = 'UPO';
export const OUTSIDER = 'UOUTSIDER';

/** Q4 2026: Thursday 1 October at 10:00 in Chicago opens the vote; five business days later it closes. */
export const AT = {
  beforeOpen: '2026-10-01T14:59:00Z',
  open: '2026-10-01T15:00:00Z',
  midVote: '2026-10-05T16:00:00Z',
  dayBeforeRemind: '2026-10-07T14:00:00Z',
  remind: '2026-10-07T15:00:00Z',
  afterDeadline: '2026-10-08T15:00:30Z',
  deadline: '2026-10-08T15:00:00Z',
  overrideWindow: '2026-10-12T16:00:00Z',
  // Five business days after the close, Columbus Day (Monday 12 October) not counted.
  afterOverrideWindow: '2026-10-16T15:01:00Z',
} as const;

/**
 * The value reviews of these months as posted (each by its own run, in the month after), so a vote judging them
 * opens at its due time: a vote opens only once the last month it judges has its review.
 */
export function seedPostedReviews(db: Db, months: readonly string[]): void {
  for (const month of months) {
    const run = db
      .prepare(
        `INSERT INTO ritual_runs (team_id, ritual, period, state, due_at, started_at)
         VALUES (?, 'value-review', ?, 'done', ?, ?)`,
      )
      .run(TEAM_ID, nextPeriod(month), `${month}-28T12:00:00.000Z`, `${month}-28T12:00:00.000Z`);
    db.prepare(
      `INSERT INTO value_reviews (team_id, month, run_id, posted_at, expected, reported, total_cents,
         missing_agent_ids, flags)
       VALUES (?, ?, ?, ?, 0, 0, 0, '[]', '{}')`,
    ).run(TEAM_ID, month, run.lastInsertRowid, `${month}-28T12:00:00.000Z`);
  }
}

export function seedWorkspace(
  db: Db,
  p: {
    leaders?: readonly string[];
    channel?: string | null;
    /** Months whose value review is already posted; by default those the Q4 2026 and Q1 2027 votes judge last. */
    postedReviews?: readonly string[];
  } = {},
): void {
  db.prepare('INSERT INTO workspaces (team_id, created_at) VALUES (?, ?)').run(
    TEAM_ID,
    '2026-07-15T12:00:00.000Z',
  );
  seedPostedReviews(db, p.postedReviews ?? ['2026-09', '2026-12']);
  saveSettings(db, new Date('2026-07-15T12:00:00Z'), {
    teamId: TEAM_ID,
    actorId: 'UADMIN',
    settings: {
      portfolioOwnerId: PORTFOLIO_OWNER,
      leadershipGroupId: null,
      leadershipUserIds: p.leaders ?? LEADERS,
      reviewChannelId: 'CREVIEW',
      leadershipChannelId: p.channel === undefined ? LEADERSHIP_CHANNEL : p.channel,
      timeZone: ZONE,
      currency: 'USD',
    },
  });
}

export interface SeedAgent {
  readonly name: string;
  readonly ownerId: string;
  readonly status: 'proposed' | 'pilot' | 'production' | 'retired';
  readonly category?: AgentCategory;
  readonly targetCents?: number;
  /** Month -> dollars (whole dollars, for reading ease). */
  readonly reports?: Readonly<Record<string, number>>;
}

export function seedAgent(db: Db, a: SeedAgent): number {
  const at = new Date('2026-06-10T12:00:00Z');
  const result = registerAgent(db, at, {
    teamId: TEAM_ID,
    name: a.name,
    workflow: `${a.name}, end to end`,
    category: a.category ?? 'office',
    systemOfRecord: 'ERP',
    systemName: null,
    metric: 'hours saved x loaded rate',
    monthlyTargetCents: a.targetCents ?? 1_000_000,
    confidenceThreshold: 85,
    buildCostCents: null,
    ownerId: a.ownerId,
    status: a.status === 'proposed' ? 'proposed' : 'pilot',
    registeredBy: a.ownerId,
    sourceViewId: `seed-${a.name}`,
  });
  if (result.kind !== 'registered') throw new Error(`Could not seed ${a.name}`);
  const id = result.agent.id;
  const move = { teamId: TEAM_ID, agentId: id, actorId: PORTFOLIO_OWNER };
  if (a.status === 'production') moveAgent(db, at, { ...move, to: 'production', cause: 'gate' });
  if (a.status === 'retired') moveAgent(db, at, { ...move, to: 'retired', cause: 'manual' });
  for (const [month, dollars] of Object.entries(a.reports ?? {})) {
    db.prepare(
      `INSERT INTO monthly_reports (team_id, agent_id, month, amount_cents, reported_by, reported_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(TEAM_ID, id, month, dollars * 100, a.ownerId, `${month}-28T12:00:00.000Z`);
  }
  return id;
}

/** A pacer clock that never really waits: Slack's tiers still order the sends, the test just does not sleep. */
function instantClock(): PacerClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
}

/** One heartbeat of the kill-or-scale ritual alone at `at`, paced on a clock that does not sleep. */
export async function tickVoteAllowingFailure(app: TestApp, at: string): Promise<TickReport> {
  app.clock.set(at);
  const client = new WebClient(BOT_TOKEN, { slackApiUrl: app.fake.apiUrl, rejectRateLimitedCalls: true });
  const slack = new PacedSlack(client, new Pacer(instantClock()));
  return runDueRituals({ ...app.bot.ritualDeps, slack }, [killOrScaleJob], app.clock.now());
}

export async function tickVote(app: TestApp, at: string): Promise<TickReport> {
  const report = await tickVoteAllowingFailure(app, at);
  expect(report.failed).toEqual([]);
  return report;
}

/** The vote's parent message in the leadership channel. */
export function parentMessage(app: TestApp): FakeMessage {
  const parents = app.fake
    .messages(LEADERSHIP_CHANNEL)
    .filter((m) => m.thread_ts === undefined && !m.ephemeral_to && findBlock(m, PARENT_BLOCKS.facts));
  expect(parents).toHaveLength(1);
  return parents[0] as FakeMessage;
}

/** The agents' replies under the parent, in ballot order. */
export function ballotReplies(app: TestApp): FakeMessage[] {
  const parent = parentMessage(app);
  return app.fake
    .messages(LEADERSHIP_CHANNEL)
    .filter((m) => m.thread_ts === parent.ts && !m.ephemeral_to && findBlock(m, BALLOT_BLOCKS.agent));
}

export function replyFor(app: TestApp, agentName: string): FakeMessage {
  const reply = ballotReplies(app).find((m) => m.text.startsWith(`${agentName}:`));
  if (!reply) throw new Error(`No ballot reply for ${agentName}`);
  return reply;
}

/** Clicks a button on a message in the leadership channel, as `user`. */
export function click(
  app: TestApp,
  user: string,
  message: FakeMessage,
  actionId: string,
): Promise<SlackResponse> {
  return app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId,
      message,
      channel: message.channel,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
}

/** The ephemerals `user` has been shown in the leadership channel, oldest first. */
export function ephemeralsTo(app: TestApp, user: string): FakeMessage[] {
  return app.fake.messages(LEADERSHIP_CHANNEL).filter((m) => m.ephemeral_to === user);
}

/** Waits for the next ephemeral to `user` after the `seen` they had, as a listener answers after its ack. */
export async function nextEphemeral(app: TestApp, user: string, seen: number): Promise<FakeMessage> {
  return vi.waitFor(
    () => {
      const shown = ephemeralsTo(app, user);
      if (shown.length <= seen) throw new Error(`No new ephemeral for ${user}`);
      return shown[seen] as FakeMessage;
    },
    { timeout: 3000, interval: 10 },
  );
}

/** Clicks a button and waits for what the clicker alone is shown in the channel. */
export async function clickAndHear(
  app: TestApp,
  user: string,
  message: FakeMessage,
  actionId: string,
): Promise<FakeMessage> {
  const seen = ephemeralsTo(app, user).length;
  const res = await click(app, user, message, actionId);
  expect(res.status).toBe(200);
  return nextEphemeral(app, user, seen);
}

/** Clicks a vote button on the agent's reply and waits for what the voter is shown. */
export function vote(app: TestApp, user: string, agentName: string, actionId: string): Promise<FakeMessage> {
  return clickAndHear(app, user, replyFor(app, agentName), actionId);
}

/** The DMs the bot sent `user`, oldest first. */
export function dmsTo(app: TestApp, user: string): FakeMessage[] {
  return app.fake.messages(user).filter((m) => !m.ephemeral_to);
}
