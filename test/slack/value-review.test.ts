/**
 * The monthly value review, a whole month through the real app: prompts, reports through the modal, the nudge,
 * the portfolio owner's list, the post and a correction, with time driven by the injected clock only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import { REPORT_ENTITY } from '../../src/store/reports.js';
import { runsOf } from '../../src/store/ritual-runs.js';
import {
  REVIEW_KILL_OR_SCALE_BLOCK_ID,
  REVIEW_MISSING_BLOCK_ID,
  REVIEW_TOTAL_BLOCK_ID,
} from '../../src/views/value-review/messages.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { blockText, findBlock, textOf } from '../support/read-view.js';
import {
  ANN,
  BEN,
  clickReport as click,
  PO,
  REVIEW_CHANNEL,
  reviewRunsOpened,
  reportRows as rows,
  messagesTo as sentTo,
  command as slash,
  startReviewPlant,
  reportThroughModal as submitReport,
  tick as tickAt,
} from './value-review-fixture.js';

let app: TestApp;
let orderEntry: number;
let invoiceMatching: number;
let quotePrep: number;

const tick = (at: string) => tickAt(app, at);
const messagesTo = (target: string) => sentTo(app, target);
const clickReport = (user: string, message: FakeMessage, agentId: number) =>
  click(app, user, message, agentId);
const reportThroughModal = (user: string, answers: Record<string, string>) =>
  submitReport(app, user, answers);
const command = (text: string, user: string) => slash(app, text, user);
const reportRows = () => rows(app);

beforeEach(async () => {
  ({ app, orderEntry, invoiceMatching, quotePrep } = await startReviewPlant());
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
