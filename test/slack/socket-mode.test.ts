import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type RunningBot, startBot } from '../../src/bot.js';
import { parseConfig } from '../../src/config.js';
import type { SocketReconnect } from '../../src/slack/app.js';
import { BOT_TOKEN, TEAM_ID } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { inputsOf, textOf } from '../support/read-view.js';

interface Ack {
  envelope_id: string;
  payload?: { blocks?: unknown[]; text?: string };
}

/**
 * In Socket Mode nothing answers an unacknowledged request for the app: Slack waits for an ack on the
 * socket, and the person sees a timeout without one. Here a WebSocket server plays Slack's socket.
 */
/** Real Socket Mode timing is 1 s to 30 s between tries and a 5 s ping timeout; here 200 times shorter. */
const COMPRESSION = 200;
const FAST: SocketReconnect = { minMs: 5, maxMs: 150, pingTimeoutMs: 100 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await sleep(10);
  }
}

describe('Socket Mode', () => {
  let fake: FakeSlack;
  let server: WebSocketServer;
  let bot: RunningBot;
  let dir: string;
  /** Slack's side of the socket: refuses connections while down, says hello otherwise. */
  let down = false;
  let sockets: WebSocket[] = [];

  beforeEach(async () => {
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
    dir = mkdtempSync(join(tmpdir(), 'maturity-socket-'));
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A0FAKEAPP-1-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: join(dir, 'test.db'),
      LOG_LEVEL: 'error',
    });
    bot = await startBot(config, { heartbeat: false, reconnect: FAST });
    await until(() => bot.connection() === 'connected' && sockets.length > 0);
  });

  afterEach(async () => {
    await bot.stop();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    down = false;
    sockets = [];
  });

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

  async function sendCommand(text: string, triggerId: string): Promise<{ ack: Ack; ms: number }> {
    const ws = sockets.at(-1);
    if (!ws) throw new Error('No socket connected');
    const envelopeId = randomUUID();
    const started = Date.now();
    const acked = new Promise<Ack>((resolve) => {
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as Ack;
        if (message.envelope_id !== envelopeId) return;
        ws.off('message', onMessage);
        resolve(message);
      };
      ws.on('message', onMessage);
    });
    ws.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 'unused',
          team_id: TEAM_ID,
          team_domain: 'fake-plant',
          channel_id: 'CGENERAL',
          channel_name: 'general',
          user_id: 'UALICE',
          user_name: 'alice',
          command: '/maturity',
          text,
          api_app_id: 'A0FAKEAPP',
          is_enterprise_install: 'false',
          response_url: 'https://hooks.slack.com/commands/unused',
          trigger_id: triggerId,
        },
      }),
    );
    return { ack: await acked, ms: Date.now() - started };
  }

  it('connects through apps.connections.open at the configured API URL', async () => {
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it('acknowledges /maturity on the socket and opens the questionnaire', async () => {
    const { ack, ms } = await sendCommand('', fake.issueTriggerId());
    expect(ms).toBeLessThan(3000);
    expect(ack.payload?.blocks ?? []).toEqual([]);
    const opened = await fake.waitFor('views.open');
    expect(inputsOf(opened.args.view).length).toBeGreaterThan(0);
  });

  it('answers words it does not know with the help, in the acknowledgement', async () => {
    const { ack, ms } = await sendCommand('frobnicate', fake.issueTriggerId());
    expect(ms).toBeLessThan(3000);
    expect(textOf(ack.payload?.blocks)).toContain('/maturity history');
  });

  // Time is compressed: the backoff between tries shrinks by the same factor as the outage, so a five-minute
  // outage sees as many failed tries as a real one.
  for (const [name, ms] of [
    ['10 seconds', 10_000 / COMPRESSION],
    ['five minutes', 300_000 / COMPRESSION],
  ] as const) {
    it(`lives through ${name} without Slack, reconnects by itself, and answers the next command`, async () => {
      const opened = fake.callsTo('apps.connections.open').length;
      await outage(ms);
      await until(() => bot.connection() === 'connected' && sockets.length > 0);
      expect(fake.callsTo('apps.connections.open').length).toBeGreaterThan(opened);

      fake.clear();
      await sendCommand('', fake.issueTriggerId());
      expect((await fake.waitFor('views.open')).ok).toBe(true);
    });
  }
});
