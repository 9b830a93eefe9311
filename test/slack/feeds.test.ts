import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS } from '../../src/rituals/index.js';
import { auditTrail } from '../../src/store/audit.js';
import { FEED_ENTITY, feedSettings } from '../../src/store/feeds.js';
import { reviewsForAgent } from '../../src/store/gate-reviews.js';
import { REPORT_ENTITY } from '../../src/store/reports.js';
import { ALERT_BLOCK_ID, ALERT_FIGURES_BLOCK_ID } from '../../src/views/feeds/alerts.js';
import { FEED_SETTINGS_ACTION_ID, FEED_SETTINGS_BLOCKS } from '../../src/views/feeds/settings.js';
import {
  FEED_EXAMPLE_BLOCK_ID,
  FEED_ISSUE_ACTION_ID,
  FEED_OPEN_ACTION_ID,
  FEED_REVOKE_ACTION_ID,
  FEED_TOKEN_BLOCK_ID,
} from '../../src/views/feeds/token.js';
import { feedEvidenceBlockId } from '../../src/views/gate/ids.js';
import {
  FROM_FEED_HINT,
  REPORT_AGENT_ACTION_ID,
  REPORT_AMOUNT_BLOCK_ID,
  reportInputBlockId,
} from '../../src/views/value-review/form.js';
import {
  connectFeed,
  OWNER,
  observation,
  PORTFOLIO_OWNER,
  postObservations,
  seedFeedWorkspace,
} from '../http/feed-fixture.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeView } from '../support/fake-slack.js';
import { blockText, fillView, findBlock, inputsOf, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, blockActionsPayload } from '../support/slack-request.js';
import {
  addPeople,
  allMet,
  clickOnView,
  dmsTo,
  modalOpened,
  PEOPLE,
  submitted,
} from './registry-fixtures.js';

vi.mock('../../src/charts/render.js', async () =>
  (await import('../support/charts.js')).chartsOnThisThread(),
);

const VIEW_METHODS = new Set(['views.open', 'views.push', 'views.update']);

