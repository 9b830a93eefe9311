/**
 * The plant's real calendar, end to end: a quarter through New Year's Day, owners away with and without a
 * delegate, a Report button clicked after its month, an agent gated mid-quarter, honest lateness, and the
 * holidays and away modals. Time moves only through the injected clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runsOf } from '../../src/store/ritual-runs.js';
import { saveHolidayChoice } from '../../src/usecases/calendar.js';
import { CALENDAR_COUNTRY_ACTION_ID, calendarRegionBlockId } from '../../src/views/calendar.js';
import { RITUALS_BUSINESS_DAYS_BLOCK_ID } from '../../src/views/rituals.js';
import {
  ESCALATION_AWAY_BLOCK_ID,
  ESCALATION_INTRO_BLOCK_ID,
  PROMPT_ON_BEHALF_BLOCK_ID,
  promptAgentBlockId,
  REVIEW_AWAY_BLOCK_ID,
  REVIEW_MISSING_BLOCK_ID,
} from '../../src/views/value-review/messages.js';
import { PARENT_BLOCKS } from '../../src/views/votes/ballot.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeView } from '../support/fake-slack.js';
import { blockText, fillView, findBlock, inputsOf, textOf } from '../support/read-view.js';
import { seedAgent, seedReport } from '../support/seed.js';
import { blockActionsPayload } from '../support/slack-request.js';
import {
  ADMIN,
  ANN,
  BEN,
  clickReport,
  command,
  messagesTo,
  PO,
  REVIEW_CHANNEL,
  reportRows,
  reportThroughModal,
  reviewRunsOpened,
  startReviewPlant,
  tick,
} from './value-review-fixture.js';

vi.mock('../../src/charts/render.js', async () =>
  (await import('../support/charts.js')).chartsOnThisThread(),
);

const LEADERSHIP_CHANNEL = 'CLEAD';
const LEADERS = ['ULEAD1', 'ULEAD2'];

let app: TestApp;

afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

function withLeadership(): void {
  app.bot.db
    .prepare('UPDATE workspaces SET leadership_user_ids = ?, leadership_channel_id = ? WHERE team_id = ?')
    .run(JSON.stringify(LEADERS), LEADERSHIP_CHANNEL, TEAM_ID);
}

/** Opens `/maturity away` as `user`, fills it and submits; returns the modal the app answered with. */
async function markAway(user: string, answers: Record<string, string>) {
  await command(app, 'away', user);
  await app.fake.waitFor('views.open');
  const view = app.fake.lastView() as FakeView;
  const response = await app.submit(view, fillView(view, answers), user);
  expect(response.status).toBe(200);
  return response.json() as { response_action: string; view?: object; errors?: Record<string, string> };
}

function agentIds() {
  const idOf = (name: string) =>
    (app.bot.db.prepare('SELECT id FROM agents WHERE name = ?').get(name) as { id: number }).id;
  return {
    orderEntry: idOf('Order entry'),
    invoiceMatching: idOf('Invoice matching'),
    quotePrep: idOf('Quote prep'),
  };
}

/** A plant keeping US holidays in Chicago (from its zone), or UK holidays in London (chosen). */
const PLANTS = [
  {
    name: 'in Chicago (US holidays)',
    zone: 'America/Chicago',
    hoursBehindUtc: 6,
    abbreviation: 'CST',
    uk: false,
  },
  {
    name: 'in London (UK holidays)',
    zone: 'Europe/London',
    hoursBehindUtc: 0,
    abbreviation: 'GMT',
    uk: true,
  },
] as const;

