import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type RunningBot, startBot } from '../../src/bot.js';
import { parseConfig } from '../../src/config.js';
import { BOT_TOKEN, TEAM_ID } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort } from '../support/process.js';
import { inputsOf, textOf } from '../support/read-view.js';

interface Ack {
  envelope_id: string;
  payload?: { blocks?: unknown[]; text?: string };
}

/**
 * In Socket Mode nothing answers an unacknowledged request for the app: Slack waits for an ack on the
 * socket, and the person sees a timeout without one. Here a WebSocket server plays Slack's socket.
 */
describe('Socket Mode', () => {
  let fake: FakeSlack;
  let server: WebSocketServer;
  let bot: RunningBot;
  let socket: Promise<WebSocket>;
  let dir: string;
  let port: number;

  beforeEach(async () => {
    fake = await startFakeSlack({ teamId: TEAM_ID });
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The WebSocket server has no port');
    fake.setSocketModeUrl(`ws://127.0.0.1:${address.port}/link`);
    socket = new Promise((resolve) =>
      server.once('connection', (ws) => {
        ws.send(
          JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKEAPP' } }),
        );
        resolve(ws);
      }),
    );
    dir = mkdtempSync(join(tmpdir(), 'maturity-socket-'));
    // Socket Mode serves only the health routes, on a port it does not report: the test picks one.
    port = await freePort();
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A0FAKEAPP-1-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      DATABASE_PATH: join(dir, 'test.db'),
      LOG_LEVEL: 'error',
    });
    bot = await startBot(config, { heartbeat: false });
  });

  afterEach(async () => {
    await bot.stop();
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sendCommand(text: string, triggerId: string): Promise<{ ack: Ack; ms: number }> {
    const ws = await socket;
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
    await socket;
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

  async function readiness(): Promise<{
    status: number;
    body: { ok: boolean; reason?: string; checks: Record<string, string> };
  }> {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; checks: Record<string, string> },
    };
  }

  async function readyzUntil(status: number): Promise<Awaited<ReturnType<typeof readiness>>> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const answer = await readiness();
      if (answer.status === status) return answer;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`/readyz never answered ${status}`);
  }

  it('is not ready while Slack has dropped the socket, and ready again once it is back', async () => {
    const first = await socket;
    expect(await readyzUntil(200)).toMatchObject({
      body: { ok: true, checks: { socket: 'connected', slack: 'reachable' } },
    });

    // Slack drops the connection; the client reconnects, but Slack holds back its hello for now.
    const reconnected = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    first.terminate();
    const down = await readyzUntil(503);
    expect(down.body).toMatchObject({
      ok: false,
      reason: 'the Socket Mode connection to Slack is down',
      checks: { socket: 'disconnected', database: 'open' },
    });
    const liveness = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(liveness.status).toBe(200);

    (await reconnected).send(
      JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKEAPP' } }),
    );
    expect((await readyzUntil(200)).body.checks.socket).toBe('connected');
  });
});