/** The modal Slack shows once the app opened, pushed or updated one with this callback id (since the last clear). */
async function shownView(app: TestApp, callbackId: string): Promise<FakeView> {
  const deadline = Date.now() + 3000;
  const shown = () =>
    app.fake.calls.some(
      (c) =>
        VIEW_METHODS.has(c.method) &&
        c.ok &&
        (c.args.view as { callback_id?: string } | undefined)?.callback_id === callbackId,
    );
  while (!shown()) {
    if (Date.now() > deadline) throw new Error(`No view ${callbackId} was shown`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const view = app.fake.lastView();
  expect(view?.callback_id).toBe(callbackId);
  return view as FakeView;
}

/** Clicks a button on a modal and returns the modal that replaces or covers it. */
async function clickFor(
  app: TestApp,
  view: FakeView,
  click: { actionId: string; user: string; value?: string },
  callbackId: string,
): Promise<FakeView> {
  app.fake.clear();
  await clickOnView(app, view, click.actionId, click.user, click.value);
  return shownView(app, callbackId);
}

/** `/maturity agents`, Details on the agent, then its Live feed button, as `user`. */
async function openFeed(app: TestApp, agentId: number, user: string): Promise<void> {
  const list = (await app.command('agents', user)).json() as { blocks: unknown[] };
  app.fake.clear();
  await app.slack.interaction(
    blockActionsPayload({
      team: TEAM_ID,
      user,
      actionId: 'agent_details_open',
      blockId: `agent_${agentId}`,
      message: { blocks: list.blocks, ts: '1700000000.000100', channel: 'CGENERAL' },
      channel: 'CGENERAL',
      triggerId: app.fake.issueTriggerId(),
    }),
  );
  const details = await modalOpened(app, 'agent_details');
  await clickOnView(app, details, FEED_OPEN_ACTION_ID, user, String(agentId));
}

/** The DMs a person got, without the charts posted in their threads. */
const alertsTo = (app: TestApp, user: string) => dmsTo(app, user).filter((m) => m.thread_ts === undefined);

/** The token in the "shown once" modal. */
function tokenShown(view: FakeView): string {
  const token = /mbf_[\w-]{43}/.exec(blockText(view, FEED_TOKEN_BLOCK_ID))?.[0];
  expect(token).toBeDefined();
  return token ?? '';
}

describe('live feeds in Slack', () => {
  let app: TestApp;
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  it('connects, rotates and revokes a token from the agent details, showing it once, each change audited', async () => {
    app = await startTestApp({ now: '2026-10-20T14:00:00Z' });
    addPeople(app);
    const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);

    await openFeed(app, agentId, OWNER);
    const fresh = await shownView(app, 'feed');
    expect(blockText(fresh, 'feed_status')).toContain('*Order entry* has no live feed');
    const shown = await clickFor(
      app,
      fresh,
      { actionId: FEED_ISSUE_ACTION_ID, user: OWNER, value: String(agentId) },
      'feed_token',
    );
    const first = tokenShown(shown);
    const example = blockText(shown, FEED_EXAMPLE_BLOCK_ID);
    expect(example).toContain('curl -X POST http://localhost:0/api/v1/observations');
    expect(example).toContain(`-H "Authorization: Bearer ${first}"`);
    expect((await postObservations(app, first, observation('via-slack'))).status).toBe(202);

    await openFeed(app, agentId, OWNER);
    const connected = await shownView(app, 'feed');
    expect(blockText(connected, 'feed_status')).toContain(`Token \`${first.slice(0, 10)}…\``);
    const rotated = await clickFor(
      app,
      connected,
      { actionId: FEED_ISSUE_ACTION_ID, user: OWNER, value: String(agentId) },
      'feed_token',
    );
    const second = tokenShown(rotated);
    expect(second).not.toBe(first);
    expect(blockText(rotated, 'feed_token_intro')).toContain(
      'The old token of *Order entry* no longer works.',
    );
    expect((await postObservations(app, first, observation('old'))).status).toBe(401);
    expect((await postObservations(app, second, observation('new'))).status).toBe(202);

    await openFeed(app, agentId, PORTFOLIO_OWNER);
    const toRevoke = await shownView(app, 'feed');
    const revoked = await clickFor(
      app,
      toRevoke,
      { actionId: FEED_REVOKE_ACTION_ID, user: PORTFOLIO_OWNER, value: String(agentId) },
      'feed',
    );
    expect(blockText(revoked, 'feed_notice')).toContain('is revoked: it no longer works');
    expect(blockText(revoked, 'feed_status')).toContain('has no live feed');
    expect((await postObservations(app, second, observation('after'))).status).toBe(401);

    const trail = auditTrail(app.bot.db, TEAM_ID, FEED_ENTITY, agentId);
    expect(trail.map((row) => [row.action, row.actorId])).toEqual([
      ['feed_connect', OWNER],
      ['feed_rotate', OWNER],
      ['feed_revoke', PORTFOLIO_OWNER],
    ]);
    expect(JSON.stringify(trail)).not.toContain(first);
  });

  it('lets only the owner and the portfolio owner manage the feed', async () => {
    app = await startTestApp({ now: '2026-10-20T14:00:00Z' });
    addPeople(app);
    const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
    app.bot.db.prepare('UPDATE workspaces SET portfolio_owner_id = NULL').run();
    // An admin may edit the agent while no portfolio owner is named, but the feed speaks for its owner.
    await openFeed(app, agentId, PEOPLE.admin);
    const refusal = await shownView(app, 'notice');
    expect(blockText(refusal, 'notice_text')).toBe(
      `Only the owner of *Order entry*, <@${OWNER}>, can manage its live feed.`,
    );
    expect(auditTrail(app.bot.db, TEAM_ID, FEED_ENTITY, agentId)).toEqual([]);
  });

  it('lets admins and the portfolio owner set the alert thresholds from the Home tab, checked and audited', async () => {
    app = await startTestApp({ now: '2026-10-20T14:00:00Z' });
    addPeople(app);
    seedFeedWorkspace(app, ['Order entry']);
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.admin }));
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.admin);
    const home = app.fake.homeView(PEOPLE.admin) as FakeView;
    const settings = await clickFor(
      app,
      home,
      { actionId: FEED_SETTINGS_ACTION_ID, user: PEOPLE.admin },
      'feed_settings',
    );
    const bad = await app.submit(
      settings,
      fillView(settings, { 'drop by more than': '0', 'sends nothing': '2.5' }),
      PEOPLE.admin,
    );
    expect(bad.json()).toMatchObject({
      errors: {
        [FEED_SETTINGS_BLOCKS.drop]: 'Type a whole number from 1 to 100.',
        [FEED_SETTINGS_BLOCKS.silent]: 'Type a whole number from 1 to 20.',
      },
    });
    const answers = { 'rises by more than': '7.5', 'drop by more than': '40', 'sends nothing': '3' };
    const saved = await app.submit(settings, fillView(settings, answers), PEOPLE.admin);
    expect(textOf((saved.json() as { view: object }).view)).toContain('rise by more than 7.5 points');
    expect(feedSettings(app.bot.db, TEAM_ID)).toEqual({
      handoffMarginPoints: 7.5,
      volumeDropPercent: 40,
      silentBusinessDays: 3,
    });
    expect(auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID).map((r) => r.action)).toEqual([
      'feed_settings',
    ]);
  });

  describe('watching', () => {
    /** One observation per calendar day, 100 cases of which `handed` went to a person, at 08:00 Chicago. */
    async function sendDays(token: string, from: string, to: string, handed: number): Promise<void> {
      const observations = [];
      for (let day = new Date(`${from}T13:00:00Z`); day <= new Date(`${to}T13:00:00Z`); ) {
        const date = day.toISOString().slice(0, 10);
        observations.push(
          observation(`day-${date}`, {
            at: `${date}T08:00:00-05:00`,
            cases_handled: 100,
            cases_handed_to_person: handed,
          }),
        );
        day = new Date(day.getTime() + 86_400_000);
      }
      const sent = await postObservations(app, token, { observations });
      expect(sent).toMatchObject({ status: 202, body: { rejected: 0 } });
    }

    const check = (at: string) => {
      app.clock.set(at);
      return runDueChecks(app.bot.ritualDeps, CHECKS, app.clock.now());
    };

    it('opens an incident with one DM and a chart, tells the portfolio owner two business days later, and notes the close', async () => {
      app = await startTestApp({ now: '2026-10-20T14:00:00Z' });
      addPeople(app);
      const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
      app.clock.set('2026-09-10T14:00:00Z');
      const token = connectFeed(app, agentId);
      app.clock.set('2026-10-20T14:00:00Z');
      // Four weeks at 5% handed to a person, then a week at 15%.
      await sendDays(token, '2026-09-10', '2026-10-12', 5);
      await sendDays(token, '2026-10-13', '2026-10-19', 15);

      const first = await check('2026-10-20T14:00:00Z');
      expect(first.sent.map((s) => s.key)).toEqual(['1:opened', '1:chart']);
      const [opened, ...others] = alertsTo(app, OWNER);
      expect(others).toEqual([]);
      expect(blockText(opened, ALERT_BLOCK_ID)).toBe(
        ':warning: *Order entry* hands more cases to people than usual.',
      );
      expect(blockText(opened, ALERT_FIGURES_BLOCK_ID)).toBe(
        'Last week (Oct 13, 2026 to Oct 19, 2026), 15% of 700 cases went to a person, against 5% over the four weeks before. The alert is set at more than 5 points above.',
      );
      expect(app.fake.uploadedFiles()).toMatchObject([{ filename: 'feed-handoff.png' }]);

      // Still drifting the next day, and after a restart: nothing more is sent.
      app.clock.set('2026-10-21T13:30:00Z');
      await sendDays(token, '2026-10-20', '2026-10-21', 5);
      await app.restart();
      expect((await check('2026-10-21T14:00:00Z')).sent).toEqual([]);
      expect(alertsTo(app, OWNER)).toHaveLength(1);
      expect(alertsTo(app, PORTFOLIO_OWNER)).toHaveLength(0);

      app.clock.set('2026-10-22T13:30:00Z');
      await sendDays(token, '2026-10-22', '2026-10-22', 5);
      expect((await check('2026-10-22T13:59:00Z')).sent).toEqual([]);
      expect((await check('2026-10-22T14:00:00Z')).sent.map((s) => s.key)).toEqual(['1:escalated']);
      const [escalated] = alertsTo(app, PORTFOLIO_OWNER);
      expect(blockText(escalated, ALERT_BLOCK_ID)).toBe(
        `:rotating_light: *Order entry* hands more cases to people than usual, and has since Oct 20, 2026. Its owner, <@${OWNER}>, was told then.`,
      );

      // A normal week: it closes, and both hear.
      app.clock.set('2026-10-27T13:00:00Z');
      await sendDays(token, '2026-10-22', '2026-10-26', 5);
      expect((await check('2026-10-27T14:00:00Z')).sent.map((s) => s.key)).toEqual([
        '1:closed',
        '1:closed_escalated',
      ]);
      for (const person of [OWNER, PORTFOLIO_OWNER]) {
        expect(blockText(alertsTo(app, person).at(-1), ALERT_BLOCK_ID)).toBe(
          ':white_check_mark: *Order entry* hands cases to people at its usual share again. The incident opened Oct 20, 2026 is closed.',
        );
      }
      expect((await check('2026-10-27T14:01:00Z')).sent).toEqual([]);
    });

    it('opens a silence incident after the settable business days without a word, and closes it when one comes', async () => {
      app = await startTestApp({ now: '2026-10-16T14:00:00Z' });
      addPeople(app);
      const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
      const token = connectFeed(app, agentId);
      app.bot.db.prepare('UPDATE workspaces SET feed_silent_business_days = 1').run();
      await postObservations(app, token, observation('friday', { at: '2026-10-16T09:00:00-05:00' }));
      // Friday 09:00 plus one business day is Monday 09:00: the weekend does not count.
      expect((await check('2026-10-19T13:59:00Z')).sent).toEqual([]);
      expect((await check('2026-10-19T14:00:00Z')).sent.map((s) => s.key)).toEqual(['1:opened']);
      expect(blockText(alertsTo(app, OWNER)[0], ALERT_FIGURES_BLOCK_ID)).toBe(
        'Its last observation came Oct 16, 2026, 09:00 CDT. The alert is set at 1 business day of silence.',
      );
      await postObservations(app, token, observation('monday'));
      expect((await check('2026-10-19T14:05:00Z')).sent.map((s) => s.key)).toEqual(['1:closed']);
      expect(blockText(alertsTo(app, OWNER).at(-1), ALERT_BLOCK_ID)).toContain(
        'is sending observations again',
      );
    });
  });
});