describe.each(PLANTS)('a quarter through New Year 2027, $name', (plant) => {
  /** The instant of a local wall time on a winter day, as the plant's clock reads it. */
  const local = (day: string, hour: number) =>
    new Date(Date.UTC(2027, 0, Number(day), hour + plant.hoursBehindUtc)).toISOString();

  it('skips New Year’s Day, and the vote opens once December is reviewed, saying which months it judges', async () => {
    ({ app } = await startReviewPlant({ now: '2026-12-20T15:00:00Z', createdAt: '2026-12-15T12:00:00Z' }));
    withLeadership();
    app.bot.db.prepare('UPDATE workspaces SET time_zone = ? WHERE team_id = ?').run(plant.zone, TEAM_ID);
    if (plant.uk) {
      saveHolidayChoice(app.bot.db, app.clock.now(), {
        teamId: TEAM_ID,
        actorId: ADMIN,
        choice: { kind: 'place', place: { country: 'GB', state: null, region: null } },
      });
    }
    // Friday 1 January, 09:00 and 10:00: a public holiday, so nothing falls due.
    expect((await app.tick(local('01', 9))).opened).toEqual([]);
    expect((await app.tick(local('01', 10))).opened).toEqual([]);

    // Monday the 4th is the first business day: December's prompts at 09:00, the vote's run at 10:00.
    expect(reviewRunsOpened(await app.tick(local('04', 9)))).toEqual([{ period: '2027-01', late: false }]);
    expect(textOf(messagesTo(app, ANN)[0])).toContain('December 2026');
    const voteDue = await app.tick(local('04', 10));
    expect(voteDue.opened.map((r) => [r.ritual, r.period])).toEqual([['kill-or-scale', '2027-Q1']]);
    // ...but the round waits for December's review: nobody is judged on a month still being reported.
    expect(app.fake.messages(LEADERSHIP_CHANNEL)).toEqual([]);
    const waiting = textOf((await command(app, 'votes', ANN)).json());
    expect(waiting).toContain(
      `The Q1 2027 vote on Q4 2026 opens once the December 2026 value review posts, Jan 12, 2027, 09:00 ${plant.abbreviation} at the latest`,
    );

    // The seventh business day, New Year's Day not counted, is Tuesday 12 January: the review posts, then the vote.
    await app.tick(local('11', 9));
    expect(messagesTo(app, REVIEW_CHANNEL)).toEqual([]);
    await app.tick(local('12', 9));
    expect(messagesTo(app, REVIEW_CHANNEL)).toHaveLength(1);
    const [parent] = messagesTo(app, LEADERSHIP_CHANNEL);
    expect(blockText(parent, PARENT_BLOCKS.title)).toBe('Kill-or-scale: Q1 2027 vote on Q4 2026');
    expect(blockText(parent, PARENT_BLOCKS.facts)).toContain(
      '*Judged on:* October, November and December 2026, each once its value review had posted',
    );
    const open = textOf((await command(app, 'votes', ANN)).json());
    expect(open).toContain('Open now:* the Q1 2027 vote on Q4 2026 in <#CLEAD>');
  });
});

