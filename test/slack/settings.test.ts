import { describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import { getWorkspace } from '../../src/store/workspaces.js';
import { SETTINGS_BLOCKS } from '../../src/views/settings/form.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import { fillView, inputsOf, textOf } from '../support/read-view.js';
import { modalOpened, nameRoles, PEOPLE, submitted, withPeopleEachTest } from './registry-fixtures.js';

describe('/maturity settings, end to end', () => {
  let app: TestApp;
  withPeopleEachTest('2026-11-24T15:00:00Z', (started) => {
    app = started;
  });

  it('refuses a member politely, in an ephemeral answer, and opens nothing', async () => {
    app.fake.clear();
    const res = await app.command('settings', PEOPLE.member);
    const body = res.json() as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/only workspace admins and the portfolio owner/i);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(app.fake.callsTo('users.info').map((c) => c.args.user)).toContain(PEOPLE.member);
  });

  it("opens for an admin, prefilled with the admin's own Slack time zone and USD", async () => {
    app.fake.clear();
    await app.command('settings', PEOPLE.admin);
    const view = await modalOpened(app, 'settings');
    const labels = inputsOf(view).map((i) => i.label);
    expect(labels).toEqual([
      'Who owns the portfolio?',
      'Who is on the leadership team?',
      'Or a Slack user group for leadership (group ID)',
      'Where does the monthly value review post?',
      'Where does the quarterly kill-or-scale vote post?',
      'Workspace time zone',
      'Currency for dollar numbers (ISO code)',
    ]);
    const values = fillView(view, {});
    expect(values[SETTINGS_BLOCKS.timeZone]?.value?.selected_option?.value).toBe('America/Chicago');
    expect(values[SETTINGS_BLOCKS.currency]?.value?.value).toBe('USD');
  });

  it('saves every setting with an audit row, and shows what was saved', async () => {
    app.fake.setUserGroup('S0LEADS', [PEOPLE.leader]);
    app.fake.clear();
    await app.command('settings', PEOPLE.admin);
    const view = await modalOpened(app, 'settings');
    const values = fillView(view, {
      'Who owns the portfolio': PEOPLE.portfolioOwner,
      'Who is on the leadership team': [PEOPLE.leader, PEOPLE.admin],
      'Slack user group': 's0leads',
      'monthly value review': 'CREVIEW',
      'kill-or-scale vote': 'GLEADS',
      'time zone': 'Europe/Berlin',
      Currency: 'eur',
    });
    const res = await app.submit(view, values, PEOPLE.admin);
    const answer = await submitted(res);
    expect(answer.response_action).toBe('update');
    const shown = textOf(answer.view);
    expect(shown).toContain(`<@${PEOPLE.portfolioOwner}>`);
    expect(shown).toContain('Europe/Berlin');
    expect(shown).toContain('EUR');
    expect(app.events('settings.saved')).toEqual([
      expect.objectContaining({
        teamId: TEAM_ID,
        actorId: PEOPLE.admin,
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      }),
    ]);

    expect(getWorkspace(app.bot.db, TEAM_ID)).toMatchObject({
      portfolioOwnerId: PEOPLE.portfolioOwner,
      leadershipUserIds: [PEOPLE.leader, PEOPLE.admin],
      leadershipGroupId: 'S0LEADS',
      reviewChannelId: 'CREVIEW',
      leadershipChannelId: 'GLEADS',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
    });
    const [audit] = auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID);
    expect(audit).toMatchObject({ actorId: PEOPLE.admin, action: 'settings' });
    expect(audit?.before).toMatchObject({ portfolioOwnerId: null, currency: 'USD' });
    expect(audit?.after).toMatchObject({ portfolioOwnerId: PEOPLE.portfolioOwner, currency: 'EUR' });
    await app.fake.waitFor('views.publish');

    // Slack retries the same submission: the settings stand, and the audit log does not say it twice.
    const retry = await submitted(
      await app.submit(view, values, PEOPLE.admin, { retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(retry.response_action).toBe('update');
    expect(auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID)).toHaveLength(1);
  });

  it('answers bad input inline and saves nothing', async () => {
    app.fake.clear();
    await app.command('settings', PEOPLE.admin);
    const view = await modalOpened(app, 'settings');
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ Currency: 'Dollars' }, SETTINGS_BLOCKS.currency, /three-letter currency code/],
      [{ 'Slack user group': '@plant-leads' }, SETTINGS_BLOCKS.leadershipGroup, /starts with S/],
      [{ 'Slack user group': 'S0NOSUCH' }, SETTINGS_BLOCKS.leadershipGroup, /no user group with that ID/],
    ];
    for (const [answers, blockId, message] of cases) {
      const answer = await submitted(await app.submit(view, fillView(view, answers), PEOPLE.admin));
      expect(answer.response_action).toBe('errors');
      expect(answer.errors?.[blockId]).toMatch(message);
    }
    expect(getWorkspace(app.bot.db, TEAM_ID)).toMatchObject({
      portfolioOwnerId: null,
      currency: 'USD',
      timeZone: null,
    });
    expect(auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID)).toHaveLength(0);
  });

  it('lets the portfolio owner in once named, and still refuses everyone else', async () => {
    expect((await app.command('settings', PEOPLE.portfolioOwner)).json()).toMatchObject({
      response_type: 'ephemeral',
    });
    await nameRoles(app, { portfolioOwner: PEOPLE.portfolioOwner });

    app.fake.clear();
    const owner = await app.command('settings', PEOPLE.portfolioOwner);
    expect(owner.text).toBe('');
    const view = await modalOpened(app, 'settings');
    expect(fillView(view, {})[SETTINGS_BLOCKS.portfolioOwner]?.value?.selected_user).toBe(
      PEOPLE.portfolioOwner,
    );

    const member = (await app.command('settings', PEOPLE.member)).json() as { text: string };
    expect(member.text).toContain(`<@${PEOPLE.portfolioOwner}>`);
  });

  it('refuses a submission from someone who lost the right after the modal opened', async () => {
    app.fake.clear();
    await app.command('settings', PEOPLE.admin);
    const view = await modalOpened(app, 'settings');
    const answer = await submitted(
      await app.submit(view, fillView(view, { Currency: 'CAD' }), PEOPLE.member),
    );
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toMatch(/only workspace admins/i);
    expect(getWorkspace(app.bot.db, TEAM_ID)?.currency).toBe('USD');
  });
});