describe('what a live feed proves elsewhere', () => {
  let app: TestApp;
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  /** Three days of 100 cases, 6 of them to a person, $1,000.25 a day, then a roll-up. */
  async function threeDays(agentId: number): Promise<void> {
    const token = connectFeed(app, agentId);
    const observations = ['2026-10-29', '2026-10-30', '2026-10-31'].map((day) =>
      observation(`d-${day}`, {
        at: `${day}T10:00:00-05:00`,
        cases_handled: 100,
        cases_handed_to_person: 6,
        dollar_value: 1000.25,
      }),
    );
    expect((await postObservations(app, token, { observations })).body).toMatchObject({ accepted: 3 });
    await runDueChecks(app.bot.ritualDeps, CHECKS, app.clock.now());
  }

  it('shows the feed under bars 1 and 5 of the gate checklist, and keeps it with the claim', async () => {
    app = await startTestApp({ now: '2026-10-31T15:03:00Z' });
    addPeople(app);
    const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
    app.bot.db.prepare("UPDATE agents SET status = 'pilot' WHERE id = ?").run(agentId);
    await threeDays(agentId);

    app.fake.clear();
    await app.command('gate Order entry', OWNER);
    const checklist = await modalOpened(app, 'gate_claim');
    const line =
      'Live feed: 3 days, 300 cases, hand-off 6%, last observation 3 minutes ago. Recorded with the claim.';
    expect(blockText(checklist, feedEvidenceBlockId('realData'))).toBe(line);
    expect(blockText(checklist, feedEvidenceBlockId('monitoring'))).toBe(line);
    expect(blockText(checklist, feedEvidenceBlockId('writesBack'))).toBe('');

    app.clock.set('2026-10-31T16:03:00Z');
    await app.submit(checklist, fillView(checklist, allMet()), OWNER);
    const [review] = reviewsForAgent(app.bot.db, TEAM_ID, agentId);
    expect(review?.feed).toMatchObject({ days: 3, casesHandled: 300, handoffPercent: 6, healthy: true });
    const asked = await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PORTFOLIO_OWNER);
    expect(blockText({ blocks: asked?.args.blocks }, 'gate_review_claim_monitoring')).toContain(
      'Live feed: 3 days, 300 cases, hand-off 6%, last observation 1 hour ago, when the claim was filed',
    );
  });

  it("pre-fills the month's dollars from the feed, and records whether the number came from it", async () => {
    app = await startTestApp({ now: '2026-10-31T15:00:00Z' });
    addPeople(app);
    const [agentId = 0] = seedFeedWorkspace(app, ['Order entry']);
    await threeDays(agentId);

    app.clock.set('2026-11-03T15:00:00Z');
    app.fake.clear();
    await app.command('report', OWNER);
    const modal = await modalOpened(app, 'value_review_report');
    const amount = findBlock(modal, REPORT_AMOUNT_BLOCK_ID) as {
      element: { initial_value?: string };
      hint?: { text: string };
    };
    expect(amount.element.initial_value).toBe('3000.75');
    expect(amount.hint?.text).toBe(FROM_FEED_HINT);
    const saved = await submitted(await app.submit(modal, fillView(modal, {}), OWNER));
    expect(textOf(saved.view)).toContain("Source: the live feed's number, unchanged.");
    const source = () =>
      app.bot.db.prepare('SELECT amount_cents, source FROM monthly_reports WHERE agent_id = ?').get(agentId);
    expect(source()).toEqual({ amount_cents: 300075, source: 'feed' });

    // Reopened, the report says where its number came from; changed by its owner, it says so too.
    app.fake.clear();
    await app.command('report', OWNER);
    const again = await modalOpened(app, 'value_review_report');
    expect(textOf(again)).toContain(
      "Already reported: $3,000.75 (the live feed's number, unchanged). Sending again replaces it",
    );
    const changed = await submitted(
      await app.submit(again, fillView(again, { 'Dollar number for October 2026': '2,800' }), OWNER),
    );
    expect(textOf(changed.view)).toContain("Source: typed over the live feed's $3,000.75.");
    expect(source()).toEqual({ amount_cents: 280000, source: 'typed' });
    const [, audited] = auditTrail(app.bot.db, TEAM_ID, REPORT_ENTITY, 1);
    expect(audited?.before).toMatchObject({ amountCents: 300075, source: 'feed', feedCents: 300075 });
    expect(audited?.after).toMatchObject({ amountCents: 280000, source: 'feed_changed', feedCents: 300075 });
  });

  it('pre-fills the number of the agent picked in the modal for several, from its own feed', async () => {
    app = await startTestApp({ now: '2026-10-31T15:00:00Z' });
    addPeople(app);
    const [orderEntry = 0, invoices = 0] = seedFeedWorkspace(app, ['Order entry', 'Invoice matching']);
    await threeDays(orderEntry);

    app.clock.set('2026-11-03T15:00:00Z');
    app.fake.clear();
    await app.command('report', OWNER);
    const modal = await modalOpened(app, 'value_review_report');
    expect(inputsOf(modal)[0]?.label).toBe('Which agent?');

    const pick = async (view: FakeView, name: string, id: number) => {
      app.fake.clear();
      await app.slack.interaction(
        blockActionsPayload({
          team: TEAM_ID,
          user: OWNER,
          actionId: REPORT_AGENT_ACTION_ID,
          view,
          selectedOption: { value: String(id) },
          triggerId: app.fake.issueTriggerId(),
        }),
      );
      await app.fake.waitFor('views.update');
      const shown = app.fake.lastView() as FakeView;
      expect(inputsOf(shown)[0]?.options?.find((o) => o.text === name)).toBeDefined();
      return shown;
    };
    const amountOf = (view: FakeView, id: number) =>
      findBlock(view, reportInputBlockId(REPORT_AMOUNT_BLOCK_ID, id)) as {
        element: { initial_value?: string };
        hint?: { text: string };
      };

    const forOrders = await pick(modal, 'Order entry', orderEntry);
    expect(amountOf(forOrders, orderEntry).element.initial_value).toBe('3000.75');
    expect(amountOf(forOrders, orderEntry).hint?.text).toBe(FROM_FEED_HINT);
    // An agent whose feed sends no dollars (here: no feed) gets an empty number and the usual hint.
    const forInvoices = await pick(forOrders, 'Invoice matching', invoices);
    expect(amountOf(forInvoices, invoices).element.initial_value).toBeUndefined();
    expect(amountOf(forInvoices, invoices).hint?.text).not.toBe(FROM_FEED_HINT);

    const back = await pick(forInvoices, 'Order entry', orderEntry);
    const saved = await submitted(
      await app.submit(back, fillView(back, { 'Which agent?': 'Order entry' }), OWNER),
    );
    expect(textOf(saved.view)).toContain("Source: the live feed's number, unchanged.");
    expect(
      app.bot.db
        .prepare('SELECT amount_cents, source FROM monthly_reports WHERE agent_id = ?')
        .get(orderEntry),
    ).toEqual({ amount_cents: 300075, source: 'feed' });
  });
});