describe('owners away', () => {
  it('sends an away owner’s prompt to their delegate, who reports on their behalf', async () => {
    ({ app } = await startReviewPlant());
    const saved = await markAway(ANN, {
      'First day away': '2026-10-28',
      'Last day away': '2026-11-06',
      'Who reports for you while you are away (optional)': BEN,
    });
    expect(textOf(saved.view)).toContain(
      'You: Wed, Oct 28, 2026 to Fri, Nov 6, 2026; <@UBEN> reports on your behalf',
    );

    await tick(app, '2026-11-02T15:00:00Z');
    expect(messagesTo(app, ANN)).toEqual([]);
    const toBen = messagesTo(app, BEN);
    // Ben's own prompt, and Ann's on her behalf.
    expect(toBen).toHaveLength(2);
    const onBehalf = toBen.find((m) => findBlock(m, PROMPT_ON_BEHALF_BLOCK_ID));
    expect(onBehalf && blockText(onBehalf, PROMPT_ON_BEHALF_BLOCK_ID)).toContain('On behalf of <@UANN>');
    if (!onBehalf) throw new Error('no prompt on behalf');
    const orderEntryId = Number(
      (app.bot.db.prepare("SELECT id FROM agents WHERE name = 'Order entry'").get() as { id: number }).id,
    );
    await clickReport(app, BEN, onBehalf, orderEntryId);
    const { answer } = await reportThroughModal(app, BEN, { 'Dollar number': '9,000' });
    expect(answer.response_action).toBe('update');
    expect(reportRows(app).find((r) => r.agent_id === orderEntryId && r.month === '2026-10')).toMatchObject({
      amount_cents: 900_000,
      reported_by: BEN,
      on_behalf_of: ANN,
    });
  });

  it('shows an owner away with nobody reporting as away, not missing, and never flags the month', async () => {
    ({ app } = await startReviewPlant());
    const saved = await markAway(PO, {
      'Who is away?': BEN,
      'First day away': '2026-10-30',
      'Last day away': '2026-11-20',
    });
    expect(textOf(saved.view)).toContain(
      '<@UBEN>: Fri, Oct 30, 2026 to Fri, Nov 20, 2026; nobody reports for them',
    );

    await tick(app, '2026-11-02T15:00:00Z');
    expect(messagesTo(app, BEN)).toEqual([]);
    // Reminder day, escalation day, posting day (Veterans Day, the 11th, comes after): Ben hears nothing.
    for (const at of ['2026-11-05T15:00:00Z', '2026-11-09T15:00:00Z', '2026-11-10T15:00:00Z'])
      await tick(app, at);
    expect(messagesTo(app, BEN)).toEqual([]);
    const [review] = messagesTo(app, REVIEW_CHANNEL);
    expect(blockText(review, REVIEW_AWAY_BLOCK_ID)).toBe(
      '*Away, nobody reporting for them:* Quote prep (<@UBEN>). Not counted as missed.',
    );
    expect(blockText(review, REVIEW_MISSING_BLOCK_ID)).not.toContain('Quote prep');
    const row = app.bot.db
      .prepare("SELECT away_agent_ids, missing_agent_ids FROM value_reviews WHERE month = '2026-10'")
      .get() as {
      away_agent_ids: string;
      missing_agent_ids: string;
    };
    const quotePrep = (
      app.bot.db.prepare("SELECT id FROM agents WHERE name = 'Quote prep'").get() as { id: number }
    ).id;
    expect(JSON.parse(row.away_agent_ids)).toEqual([quotePrep]);
    expect(JSON.parse(row.missing_agent_ids)).not.toContain(quotePrep);
  });

  it('tells the portfolio owner which agents are away, with or without a delegate, apart from the missing', async () => {
    ({ app } = await startReviewPlant());
    // Ann names the admin to report for her; Ben names nobody. Both are away until Friday 20 November.
    await markAway(ANN, {
      'First day away': '2026-10-28',
      'Last day away': '2026-11-20',
      'Who reports for you while you are away (optional)': ADMIN,
    });
    await markAway(BEN, { 'First day away': '2026-10-30', 'Last day away': '2026-11-20' });

    // Prompt, reminder and, on Monday the 9th, the escalation: nobody here owes a number, three agents are away.
    for (const at of ['2026-11-02T15:00:00Z', '2026-11-05T15:00:00Z', '2026-11-09T15:00:00Z'])
      await tick(app, at);
    const [escalation] = messagesTo(app, PO);
    if (!escalation) throw new Error('no escalation');
    expect(escalation.text).toBe(
      'Every owner who is here has reported October 2026. 3 agents have no number because the owner is away.',
    );
    expect(blockText(escalation, ESCALATION_INTRO_BLOCK_ID)).toContain(
      'Every owner who is here has reported October 2026',
    );
    expect(blockText(escalation, ESCALATION_AWAY_BLOCK_ID)).toBe('*Away, not missing (3)*');
    const { invoiceMatching, quotePrep } = agentIds();
    expect(blockText(escalation, promptAgentBlockId(invoiceMatching))).toContain(
      '*Invoice matching*: owner <@UANN> is away until Fri, Nov 20, 2026; <@UADMIN> was asked to report on their behalf.',
    );
    expect(blockText(escalation, promptAgentBlockId(quotePrep))).toContain(
      '*Quote prep*: owner <@UBEN> is away until Fri, Nov 20, 2026; nobody reports for them, so the review shows it as away, not missed.',
    );
    // The portfolio owner can still report for an away owner, on their behalf.
    await clickReport(app, PO, escalation, quotePrep);
    expect(textOf(app.fake.lastView())).toContain('on their behalf');
  });

  it('refuses dates that make no sense, inline', async () => {
    ({ app } = await startReviewPlant());
    const answer = await markAway(ANN, { 'First day away': '2026-11-10', 'Last day away': '2026-11-02' });
    expect(answer).toEqual({
      response_action: 'errors',
      errors: { away_last: 'The last day away comes on or after the first.' },
    });
  });
});

