/**
 * The monthly value review, a whole month through the real app: prompts, reports through the modal, the nudge,
 * the portfolio owner's list, the post and a correction, with time driven by the injected clock only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueRituals, type TickReport } from '../../src/rituals/runner.js';
import { valueReviewJob } from '../../src/rituals/value-review.js';
import {
  REPORT_OPEN_ACTION_ID,
  REVIEW_KILL_OR_SCALE_BLOCK_ID,
  REVIEW_MISSING_BLOCK_ID,
  REVIEW_TOTAL_BLOCK_ID,
} from '../../src/slack/blocks/value-review.js';
import { auditTrail } from '../../src/store/audit.js';
import { REPORT_ENTITY } from '../../src/store/reports.js';
import { runsOf } from '../../src/store/ritual-runs.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { fillView, findBlock, textOf } from '../support/read-view.js';
import { seedAgent, seedReport, seedWorkspace } from '../support/seed.js';
import { blockActionsPayload } from '../support/slack-request.js';

const ANN = 'UANN';
const BEN = 'UBEN';
const PO = 'UPORTFOLIO';
const REVIEW_CHANNEL = 'CREVIEW';

let app: TestApp;
let orderEntry: number;
let invoiceMatching: number;
let quotePrep: number;

/** Every message the app sent to this person's DM (or this channel) that Slack accepted. */
function messagesTo(target: string): FakeMessage[] {
  return app.fake.messages(target);
}

/** One heartbeat of this ritual alone, so another ritual's messages never mix into what is counted. */
function tick(at: string): Promise<TickReport> {
  app.clock.set(at);
  return runDueRituals(app.bot.ritualDeps, [valueReviewJob], app.clock.now());
}

async function clickReport(user: string, message: FakeMessage, agentId: number) {
  app.fake.clear();
  const response = await app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId: REPORT_OPEN_ACTION_ID,
      blockId: `prompt_agent_${agentId}`,
      message,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
  expect(response.status).toBe(200);
  // The click is acknowledged first; the modal opens right after.
  await app.fake.waitFor('views.open');
}

/** Fills and submits the report modal that was opened last; returns what the app answered (errors or the next view). */
async function reportThroughModal(user: string, answers: Record<string, string>) {
  const view = app.fake.lastView();
  expect(view?.callback_id).toBe('value_review_report');
  const response = await app.submit(view as object, fillView(view, answers), user);
  expect(response.status).toBe(200);
  return {
    view,
    answer: response.json() as { response_action: string; view?: object; errors?: Record<string, string> },
  };
}

async function command(text: string, user: string) {
  app.fake.clear();
  const response = await app.command(text, user);
  expect(response.status).toBe(200);
  return response;
}

/** The text a person reads in one block of a message. */
function blockText(surface: unknown, blockId: string): string {
  const block = findBlock(surface, blockId);
  return block ? textOf([block]) : '';
}

function reviewRunsOpened(report: TickReport) {
  return report.opened
    .filter((r) => r.ritual === 'value-review')
    .map(({ period, late }) => ({ period, late }));
}

