import { afterEach, describe, expect, it } from 'vitest';
import { revokeFeedToken } from '../../src/usecases/feeds.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import {
  connectFeed,
  OWNER,
  observation,
  postObservations,
  seedFeedWorkspace,
  storedObservations,
} from './feed-fixture.js';

describe('POST /api/v1/observations', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
  });

  async function start(env: Record<string, string> = {}) {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z', env });
    return seedFeedWorkspace(app, ['Order entry', 'Invoice matching']);
  }

  it('takes one observation, or a batch, with the agent token, and answers 202 with the counts', async () => {
    const [orderEntry = 0] = await start();
    const token = connectFeed(app, orderEntry);
    const one = await postObservations(app, token, observation('a-1', { at: '2026-11-24T08:30:00-06:00' }));
    expect(one).toMatchObject({ status: 202, body: { accepted: 1, ignored: 0, rejected: 0, problems: [] } });
    const batch = await postObservations(app, token, {
      observations: [
        observation('a-2', { dollar_value: 12.5, measures: { mean_confidence: 0.91 } }),
        observation('a-3'),
      ],
    });
    expect(batch.body).toEqual({ accepted: 2, ignored: 0, rejected: 0, problems: [] });
    const row = app.bot.db
      .prepare(
        'SELECT at, day, dollar_cents, measures, received_at FROM feed_observations WHERE client_id = ?',
      )
      .get('a-2') as Record<string, unknown>;
    // No time given: the time it arrived; dollars kept as cents; the day is the workspace's (Chicago).
    expect(row).toEqual({
      at: '2026-11-24T15:00:00.000Z',
      day: '2026-11-24',
      dollar_cents: 1250,
      measures: '{"mean_confidence":0.91}',
      received_at: '2026-11-24T15:00:00.000Z',
    });
    expect(storedObservations(app, orderEntry).map((o) => o.client_id)).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('refuses a missing, malformed or unknown token with 401 and keeps nothing', async () => {
    const [orderEntry = 0] = await start();
    connectFeed(app, orderEntry);
    for (const token of [null, '', 'mbf_not-a-real-token', 'xoxb-1-test-token']) {
      const sent = await postObservations(app, token, observation('x'));
      expect(sent.status).toBe(401);
      expect(sent.headers.get('www-authenticate')).toBe('Bearer');
      expect(sent.body).toMatchObject({ error: 'unauthorized' });
    }
    expect(storedObservations(app, orderEntry)).toEqual([]);
  });

  it("files what another agent's token sends under that agent, never under the one the sender meant", async () => {
    const [orderEntry = 0, invoices = 0] = await start();
    connectFeed(app, orderEntry);
    const invoiceToken = connectFeed(app, invoices);
    const sent = await postObservations(app, invoiceToken, observation('meant-for-order-entry'));
    expect(sent.status).toBe(202);
    expect(storedObservations(app, orderEntry)).toEqual([]);
    expect(storedObservations(app, invoices).map((o) => o.client_id)).toEqual(['meant-for-order-entry']);
  });

  it('stops a rotated, a revoked and a retired agent token at once', async () => {
    const [orderEntry = 0, invoices = 0] = await start();
    const first = connectFeed(app, orderEntry);
    const second = connectFeed(app, orderEntry);
    expect((await postObservations(app, first, observation('old'))).status).toBe(401);
    expect((await postObservations(app, second, observation('new'))).status).toBe(202);

    revokeFeedToken(app.bot.db, app.clock.now(), { teamId: TEAM_ID, agentId: orderEntry, actorId: OWNER });
    expect((await postObservations(app, second, observation('after-revoke'))).status).toBe(401);

    const invoiceToken = connectFeed(app, invoices);
    app.bot.db.prepare("UPDATE agents SET status = 'retired' WHERE id = ?").run(invoices);
    expect((await postObservations(app, invoiceToken, observation('retired'))).status).toBe(401);
    expect(storedObservations(app, orderEntry).map((o) => o.client_id)).toEqual(['new']);
    expect(storedObservations(app, invoices)).toEqual([]);
  });

  it('names each bad field of a malformed body and keeps nothing', async () => {
    const [orderEntry = 0] = await start();
    const token = connectFeed(app, orderEntry);
    expect((await postObservations(app, token, '{"id": "a",')).body).toMatchObject({
      error: 'malformed_json',
    });
    const bad = await postObservations(app, token, {
      id: '',
      at: '2026-11-24 08:30',
      cases_handled: -1,
      cases_handed_to_person: 'three',
      casesHandled: 4,
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body as { problems: { field: string }[] }).problems.map((p) => p.field).sort();
    expect(fields).toEqual(['at', 'casesHandled', 'cases_handed_to_person', 'cases_handled', 'id']);
    const tooMany = await postObservations(app, token, {
      observations: Array.from({ length: 501 }, (_, i) => observation(`b-${i}`)),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      problems: [{ field: 'observations', message: expect.stringContaining('at most 500') }],
    });
    const more = await postObservations(
      app,
      token,
      observation('c', { cases_handled: 2, cases_handed_to_person: 3 }),
    );
    expect(more.body).toMatchObject({
      problems: [{ field: 'cases_handed_to_person', message: 'must not be more than cases_handled' }],
    });
    expect(storedObservations(app, orderEntry)).toEqual([]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const [orderEntry = 0] = await start({ FEED_MAX_BODY_KB: '4' });
    const token = connectFeed(app, orderEntry);
    const big = { observations: Array.from({ length: 100 }, (_, i) => observation(`big-${i}`)) };
    const sent = await postObservations(app, token, big);
    expect(sent).toMatchObject({ status: 413, body: { error: 'too_large' } });
    expect(storedObservations(app, orderEntry)).toEqual([]);
  });

  it('keeps the good items of a batch, refuses the bad ones by index, and takes the fixed batch again', async () => {
    const [orderEntry = 0] = await start();
    const token = connectFeed(app, orderEntry);
    const batch = [
      observation('p-1'),
      observation('p-2', { cases_handled: 'ten' }),
      observation('p-3', { at: '2026-11-30T09:00:00-06:00' }),
      observation('p-4', { at: '2026-08-01T09:00:00-05:00' }),
      observation('p-5'),
    ];
    const sent = await postObservations(app, token, { observations: batch });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({
      accepted: 2,
      ignored: 0,
      rejected: 3,
      problems: [
        {
          field: 'observations[1].cases_handled',
          message: 'is required: a whole number of cases, 0 or more',
        },
        {
          field: 'observations[2].at',
          message: 'is in the future; send the time the cases were handled, with its offset',
        },
        { field: 'observations[3].at', message: 'is older than the 90 days of observations kept' },
      ],
    });
    expect(storedObservations(app, orderEntry).map((o) => o.client_id)).toEqual(['p-1', 'p-5']);

    // Fixed and sent again whole: the kept ones are repeats, the fixed one is new.
    batch[1] = observation('p-2');
    const again = await postObservations(app, token, { observations: [batch[0], batch[1], batch[4]] });
    expect(again.body).toEqual({ accepted: 1, ignored: 2, rejected: 0, problems: [] });
    expect(storedObservations(app, orderEntry).map((o) => o.client_id)).toEqual(['p-1', 'p-5', 'p-2']);
  });

  it('accepts a repeated id and ignores it, even with other numbers', async () => {
    const [orderEntry = 0] = await start();
    const token = connectFeed(app, orderEntry);
    await postObservations(app, token, observation('r-1', { cases_handled: 10 }));
    const repeat = await postObservations(app, token, observation('r-1', { cases_handled: 99 }));
    expect(repeat).toMatchObject({ status: 202, body: { accepted: 0, ignored: 1 } });
    const twiceInOne = await postObservations(app, token, {
      observations: [observation('r-2'), observation('r-2')],
    });
    expect(twiceInOne.body).toMatchObject({ accepted: 1, ignored: 1 });
    expect(storedObservations(app, orderEntry)).toEqual([
      { client_id: 'r-1', cases_handled: 10 },
      { client_id: 'r-2', cases_handled: 10 },
    ]);
  });

  it('limits requests per token per minute with 429 and Retry-After, then lets it in the next minute', async () => {
    const [orderEntry = 0, invoices = 0] = await start({ FEED_RATE_LIMIT_PER_MINUTE: '3' });
    const token = connectFeed(app, orderEntry);
    app.clock.set('2026-11-24T15:00:15Z');
    for (const id of ['l-1', 'l-2', 'l-3'])
      expect((await postObservations(app, token, observation(id))).status).toBe(202);
    const limited = await postObservations(app, token, observation('l-4'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.body).toMatchObject({ error: 'rate_limited' });
    // Another agent's token has its own allowance.
    expect((await postObservations(app, connectFeed(app, invoices), observation('other'))).status).toBe(202);
    app.clock.set('2026-11-24T15:01:00Z');
    expect((await postObservations(app, token, observation('l-4'))).status).toBe(202);
    expect(storedObservations(app, orderEntry).map((o) => o.client_id)).toEqual(['l-1', 'l-2', 'l-3', 'l-4']);
  });

  it('keeps only a fingerprint of the token', async () => {
    const [orderEntry = 0] = await start();
    const token = connectFeed(app, orderEntry);
    await postObservations(app, token, observation('s-1'));
    const tables = app.bot.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) {
      const rows = JSON.stringify(app.bot.db.prepare(`SELECT * FROM "${name}"`).all());
      expect(rows.includes(token), `${name} holds the token`).toBe(false);
    }
  });
});
