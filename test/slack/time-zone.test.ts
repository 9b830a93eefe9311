import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import { getWorkspace } from '../../src/store/workspaces.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { appHomeOpenedEvent } from '../support/slack-request.js';

describe("the workspace's time zone before anyone sets it", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    app.fake.setUser({ id: 'UMEMBER', tz: 'Asia/Tokyo' });
    app.fake.setUser({ id: 'UADMIN', tz: 'Europe/Berlin', is_admin: true });
    app.fake.setUser({ id: 'UADMIN2', tz: 'America/Chicago', is_admin: true });
  });
  afterEach(async () => {
    await app.close();
  });

  async function openHome(user: string) {
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user }));
    await app.fake.waitFor('views.publish');
  }

  it("is the first admin's Slack time zone, recorded, and never overwritten by a later admin", async () => {
    await openHome('UMEMBER');
    expect(getWorkspace(app.bot.db, TEAM_ID)?.timeZone).toBeNull();
    await openHome('UADMIN');
    expect(getWorkspace(app.bot.db, TEAM_ID)?.timeZone).toBe('Europe/Berlin');
    await openHome('UADMIN2');
    expect(getWorkspace(app.bot.db, TEAM_ID)?.timeZone).toBe('Europe/Berlin');
    expect(auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID)).toMatchObject([
      { actorId: 'UADMIN', action: 'time_zone_adopted', after: { timeZone: 'Europe/Berlin' } },
    ]);
  });
});
