/**
 * Slack or the network away for 10 seconds, or for several minutes, in HTTP mode (Socket Mode's outages are in
 * socket-mode.test.ts): the person is told, the rituals wait or resume by themselves, nothing is lost or doubled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS } from '../../src/rituals/index.js';
import type { PacerClock } from '../../src/rituals/pacing.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { addPeople, dmsTo, PEOPLE, registerAgent } from './registry-fixtures.js';
import { ANN, BEN, fakePacerClock, pacedSlack, startReviewPlant, tick } from './value-review-fixture.js';

describe('HTTP mode through an outage', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  it('tells the person Slack is having trouble, then answers once it is back', async () => {
    app = await startTestApp();
    app.fake.startOutage();
    const responseUrl = app.fake.issueResponseUrl();
    const during = await app.slack.command({
      command: '/maturity',
      text: '',
      user_id: 'UALICE',
      team_id: TEAM_ID,
      channel_id: 'CGENERAL',
      trigger_id: app.fake.issueTriggerId(),
      response_url: responseUrl,
    });
    expect(during.status).toBe(200);
    const told = await app.fake.waitFor('response_url', () => true, 10_000);
    expect(String(told.args.text)).toContain('Slack is having trouble');

    app.fake.endOutage();
    app.fake.clear();
    await app.command('');
    expect((await app.fake.waitFor('views.open')).ok).toBe(true);
  });

  it('waits out a 10-second outage inside the fan-out: every owner prompted once', async () => {
    ({ app } = await startReviewPlant());
    const clock = fakePacerClock();
    app.fake.startOutage();
    // Slack comes back when the pacer has waited 10 seconds.
    const slack = pacedSlack(app, {
      now: clock.now,
      async sleep(ms) {
        await clock.sleep(ms);
        if (clock.now() >= 10_000) app.fake.endOutage();
      },
    } satisfies PacerClock);
    const report = await tick(app, '2026-11-02T15:00:00Z', { slack });
    expect(report.failed).toEqual([]);
    expect([ANN, BEN].map((owner) => app.fake.messages(owner).length)).toEqual([1, 1]);
  });

  it('gives up after minutes of outage without losing anything, and the next heartbeat sends it all once', async () => {
    ({ app } = await startReviewPlant());
    app.fake.startOutage();
    const during = await tick(app, '2026-11-02T15:00:00Z', { slack: pacedSlack(app, fakePacerClock()) });
    expect(during.failed).toHaveLength(1);
    expect([ANN, BEN].map((owner) => app.fake.messages(owner).length)).toEqual([0, 0]);

    app.fake.endOutage();
    const after = await tick(app, '2026-11-02T15:10:00Z', { slack: pacedSlack(app, fakePacerClock()) });
    expect(after.failed).toEqual([]);
    expect([ANN, BEN].map((owner) => app.fake.messages(owner).length)).toEqual([1, 1]);
  });
});

describe('Announcements after an action', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  it('are kept through a failed send and a restart, then sent once by the heartbeat', async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z', stopGraceMs: 200 });
    addPeople(app);
    // Slack fails the DM the registration announces, and the next try too.
    app.fake.failNext('chat.postMessage', { error: 'internal_error', times: 2 });
    await registerAgent(app, { 'Named owner': PEOPLE.owner }, PEOPLE.admin);
    expect(dmsTo(app, PEOPLE.owner)).toEqual([]);
    const pending = () =>
      app.bot.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number };
    expect(pending().n).toBe(1);

    await app.restart();
    expect(pending().n).toBe(1);
    const heartbeat = () => runDueChecks(app.bot.ritualDeps, CHECKS, app.clock.now());
    await heartbeat();
    await heartbeat();
    expect(dmsTo(app, PEOPLE.owner).map((m) => m.text)).toEqual([
      expect.stringContaining('registered *Order entry* and named you its owner'),
    ]);
    expect(pending().n).toBe(0);
  });
});
