import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackTooSlowError, withDeadline } from '../../src/slack/deadline.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Slack waits 3 seconds for an answer. When its own users.info is rate-limited for longer than that, the
 * app still answers in time, politely, instead of leaving the person with a timeout.
 */
describe('a slow or rate-limited Slack', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    app.fake.setUser({ id: 'UADMIN', is_admin: true, tz: 'America/Chicago' });
  });
  afterEach(async () => {
    await app.close();
  });

  it('answers /maturity settings within 3 seconds when users.info is rate-limited', async () => {
    app.fake.failNext('users.info', { status: 429, retryAfter: 5, times: 3 });
    const res = await app.command('settings', 'UADMIN');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const body = res.json() as { text: string };
    expect(body.text).toMatch(/slack is having trouble/i);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('falls back on what it learnt earlier when Slack is slow the second time', async () => {
    const first = await app.command('settings', 'UADMIN');
    expect(first.status).toBe(200);
    await app.fake.waitFor('views.open');
    app.fake.clear();
    app.clock.advance(10 * 60_000); // past the cache's freshness
    app.fake.failNext('users.info', { status: 429, retryAfter: 5, times: 3 });
    const second = await app.command('settings', 'UADMIN');
    expect(second.ms).toBeLessThan(3000);
    const opened = await app.fake.waitFor('views.open');
    expect(opened.ok).toBe(true);
    expect(app.fake.callsTo('users.info').length).toBeGreaterThan(0);
  });

  it('keeps a submitted modal open, with what was typed, when Slack is busy', async () => {
    await app.command('settings', 'UADMIN');
    await app.fake.waitFor('views.open');
    const view = app.fake.lastView();
    app.fake.setUser({ id: 'UADMIN2', is_admin: true });
    app.fake.failNext('users.info', { status: 429, retryAfter: 5, times: 3 });
    const res = await app.submit(view as object, {}, 'UADMIN2');
    expect(res.ms).toBeLessThan(3000);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors).join(' ')).toMatch(/slack is having trouble/i);
  });
});

describe('withDeadline', () => {
  it('gives up on a call that does not answer in time', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 'users.info', 20)).rejects.toBeInstanceOf(SlackTooSlowError);
  });

  it('passes an answer that comes in time through', async () => {
    await expect(withDeadline(Promise.resolve('ok'), 'users.info', 1000)).resolves.toBe('ok');
  });
});
