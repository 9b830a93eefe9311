/**
 * Slack or the network away for 10 seconds, or for several minutes: the app lives through it in both modes,
 * comes back by itself, and answers the next command. Time is compressed: the backoff between tries is
 * shrunk by the same factor as the outage, so a five-minute outage sees as many failed tries as a real one.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type RunningBot, startBot } from '../../src/bot.js';
import { parseConfig } from '../../src/config.js';
import { runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS } from '../../src/rituals/index.js';
import type { PacerClock } from '../../src/rituals/pacing.js';
import type { SocketReconnect } from '../../src/slack/app.js';
import { BOT_TOKEN, startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { addPeople, dmsTo, PEOPLE, registerAgent } from './registry-fixtures.js';
import { ANN, BEN, fakePacerClock, pacedSlack, startReviewPlant, tick } from './value-review-fixture.js';

/** Real Socket Mode timing is 1 s to 30 s between tries and a 5 s ping timeout; here 200 times shorter. */
const COMPRESSION = 200;
const FAST: SocketReconnect = { minMs: 5, maxMs: 150, pingTimeoutMs: 100 };
const TEN_SECONDS = 10_000 / COMPRESSION;
const FIVE_MINUTES = 300_000 / COMPRESSION;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Socket Mode through an outage', () => {
  let fake: FakeSlack;
  let server: WebSocketServer;
  let bot: RunningBot;
  let dir: string;
  /** Slack's side of the socket: refuses connections while down; the latest live one otherwise. */
  let down = false;
  let sockets: WebSocket[] = [];

  async function startSocketApp(): Promise<void> {
    fake = await startFakeSlack({ teamId: TEAM_ID });
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The WebSocket server has no port');
    fake.setSocketModeUrl(`ws://127.0.0.1:${address.port}/link`);
    server.on('connection', (ws) => {
      if (down) {
        ws.terminate();
        return;
      }
      sockets.push(ws);
      ws.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKEAPP' } }),
      );
    });
    dir = mkdtempSync(join(tmpdir(), 'maturity-outage-'));
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A0FAKEAPP-1-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: join(dir, 'test.db'),
      LOG_LEVEL: 'error',
    });
    bot = await startBot(config, { heartbeat: false, reconnect: FAST });
  }

  afterEach(async () => {
    await bot.stop();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    down = false;
    sockets = [];
  });

  async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('Condition not met in time');
      await sleep(10);
    }
  }

  /** Slack and the network go away for `ms`: the socket drops, and neither the API nor the socket answers. */
  async function outage(ms: number): Promise<void> {
    down = true;
    fake.startOutage();
    for (const ws of sockets) ws.terminate();
    sockets = [];
    await sleep(ms);
    down = false;
    fake.endOutage();
  }

  /** `/maturity` typed in Slack, over the newest socket; resolves with the acknowledgement. */
  async function command(text: string): Promise<{ envelope_id: string }> {
    const ws = sockets.at(-1);
    if (!ws) throw new Error('No socket connected');
    const envelopeId = randomUUID();
    const acked = new Promise<{ envelope_id: string }>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { envelope_id: string };
        if (message.envelope_id === envelopeId) resolve(message);
      });
    });
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          team_id: TEAM_ID,
          channel_id: 'CGENERAL',
          user_id: 'UALICE',
          command: '/maturity',
          text,
          api_app_id: 'A0FAKEAPP',
          response_url: fake.issueResponseUrl(),
          trigger_id: fake.issueTriggerId(),
        },
      }),
    );
    return acked;
  }

  for (const [name, ms] of [
    ['10 seconds', TEN_SECONDS],
    ['five minutes', FIVE_MINUTES],
  ] as const) {
    it(`lives through ${name} without Slack, reconnects by itself, and answers the next command`, async () => {
      await startSocketApp();
      await until(() => bot.connection() === 'connected');
      const opened = fake.callsTo('apps.connections.open').length;

      await outage(ms);
      await until(() => bot.connection() === 'connected' && sockets.length > 0);
      expect(fake.callsTo('apps.connections.open').length).toBeGreaterThan(opened);

      fake.clear();
      await command('');
      const view = await fake.waitFor('views.open');
      expect(view.ok).toBe(true);
    });
  }
});

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