describe('the Report button carries its month', () => {
  it('opens October from October’s prompt, clicked in December after the review posted', async () => {
    ({ app } = await startReviewPlant());
    await tick(app, '2026-11-02T15:00:00Z');
    const octoberPrompt = messagesTo(app, ANN)[0];
    if (!octoberPrompt) throw new Error('no prompt');
    await tick(app, '2026-11-10T15:00:00Z');
    await tick(app, '2026-12-01T15:00:00Z');
    app.clock.set('2026-12-03T17:00:00Z');
    const orderEntryId = Number(
      (app.bot.db.prepare("SELECT id FROM agents WHERE name = 'Order entry'").get() as { id: number }).id,
    );
    await clickReport(app, ANN, octoberPrompt, orderEntryId);
    const view = app.fake.lastView() as FakeView;
    expect(textOf(view)).toContain('The October 2026 review is already posted');
    expect(textOf(view)).not.toContain('November 2026');
    await reportThroughModal(app, ANN, { 'Dollar number': '11,000' });
    expect(
      reportRows(app)
        .filter((r) => r.agent_id === orderEntryId)
        .map((r) => r.month),
    ).toContain('2026-10');
    expect(reportRows(app).filter((r) => r.month === '2026-11')).toEqual([]);
  });
});

describe('fair targets', () => {
  it('charges an agent gated mid-quarter from its gate day, and a new one reads "first month"', async () => {
    ({ app } = await startReviewPlant({ now: '2026-10-20T15:00:00Z' }));
    const db = app.bot.db;
    // Gated on Wednesday 16 September: 15 of September's 30 days owed in Q3.
    const gated = seedAgent(db, { name: 'Scheduling', ownerId: ANN, monthlyTargetCents: 1_200_000 });
    db.prepare('UPDATE agents SET gate_passed_at = ? WHERE id = ?').run('2026-09-16T15:00:00.000Z', gated);
    const fresh = seedAgent(db, { name: 'Demand sensing', ownerId: BEN, monthlyTargetCents: 3_750_000 });
    db.prepare('UPDATE agents SET gate_passed_at = ? WHERE id = ?').run('2026-10-19T15:00:00.000Z', fresh);
    // Gated this month too, after a pilot that reported numbers: they count, against no target.
    const piloted = seedAgent(db, { name: 'Vision check', ownerId: BEN, monthlyTargetCents: 500_000 });
    db.prepare('UPDATE agents SET gate_passed_at = ? WHERE id = ?').run('2026-10-05T15:00:00.000Z', piloted);
    seedReport(db, { agentId: piloted, month: '2026-09', cents: 120_000, by: BEN });

    // The summary is acknowledged at once and arrives through the response URL.
    await command(app, 'summary', ANN);
    const text = textOf((await app.fake.waitFor('response_url', undefined, 10_000)).args);
    // The chart goes to the DM after the answer: let it land before the app closes.
    await app.fake.waitFor('files.completeUploadExternal');
    expect(text).toContain(
      '*Scheduling* · In production · <@UANN>: $0 of $6,000 target (0%), 0 of 3 months reported',
    );
    expect(text).toContain('*Demand sensing* · In production · <@UBEN>: first month, no target yet');
    expect(text).not.toContain('$0 of $112,500');
    expect(text).toContain(
      '*Vision check* · In production · <@UBEN>: $1,200, no target owed yet (not in production then), 1 of 3 months reported',
    );
  });
});