function reportRows() {
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

beforeEach(async () => {
  app = await startTestApp({ now: '2026-10-20T15:00:00Z' });
  for (const id of [ANN, BEN, PO]) app.fake.setUser({ id, tz: 'America/Chicago' });
  const db = app.bot.db;
  seedWorkspace(db, {
    createdAt: '2026-10-10T12:00:00Z',
    timeZone: 'America/Chicago',
    portfolioOwnerId: PO,
    reviewChannelId: REVIEW_CHANNEL,
  });
  orderEntry = seedAgent(db, {
    name: 'Order entry',
    ownerId: ANN,
    monthlyTargetCents: 1_000_000,
    registeredAt: '2026-05-04T15:00:00Z',
  });
  invoiceMatching = seedAgent(db, {
    name: 'Invoice matching',
    ownerId: ANN,
    monthlyTargetCents: 800_000,
    registeredAt: '2026-05-04T15:00:00Z',
  });
  quotePrep = seedAgent(db, {
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
  // Quote prep reported nothing for September: a second silent month puts it on the kill-or-scale vote.
});

afterEach(async () => {
  await app.close();
});

describe('the monthly value review', () => {
  it('runs a whole month: prompt, reports, one nudge, the portfolio owner told, the post, a correction', async () => {
    // November 2026 opens on a Sunday, the morning US clocks fall back: the first business day is Monday the 2nd,
    // and 09:00 in Chicago is then 15:00 UTC (it would be 14:00 UTC a day earlier).
    expect(reviewRunsOpened(await tick('2026-11-02T14:59:00Z'))).toEqual([]);
    expect(reviewRunsOpened(await tick('2026-11-02T15:00:00Z'))).toEqual([
      { period: '2026-11', late: false },
    ]);

    // One prompt per owner, listing all of their running agents (not the proposed one).
    const [annPrompt, ...annMore] = messagesTo(ANN);
    const [benPrompt, ...benMore] = messagesTo(BEN);
    expect(annMore).toEqual([]);
    expect(benMore).toEqual([]);
    if (!annPrompt || !benPrompt) throw new Error('both owners should have been prompted');
    const annText = textOf(annPrompt);
    expect(annText).toContain('October 2026');
    expect(annText).toContain('Order entry');
    expect(annText).toContain('Invoice matching');
    expect(annText).toContain('Target $10,000 a month');
    expect(annText).toContain('September 2026: $13,000');
    expect(textOf(benPrompt)).toContain('Quote prep');
    expect(textOf(benPrompt)).not.toContain('Vision inspection');

    // Ann reports Order entry from her DM, typed the way people type.
    await clickReport(ANN, annPrompt, orderEntry);
    const { view, answer } = await reportThroughModal(ANN, {
      'Dollar number': '$12.5k',
      Note: 'Two short weeks',
      'Evidence link': 'https://erp.example.com/reports/oe-2026-10',
      'Share of cases': '12%',
    });
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('$12,500');
    expect(textOf(view)).toContain('Dollar number for October 2026');
    expect(reportRows()).toContainEqual({
      agent_id: orderEntry,
      month: '2026-10',
      amount_cents: 1_250_000,
      reported_by: ANN,
      on_behalf_of: null,
    });

    // Thursday the 5th, three business days on: one reminder to each owner still missing a number.
    await tick('2026-11-05T14:59:00Z');
    expect(messagesTo(ANN)).toHaveLength(1);
    await tick('2026-11-05T15:00:00Z');
    await tick('2026-11-05T16:00:00Z');
    const annNudges = messagesTo(ANN).slice(1);
    expect(annNudges).toHaveLength(1);
    expect(textOf(annNudges[0])).toContain('Invoice matching');
    expect(textOf(annNudges[0])).not.toContain('Order entry');
    expect(messagesTo(BEN)).toHaveLength(2);

    // Monday the 9th, five business days on: the portfolio owner hears who is missing, once.
    await tick('2026-11-09T15:00:00Z');
    await tick('2026-11-09T15:01:00Z');
    const escalations = messagesTo(PO);
    expect(escalations).toHaveLength(1);
    const escalation = escalations[0] as FakeMessage;
    expect(textOf(escalation)).toContain('Invoice matching');
    expect(textOf(escalation)).toContain(`<@${BEN}>`);

    // The portfolio owner reports Quote prep for Ben: recorded as on his behalf.
    await clickReport(PO, escalation, quotePrep);
    expect(textOf(app.fake.lastView())).toContain('on their behalf');
    const onBehalf = await reportThroughModal(PO, { 'Dollar number': '-3,000' });
    expect(textOf(onBehalf.answer.view)).toContain('loss');
    expect(textOf(onBehalf.answer.view)).toContain(`on behalf of <@${BEN}>`);
    expect(reportRows()).toContainEqual({
      agent_id: quotePrep,
      month: '2026-10',
      amount_cents: -300_000,
      reported_by: PO,
      on_behalf_of: BEN,
    });

    // Tuesday the 10th, the seventh business day: the review posts without Invoice matching.
    expect(messagesTo(REVIEW_CHANNEL)).toEqual([]);
    const posted = await tick('2026-11-10T15:00:00Z');
    expect(posted.finished).toContainEqual({ teamId: TEAM_ID, ritual: 'value-review', period: '2026-11' });
    const [review, ...reviewMore] = messagesTo(REVIEW_CHANNEL);
    expect(reviewMore).toEqual([]);
    expect(blockText(review, REVIEW_TOTAL_BLOCK_ID)).toContain('*Total: $9,500*');
    expect(blockText(review, REVIEW_TOTAL_BLOCK_ID)).toContain('from 2 of 3 agents');
    const reviewText = textOf(review);
    expect(reviewText).toContain('*$12,500* of $10,000 target');
    expect(reviewText).toContain('Sep $13,000 · Aug $11,000 · Jul $12,000');
    expect(reviewText).toContain('Negative: it cost more than it returned');
    expect(blockText(review, REVIEW_MISSING_BLOCK_ID)).toContain('Invoice matching');
    // Quote prep reported this month, so it is not on the vote; nobody else missed two months running.
    expect(findBlock(review, REVIEW_KILL_OR_SCALE_BLOCK_ID)).toBeUndefined();

    const [run] = runsOf(app.bot.db, TEAM_ID, 'value-review');
    expect(run?.state).toBe('done');
    await tick('2026-11-11T15:00:00Z');
    expect(messagesTo(REVIEW_CHANNEL)).toHaveLength(1);

    // After the post, Ann corrects Order entry: the original stays as posted, the correction sits beside it.
    await command('report', ANN);
    await app.fake.waitFor('views.open');
    expect(textOf(app.fake.lastView())).toContain('already posted');
    const corrected = await reportThroughModal(ANN, {
      'Which agent?': 'Order entry',
      'Dollar number': '11,900',
    });
    expect(textOf(corrected.answer.view)).toContain('kept as a correction beside the original $12,500');
    const correction = app.bot.db
      .prepare('SELECT previous_cents, corrected_cents, corrected_by FROM report_corrections')
      .all();
    expect(correction).toEqual([
      { previous_cents: 1_250_000, corrected_cents: 1_190_000, corrected_by: ANN },
    ]);
    expect(reportRows()).toContainEqual({
      agent_id: orderEntry,
      month: '2026-10',
      amount_cents: 1_250_000,
      reported_by: ANN,
      on_behalf_of: null,
    });
    const reportId = (
      app.bot.db
        .prepare('SELECT id FROM monthly_reports WHERE agent_id = ? AND month = ?')
        .get(orderEntry, '2026-10') as { id: number }
    ).id;
    expect(auditTrail(app.bot.db, TEAM_ID, REPORT_ENTITY, reportId).map((row) => row.action)).toEqual([
      'reported',
      'corrected',
    ]);
    app.fake.assertNoViolations();
  });

  it('posts as soon as every number is in, and flags an agent silent two months running for the vote', async () => {
    await tick('2026-11-02T15:00:00Z');
    // Quote prep stays silent; the other two come in on day one.
    for (const [agentId, amount] of [
      [orderEntry, '9000'],
      [invoiceMatching, '8000'],
    ] as const) {
      await clickReport(ANN, messagesTo(ANN)[0] as FakeMessage, agentId);
      await reportThroughModal(ANN, { 'Dollar number': amount });
    }
    await tick('2026-11-02T15:01:00Z');
    expect(messagesTo(REVIEW_CHANNEL)).toEqual([]);

    app.bot.db.prepare("UPDATE agents SET status = 'retired' WHERE id = ?").run(quotePrep);
    await tick('2026-11-02T15:02:00Z');
    const [review] = messagesTo(REVIEW_CHANNEL);
    expect(blockText(review, REVIEW_TOTAL_BLOCK_ID)).toContain('from 2 of 2 agents');
    expect(textOf(review)).not.toContain('Quote prep');
  });

  it('puts an agent with no number two months running on the next kill-or-scale vote', async () => {
    await tick('2026-11-02T15:00:00Z');
    await tick('2026-11-10T15:00:00Z');
    const [review] = messagesTo(REVIEW_CHANNEL);
    expect(blockText(review, REVIEW_KILL_OR_SCALE_BLOCK_ID)).toContain('Quote prep');
    const flags = app.bot.db.prepare('SELECT flags, missing_agent_ids FROM value_reviews').get() as {
      flags: string;
      missing_agent_ids: string;
    };
    expect(JSON.parse(flags.flags)[quotePrep]).toContain('missedTwice');
    expect(JSON.parse(flags.missing_agent_ids)).toEqual([invoiceMatching, orderEntry, quotePrep]);
  });
});
