import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../src/domain/placement.js';
import { recentPlacements } from '../../src/store/placements.js';
import { PLACE_AGAIN_ACTION_ID } from '../../src/views/placement/ids.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { buttonsOf, fillView, inputsOf, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, blockActionsPayload } from '../support/slack-request.js';

const ALL_NO = Object.fromEntries(QUESTIONS.map((q) => [q.text, 'No']));
const ALL_YES = Object.fromEntries(QUESTIONS.map((q) => [q.text, 'Yes']));

describe('/maturity placement, end to end', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z' });
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  async function openQuestionnaire(user = 'UALICE') {
    app.fake.clear();
    const res = await app.command('', user);
    expect(res.status).toBe(200);
    const call = await app.fake.waitFor('views.open');
    const view = app.fake.lastView();
    expect(view).toBeDefined();
    return { res, call, view: view as NonNullable<typeof view> };
  }

  it('opens the questionnaire modal with every question as a yes/no choice', async () => {
    const { res, call } = await openQuestionnaire();
    expect(res.ms).toBeLessThan(3000);
    expect(call.ok).toBe(true);
    const view = call.args.view as object;
    const inputs = inputsOf(view);
    expect(inputs.map((i) => i.label)).toEqual(QUESTIONS.map((q) => q.text));
    for (const input of inputs) {
      expect(input.options?.map((o) => o.text)).toEqual(['Yes', 'No']);
      expect(input.optional).toBe(false);
    }
    expect(textOf(view)).toContain(QUESTIONS[0]?.hint);
  });

  it('places an operation with no agents honestly, stores it, and shows the stage, trap and next move', async () => {
    const { view } = await openQuestionnaire();
    const res = await app.submit(view, fillView(view, { ...ALL_NO, 'staff use AI tools': 'Yes' }));
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; view: object };
    expect(body.response_action).toBe('update');
    const shown = textOf(body.view);
    expect(shown).toContain('Stage 1 · Assisted');
    expect(shown).toMatch(/trap/i);
    expect(shown).toMatch(/next move/i);

    const stored = recentPlacements(app.bot.db, TEAM_ID, 10);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ userId: 'UALICE', final: 1, selfReported: 1 });
    expect(stored[0]?.answers.usesAiTools).toBe(true);
  });

  it('lets the records win: all yes with an empty registry lands low, and says which answers were overridden', async () => {
    const { view } = await openQuestionnaire();
    const res = await app.submit(view, fillView(view, ALL_YES));
    const shown = textOf((res.json() as { view: object }).view);
    expect(shown).toContain('Stage 1 · Assisted');
    expect(shown).toContain('Stage 4 · Embedded');
    expect(shown).toMatch(/records/i);
    expect(shown).toMatch(/skipping steps/i);
    const [stored] = recentPlacements(app.bot.db, TEAM_ID, 1);
    expect(stored).toMatchObject({ selfReported: 4, evidenceBased: 1, final: 1 });
    expect(stored?.overrides.map((o) => o.question)).toContain('agentInProduction');
  });

  it('answers a blank question with an inline error and stores nothing', async () => {
    const { view } = await openQuestionnaire();
    const values = fillView(view, { [QUESTIONS[0]?.text ?? '']: 'Yes' });
    const res = await app.submit(view, values);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toHaveLength(QUESTIONS.length - 1);
    expect(recentPlacements(app.bot.db, TEAM_ID, 10)).toHaveLength(0);
  });

  it('stores a retried submission once and answers the retry with the same result', async () => {
    const { view } = await openQuestionnaire();
    const values = fillView(view, ALL_NO);
    const first = await app.submit(view, values);
    const retry = await app.submit(view, values, 'UALICE', { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(textOf((retry.json() as { view: object }).view)).toBe(
      textOf((first.json() as { view: object }).view),
    );
    expect(recentPlacements(app.bot.db, TEAM_ID, 10)).toHaveLength(1);
  });

  it('refuses unsigned, stale and tampered requests with 401 and changes nothing', async () => {
    const { view } = await openQuestionnaire();
    const values = fillView(view, ALL_NO);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    for (const options of [{ unsigned: true }, { timestamp: sixMinutesAgo }, { tamper: true }]) {
      const res = await app.submit(view, values, 'UALICE', options);
      expect(res.status, JSON.stringify(options)).toBe(401);
    }
    expect(recentPlacements(app.bot.db, TEAM_ID, 10)).toHaveLength(0);
    app.fake.clear();
    const command = await app.command('', 'UALICE', 'CGENERAL', { tamper: true });
    expect(command.status).toBe(401);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('lists the placement history newest first, and help for anything it does not know', async () => {
    for (const answers of [ALL_NO, { ...ALL_NO, 'staff use AI tools': 'Yes' }]) {
      const { view } = await openQuestionnaire();
      await app.submit(view, fillView(view, answers));
      await app.fake.waitFor('views.publish');
      app.clock.advance(60_000);
    }
    const history = await app.command('history');
    const text = textOf((history.json() as { blocks: unknown[] }).blocks);
    expect(text.indexOf('Stage 1 · Assisted')).toBeGreaterThan(-1);
    expect(text.indexOf('Stage 1 · Assisted')).toBeLessThan(text.indexOf('Stage 0 · Curious'));

    const help = await app.command('help');
    expect(textOf((help.json() as { blocks: unknown[] }).blocks)).toContain('/maturity history');
    const unknown = await app.command('frobnicate <!channel>');
    const unknownText = textOf((unknown.json() as { blocks: unknown[] }).blocks);
    expect(unknownText).toContain('/maturity history');
    expect(unknown.text).not.toContain('<!channel>');
  });

  it('shows the latest placement on the Home tab with a button that opens the questionnaire again', async () => {
    const opened = await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: 'UBOB' }));
    expect(opened.status).toBe(200);
    await app.fake.waitFor('views.publish');
    expect(textOf(app.fake.homeView('UBOB'))).toMatch(/no placement yet/i);

    const { view } = await openQuestionnaire();
    await app.submit(view, fillView(view, { ...ALL_NO, 'staff use AI tools': 'Yes' }));
    await app.fake.waitFor('views.publish');
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: 'UBOB' }));
    await app.fake.waitFor('views.publish');
    const home = app.fake.homeView('UBOB');
    expect(textOf(home)).toContain('Stage 1 · Assisted');
    const again = buttonsOf(home).find((b) => b.actionId === PLACE_AGAIN_ACTION_ID);
    expect(again).toBeDefined();

    app.fake.clear();
    const click = await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user: 'UBOB',
        actionId: PLACE_AGAIN_ACTION_ID,
        blockId: again?.blockId,
        container: 'view',
        view: home,
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    expect(click.status).toBe(200);
    const reopened = await app.fake.waitFor('views.open');
    expect(inputsOf(reopened.args.view)).toHaveLength(QUESTIONS.length);
  });
});