describe('honest lateness', () => {
  it('does not call a run late when a coarse cron drives the heartbeat', async () => {
    ({ app } = await startReviewPlant());
    // `maturity rituals run` every hour at half past: 07:30, 08:30, then 09:30, half an hour after the 09:00 due time.
    await tick(app, '2026-11-02T13:30:00Z');
    await tick(app, '2026-11-02T14:30:00Z');
    expect(reviewRunsOpened(await tick(app, '2026-11-02T15:30:00Z'))).toEqual([
      { period: '2026-11', late: false },
    ]);
    expect(textOf(messagesTo(app, ANN)[0])).not.toContain('This comes late');
  });

  it('calls it late when the heartbeat’s own record shows the app was down at the due time', async () => {
    ({ app } = await startReviewPlant());
    await tick(app, '2026-11-02T13:59:00Z');
    await tick(app, '2026-11-02T14:00:00Z');
    expect(reviewRunsOpened(await tick(app, '2026-11-02T17:00:00Z'))).toEqual([
      { period: '2026-11', late: true },
    ]);
    expect(textOf(messagesTo(app, ANN)[0])).toContain('This comes late: it was due Nov 2, 2026, 09:00 CST');
    expect(runsOf(app.bot.db, TEAM_ID, 'value-review').map((r) => r.late)).toEqual([true]);
  });
});

describe('the holidays and closed days', () => {
  it('follows the time zone until an admin picks a country, state and a shutdown week', async () => {
    ({ app } = await startReviewPlant());
    const before = textOf((await command(app, 'rituals', ANN)).json());
    expect(before).toContain(
      'Business days:* Monday to Friday, less the public holidays of United States of America (from the time zone) and no closed days. Next weekday off: Wed, Nov 11, 2026 (Veterans Day).',
    );

    await command(app, 'calendar', ANN);
    const refusal = await app.fake.waitFor('chat.postEphemeral');
    expect(String(refusal.args.text)).toContain('Only workspace admins and the portfolio owner');

    await command(app, 'calendar', ADMIN);
    await app.fake.waitFor('views.open');
    let view = app.fake.lastView() as FakeView;
    expect(inputsOf(view).map((i) => i.label)).toEqual([
      'Whose public holidays does the plant keep?',
      'State or region (optional)',
      'Add closed days: first day',
      'Last closed day',
      'What are they called? (optional)',
    ]);
    // Picking Germany brings its states.
    app.fake.clear();
    await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user: ADMIN,
        actionId: CALENDAR_COUNTRY_ACTION_ID,
        view,
        selectedOption: { value: 'DE' },
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    await app.fake.waitFor('views.update');
    view = app.fake.lastView() as FakeView;
    expect(findBlock(view, calendarRegionBlockId('DE'))).toBeDefined();
    const values = fillView(view, {
      'Whose public holidays does the plant keep?': 'Germany',
      'State or region (optional)': 'Bayern',
      'Add closed days: first day': '2026-12-21',
      'Last closed day': '2026-12-31',
      'What are they called? (optional)': 'Year-end shutdown',
    });
    const saved = (await app.submit(view, values, ADMIN)).json() as { view: object };
    expect(textOf(saved.view)).toContain(
      'Business days now skip weekends, the public holidays of Germany, Bayern and the plant’s closed days. Added closed days: Mon, Dec 21, 2026 to Thu, Dec 31, 2026 (Year-end shutdown).',
    );
    const after = (await command(app, 'rituals', ANN)).json();
    expect(blockText(after, RITUALS_BUSINESS_DAYS_BLOCK_ID)).toContain(
      'less the public holidays of Germany, Bayern and 1 closed period',
    );
  });
});
