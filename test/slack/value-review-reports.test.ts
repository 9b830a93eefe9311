/**
 * Reporting a number and running the review by hand: what people type, who may report, Slack's retries,
 * /maturity report, review and rituals, the Home tab and the review settings.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import { placementEvidence } from '../../src/store/evidence.js';
import { REPORT_ENTITY, reviewSettings, WORKSPACE_ENTITY } from '../../src/store/reports.js';
import { runsOf } from '../../src/store/ritual-runs.js';
import {
  REPORT_AMOUNT_BLOCK_ID,
  REPORT_EVIDENCE_BLOCK_ID,
  REPORT_HANDOFF_BLOCK_ID,
  SETTINGS_DROP_BLOCK_ID,
} from '../../src/views/value-review/form.js';
import {
  HOME_REPORT_ACTION_ID,
  REVIEW_SETTINGS_ACTION_ID,
  RUN_REVIEW_NOW_ACTION_ID,
} from '../../src/views/value-review/home.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { buttonsOf, fillView, findButton, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, blockActionsPayload } from '../support/slack-request.js';
import {
  ADMIN,
  ANN,
  BEN,
  clickReport,
  command,
  messagesTo,
  OUTSIDER,
  PO,
  REVIEW_CHANNEL,
  reportRows,
  reportThroughModal,
  startReviewPlant,
  tick,
} from './value-review-fixture.js';

vi.mock('../../src/charts/render.js', async () =>
  (await import('../support/charts.js')).chartsOnThisThread(),
);

let app: TestApp;
let orderEntry: number;
let invoiceMatching: number;

beforeEach(async () => {
  ({ app, orderEntry, invoiceMatching } = await startReviewPlant());
  await tick(app, '2026-11-02T15:00:00Z');
});

afterEach(async () => {
  await app.close();
});

const annPrompt = () => messagesTo(app, ANN)[0] as FakeMessage;

async function openHome(user: string) {
  app.fake.clear();
  await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user }));
  await app.fake.waitFor('views.publish', (call) => call.args.user_id === user);
  return app.fake.homeView(user);
}

async function clickOnHome(user: string, actionId: string) {
  const home = app.fake.homeView(user);
  app.fake.clear();
  await app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId,
      view: home as object,
      triggerId: app.fake.issueTriggerId(),
    }),
  );
  await app.fake.waitFor('views.open');
  return app.fake.lastView();
}

describe('what owners type', () => {
  // Every way of typing a number (12500, $12,500, 12.5k, 1.2M, -3,000) is parseDollars', in test/domain/money.test.ts;
  // here, that the modal's answer is read through it and stored in cents.
  it('stores a number typed as 12.5k as 1250000 cents', async () => {
    await clickReport(app, ANN, annPrompt(), orderEntry);
    const { answer } = await reportThroughModal(app, ANN, { 'Dollar number': '12.5k' });
    expect(answer.response_action).toBe('update');
    expect(reportRows(app)).toContainEqual(
      expect.objectContaining({ agent_id: orderEntry, month: '2026-10', amount_cents: 1_250_000 }),
    );
  });

  it('names the field and keeps the modal open for anything else, writing nothing', async () => {
    for (const typed of ['twelve', '12,50', '1e5', '$']) {
      await clickReport(app, ANN, annPrompt(), orderEntry);
      const { answer } = await reportThroughModal(app, ANN, { 'Dollar number': typed });
      expect(answer.response_action).toBe('errors');
      expect(answer.errors?.[REPORT_AMOUNT_BLOCK_ID]).toMatch(/^Dollar number: /);
    }
    await clickReport(app, ANN, annPrompt(), orderEntry);
    const { answer } = await reportThroughModal(app, ANN, {
      'Dollar number': '9000',
      'Evidence link': 'erp/report 12',
      'Share of cases': '140',
    });
    expect(Object.keys(answer.errors ?? {}).sort()).toEqual(
      [REPORT_EVIDENCE_BLOCK_ID, REPORT_HANDOFF_BLOCK_ID].sort(),
    );
    expect(reportRows(app).filter((row) => row.month === '2026-10')).toEqual([]);
  });

  it('writes once when Slack retries the same submission', async () => {
    await clickReport(app, ANN, annPrompt(), orderEntry);
    const { answer, again } = await reportThroughModal(app, ANN, { 'Dollar number': '9,000' });
    const retried = await again();
    expect(textOf(retried.view)).toEqual(textOf(answer.view));
    expect(reportRows(app).filter((row) => row.month === '2026-10')).toHaveLength(1);
    const id = (
      app.bot.db.prepare("SELECT id FROM monthly_reports WHERE month = '2026-10'").get() as { id: number }
    ).id;
    expect(auditTrail(app.bot.db, TEAM_ID, REPORT_ENTITY, id)).toHaveLength(1);
  });

  it('replaces the number until the review posts, with both versions in the audit log', async () => {
    await clickReport(app, ANN, annPrompt(), orderEntry);
    await reportThroughModal(app, ANN, { 'Dollar number': '9,000' });
    await clickReport(app, ANN, annPrompt(), orderEntry);
    expect(textOf(app.fake.lastView())).toContain('Already reported: $9,000');
    await reportThroughModal(app, ANN, { 'Dollar number': '9,500', Note: 'Forgot the last invoice run' });
    expect(
      app.bot.db.prepare("SELECT amount_cents, note FROM monthly_reports WHERE month = '2026-10'").all(),
    ).toEqual([{ amount_cents: 950_000, note: 'Forgot the last invoice run' }]);
    expect(app.bot.db.prepare('SELECT COUNT(*) AS n FROM report_corrections').get()).toEqual({ n: 0 });
    const id = (
      app.bot.db.prepare("SELECT id FROM monthly_reports WHERE month = '2026-10'").get() as { id: number }
    ).id;
    const trail = auditTrail(app.bot.db, TEAM_ID, REPORT_ENTITY, id);
    expect(trail.map((row) => row.action)).toEqual(['reported', 'updated']);
    expect(trail[1]?.before).toMatchObject({ amountCents: 900_000 });
    expect(trail[1]?.after).toMatchObject({ amountCents: 950_000 });
  });
});

describe('who may report', () => {
  it("politely refuses someone else's agent, from a button or a forged submission", async () => {
    await clickReport(app, BEN, annPrompt(), orderEntry, false);
    const refusal = app.fake.lastCall('chat.postEphemeral');
    expect(refusal?.args).toMatchObject({ user: BEN });
    expect(String(refusal?.args.text)).toContain(
      "Only the agent's owner, or the portfolio owner on their behalf",
    );
    expect(app.fake.callsTo('views.open')).toEqual([]);

    // Ann's own modal, submitted as Ben.
    await clickReport(app, ANN, annPrompt(), orderEntry);
    const { answer } = await reportThroughModal(app, BEN, { 'Dollar number': '9000' });
    expect(answer.errors?.[REPORT_AMOUNT_BLOCK_ID]).toContain("Only the agent's owner");
    expect(reportRows(app).filter((row) => row.month === '2026-10')).toEqual([]);
  });

  it('says why /maturity report has nothing for someone who owns no running agent', async () => {
    const response = await command(app, 'report', OUTSIDER);
    expect(response.json()).toMatchObject({ text: expect.stringContaining('You own no running agent') });
    expect(app.fake.callsTo('views.open')).toEqual([]);
  });

  it('lets the portfolio owner pick any running agent, marked as reporting for its owner', async () => {
    await command(app, 'report', PO);
    await app.fake.waitFor('views.open');
    const modal = app.fake.lastView();
    expect(textOf(modal)).toContain('Quote prep (for its owner)');
    const { answer } = await reportThroughModal(app, PO, {
      'Which agent?': 'Quote prep (for its owner)',
      'Dollar number': '4k',
    });
    expect(textOf(answer.view)).toContain(`on behalf of <@${BEN}>`);
    expect(reportRows(app)).toContainEqual(
      expect.objectContaining({ amount_cents: 400_000, reported_by: PO, on_behalf_of: BEN }),
    );
  });
});

describe('running the review by hand', () => {
  it('refuses /maturity review now to anyone but admins and the portfolio owner', async () => {
    const response = await command(app, 'review now', ANN);
    expect(response.json()).toMatchObject({
      text: expect.stringContaining('Only workspace admins and the portfolio owner'),
    });
  });

  it('runs what is due at once for the portfolio owner, and never a second time for the month', async () => {
    // Every number in by the evening of day one; the portfolio owner does not wait for the next heartbeat.
    app.bot.db.prepare("UPDATE agents SET status = 'retired' WHERE owner_id = ?").run(BEN);
    for (const agentId of [orderEntry, invoiceMatching]) {
      await clickReport(app, ANN, annPrompt(), agentId);
      await reportThroughModal(app, ANN, { 'Dollar number': '9000' });
    }
    app.clock.set('2026-11-02T23:00:00Z');
    const reviewNow = async () => {
      app.fake.clear();
      const response = await app.slack.command({
        command: '/maturity',
        text: 'review now',
        user_id: PO,
        team_id: TEAM_ID,
        channel_id: 'CGENERAL',
        response_url: app.fake.issueResponseUrl(),
        trigger_id: app.fake.issueTriggerId(),
      });
      expect(response.json()).toMatchObject({
        text: expect.stringContaining('Running the monthly value review now'),
      });
      // The review's chart is drawn before the answer.
      return String((await app.fake.waitFor('response_url')).args.text);
    };
    expect(await reviewNow()).toContain('The review of October 2026 is posted (Nov 2, 2026) to <#CREVIEW>');
    expect(messagesTo(app, REVIEW_CHANNEL)).toHaveLength(1);
    expect(runsOf(app.bot.db, TEAM_ID, 'value-review').map((r) => r.state)).toEqual(['done']);
    expect(await reviewNow()).toContain('The review of October 2026 is posted');
    expect(messagesTo(app, REVIEW_CHANNEL)).toHaveLength(1);
  });

  it('shows the schedule with /maturity rituals', async () => {
    const response = await command(app, 'rituals', BEN);
    const text = textOf(response.json());
    expect(text).toContain('*Monthly value review*: Monthly, first business day at 09:00 (America/Chicago)');
    expect(text).toContain('Next due: Dec 1, 2026, 09:00 CST');
    // Named as the prompts and the post name it: by the month reported, not the month it runs in.
    expect(text).toContain('Running: the October 2026 review, since Nov 2, 2026');
    expect(text).toContain('*Quarterly kill-or-scale vote*');
  });
});

describe('the Home tab', () => {
  it("shows each agent's latest number and whether this month's is in", async () => {
    await clickReport(app, ANN, annPrompt(), orderEntry);
    await reportThroughModal(app, ANN, { 'Dollar number': '9000' });
    const home = textOf(await openHome(ANN));
    expect(home).toContain('*October 2026:* 1 of 3 numbers are in.');
    expect(home).toContain('*Order entry* (<@UANN>): $9,000 for October 2026 · October: in');
    expect(home).toContain('*Invoice matching* (<@UANN>): $4,000 for September 2026 · October: not in yet');
    expect(buttonsOf(await openHome(ANN)).map((b) => b.text)).toContain('Report a number');
    expect(buttonsOf(await openHome(ANN)).map((b) => b.text)).not.toContain('Run the review now');
  });

  it('gives admins the schedule, "run now" and the review settings', async () => {
    const home = await openHome(ADMIN);
    expect(textOf(home)).toContain('Owners are asked at 09:00 (America/Chicago)');
    expect(buttonsOf(home).map((b) => b.text)).toEqual(
      expect.arrayContaining(['Run the review now', 'Review settings']),
    );
    expect(buttonsOf(home).map((b) => b.text)).not.toContain('Report a number');

    const settings = await clickOnHome(ADMIN, REVIEW_SETTINGS_ACTION_ID);
    const bad = await app.submit(settings as object, fillView(settings, { 'Flag a drop': '0' }), ADMIN);
    expect(bad.json()).toMatchObject({
      errors: { [SETTINGS_DROP_BLOCK_ID]: 'Type a whole number from 1 to 100.' },
    });
    const values = fillView(settings, {
      'Time owners are asked': '07:30',
      'Flag a drop': '30',
      'below target': '3',
    });
    const saved = await app.submit(settings as object, values, ADMIN);
    expect(textOf((saved.json() as { view: object }).view)).toContain('Owners are asked at 07:30');
    await app.submit(settings as object, values, ADMIN, { retryNum: 1, retryReason: 'http_timeout' });
    expect(reviewSettings(app.bot.db, TEAM_ID)).toEqual({
      time: '07:30',
      dropPercent: 30,
      belowTargetMonths: 3,
    });
    expect(
      auditTrail(app.bot.db, TEAM_ID, WORKSPACE_ENTITY, TEAM_ID).filter(
        (r) => r.action === 'review-settings',
      ),
    ).toHaveLength(1);
    const rituals = textOf((await command(app, 'rituals', ADMIN)).json());
    expect(rituals).toContain('Next due: Dec 1, 2026, 07:30 CST');
  });

  it('runs the review from the Home tab for the portfolio owner, and explains to anyone else', async () => {
    await openHome(ANN);
    await openHome(PO);
    findButton(app.fake.homeView(PO), 'Run the review now');
    const ran = await clickOnHome(PO, RUN_REVIEW_NOW_ACTION_ID);
    expect(textOf(ran)).toContain('Running the monthly value review now');
    await app.fake.waitFor('views.update');
    expect(textOf(app.fake.lastView())).toContain(
      'The review of October 2026 is running: 2 owners have been asked.',
    );

    const home = app.fake.homeView(ANN);
    app.fake.clear();
    await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user: ANN,
        actionId: HOME_REPORT_ACTION_ID,
        view: home as object,
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    await app.fake.waitFor('views.open');
    expect(textOf(app.fake.lastView())).toContain('Which agent?');
    app.fake.assertNoViolations();
  });
});

describe('placement evidence', () => {
  it('answers "does every running agent report?" from the last posted review', async () => {
    const before = placementEvidence(app.bot.db, TEAM_ID);
    expect(before.lastReview).toBeNull();
    expect(before.runningAgents.map((a) => a.lastReview)).toEqual(
      before.runningAgents.map(() => 'not-asked'),
    );
    await tick(app, '2026-11-10T15:00:00Z');
    const after = placementEvidence(app.bot.db, TEAM_ID);
    expect(after.lastReview).toEqual({ month: '2026-10', postedAt: expect.stringMatching(/^2026-11-/) });
    expect(after.runningAgents.length).toBeGreaterThan(0);
    expect(after.runningAgents.map((a) => a.lastReview)).toEqual(after.runningAgents.map(() => 'missing'));
  });
});
