/**
 * A plant in the middle of its year for the value-review tests: a portfolio owner, a review channel, two
 * owners with three running agents (and one proposed), and the earlier months' numbers.
 */

import { LogLevel, WebClient } from '@slack/web-api';
import { expect } from 'vitest';
import type { RitualDeps } from '../../src/rituals/job.js';
import { PacedSlack, Pacer, type PacerClock } from '../../src/rituals/pacing.js';
import { runDueRituals, type TickReport } from '../../src/rituals/runner.js';
import { valueReviewJob } from '../../src/rituals/value-review.js';
import { promptAgentBlockId, REPORT_OPEN_ACTION_ID } from '../../src/views/value-review/messages.js';
import { BOT_TOKEN, startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { fillView } from '../support/read-view.js';
import { seedAgent, seedReport, seedWorkspace } from '../support/seed.js';
import { blockActionsPayload } from '../support/slack-request.js';

export const ANN = 'UANN';
export const BEN = 'UBEN';
export const PO = 'UPORTFOLIO';
export const ADMIN = 'UADMIN';
export const OUTSIDER = 'UOUTSIDER';
export const REVIEW_CHANNEL = 'CREVIEW';

export interface ReviewPlant {
  readonly app: TestApp;
  readonly orderEntry: number;
  readonly invoiceMatching: number;
  readonly quotePrep: number;
}

export interface PlantOptions {
  readonly now?: string;
  readonly createdAt?: string;
}

export async function startReviewPlant(options: PlantOptions = {}): Promise<ReviewPlant> {
  const app = await startTestApp({ now: options.now ?? '2026-10-20T15:00:00Z' });
  for (const id of [ANN, BEN, PO, OUTSIDER]) app.fake.setUser({ id, tz: 'America/Chicago' });
  app.fake.setUser({ id: ADMIN, tz: 'America/Chicago', is_admin: true });
  const db = app.bot.db;
  seedWorkspace(db, {
    createdAt: options.createdAt ?? '2026-10-10T12:00:00Z',
    timeZone: 'America/Chicago',
    portfolioOwnerId: PO,
    reviewChannelId: REVIEW_CHANNEL,
  });
  const since = '2026-05-04T15:00:00Z';
  const orderEntry = seedAgent(db, {
    name: 'Order entry',
    ownerId: ANN,
    monthlyTargetCents: 1_000_000,
    registeredAt: since,
  });
  const invoiceMatching = seedAgent(db, {
    name: 'Invoice matching',
    ownerId: ANN,
    monthlyTargetCents: 800_000,
    registeredAt: since,
  });
  const quotePrep = seedAgent(db, {
    name: 'Quote prep',
    ownerId: BEN,
    status: 'pilot',
    monthlyTargetCents: 500_000,
    registeredAt: '2026-07-01T15:00:00Z',
  });
  seedAgent(db, { name: 'Vision inspection', ownerId: BEN, status: 'proposed' });
  for (const [month, cents] of [
    ['2026-07', 1_200_000],
    ['2026-08', 1_100_000],
    ['2026-09', 1_300_000],
  ] as const) {
    seedReport(db, { agentId: orderEntry, month, cents, by: ANN });
  }
  seedReport(db, { agentId: invoiceMatching, month: '2026-09', cents: 400_000, by: ANN });
  return { app, orderEntry, invoiceMatching, quotePrep };
}

/** One heartbeat of the value review alone, so another ritual's messages never mix into what is counted. */
export function tick(app: TestApp, at: string, deps: Partial<RitualDeps> = {}): Promise<TickReport> {
  app.clock.set(at);
  return runDueRituals({ ...app.bot.ritualDeps, ...deps }, [valueReviewJob], app.clock.now());
}

export function reviewRunsOpened(report: TickReport) {
  return report.opened
    .filter((r) => r.ritual === 'value-review')
    .map(({ period, late }) => ({ period, late }));
}

/** A pacer clock that never really waits: it records each wait and moves its own time on. */
export function fakePacerClock(): PacerClock & { readonly sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The rituals' Slack as the app builds it (429s handed back), with the given pacer clock. */
export function pacedSlack(app: TestApp, clock: PacerClock): PacedSlack {
  const client = new WebClient(BOT_TOKEN, {
    slackApiUrl: app.fake.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  return new PacedSlack(client, new Pacer(clock));
}

/** Messages Slack accepted into this person's DM (or this channel); thread replies, such as the review's chart, left out. */
export function messagesTo(app: TestApp, target: string): FakeMessage[] {
  return app.fake.messages(target).filter((message) => message.thread_ts === undefined);
}

/** Presses "Report" beside an agent on a message, and waits for the modal the app opens in answer. */
export async function clickReport(
  app: TestApp,
  user: string,
  message: FakeMessage,
  agentId: number,
  opens = true,
) {
  app.fake.clear();
  const response = await app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId: REPORT_OPEN_ACTION_ID,
      blockId: promptAgentBlockId(agentId),
      message,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
  expect(response.status).toBe(200);
  // The click is acknowledged first; the modal (or a refusal) follows.
  await app.fake.waitFor(opens ? 'views.open' : 'chat.postEphemeral');
}

export interface SubmitAnswer {
  readonly response_action: string;
  readonly view?: object;
  readonly errors?: Record<string, string>;
}

/** Fills and submits the report modal opened last; returns what the app answered (errors or the next view). */
export async function reportThroughModal(
  app: TestApp,
  user: string,
  answers: Record<string, string>,
  options: { retryNum?: number } = {},
) {
  const view = app.fake.lastView();
  expect(view?.callback_id).toBe('value_review_report');
  const values = fillView(view, answers);
  const submit = async (retryNum?: number) => {
    const response = await app.submit(
      view as object,
      values,
      user,
      retryNum === undefined ? {} : { retryNum, retryReason: 'http_timeout' },
    );
    expect(response.status).toBe(200);
    return response.json() as SubmitAnswer;
  };
  const answer = await submit(options.retryNum);
  return { view, values, answer, again: () => submit(1) };
}

/** `/maturity <text>`, with the fake's record cleared first so what follows is this command's. */
export async function command(app: TestApp, text: string, user: string) {
  app.fake.clear();
  const response = await app.command(text, user);
  expect(response.status).toBe(200);
  return response;
}

export function reportRows(app: TestApp) {
  return app.bot.db
    .prepare(
      'SELECT agent_id, month, amount_cents, reported_by, on_behalf_of FROM monthly_reports ORDER BY agent_id, month',
    )
    .all() as {
    agent_id: number;
    month: string;
    amount_cents: number;
    reported_by: string;
    on_behalf_of: string | null;
  }[];
}
