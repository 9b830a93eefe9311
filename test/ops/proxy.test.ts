/**
 * Behind a plant's proxy: the Web API calls and the Socket Mode WebSocket both go through the proxy the
 * configuration names, and hosts in NO_PROXY go straight. (The fake Slack speaks http://, so HTTP_PROXY is
 * the variable that applies to it; HTTPS_PROXY takes the same path for https://slack.com.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { type RunningBot, startBot } from '../../src/bot.js';
import { parseClientConfig, parseConfig } from '../../src/config.js';
import { clientOptions, slackTransport } from '../../src/slack/connection.js';
import { BOT_TOKEN, TEAM_ID } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

/** A forwarding proxy that remembers every host:port it was asked for, tunnelled or not. */
async function startProxy(): Promise<{ url: string; targets: string[]; server: Server }> {
  const targets: string[] = [];
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    targets.push(target.host);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, targets, server };
}

let fake: FakeSlack;
let proxy: Awaited<ReturnType<typeof startProxy>>;

beforeEach(async () => {
  fake = await startFakeSlack({ teamId: TEAM_ID });
  proxy = await startProxy();
});

afterEach(async () => {
  proxy.server.closeAllConnections();
  await new Promise((resolve) => proxy.server.close(resolve));
  await fake.close();
});

const fakeHost = () => new URL(fake.apiUrl).host;

describe('behind a proxy', () => {
  it('sends Web API calls through it, except to the hosts in NO_PROXY', async () => {
    const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl, HTTP_PROXY: proxy.url };
    const proxied = parseClientConfig(env);
    const client = new WebClient(BOT_TOKEN, clientOptions(proxied, slackTransport(proxied.proxy)));
    await expect(client.auth.test()).resolves.toMatchObject({ team_id: TEAM_ID });
    expect(proxy.targets).toEqual([fakeHost()]);

    const bypassed = parseClientConfig({ ...env, NO_PROXY: 'localhost,127.0.0.1' });
    const direct = new WebClient(BOT_TOKEN, clientOptions(bypassed, slackTransport(bypassed.proxy)));
    await expect(direct.auth.test()).resolves.toMatchObject({ team_id: TEAM_ID });
    expect(proxy.targets).toEqual([fakeHost()]);
    expect(fake.callsTo('auth.test')).toHaveLength(2);
  });

  it('opens the Socket Mode WebSocket through it', async () => {
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => sockets.once('listening', () => resolve()));
    const address = sockets.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    fake.setSocketModeUrl(`ws://127.0.0.1:${address.port}/link`);
    sockets.on('connection', (ws) =>
      ws.send(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0FAKEAPP' } }),
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'maturity-proxy-'));
    let bot: RunningBot | undefined;
    try {
      const config = parseConfig({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: 'xapp-1-A0FAKEAPP-1-test',
        SLACK_API_URL: fake.apiUrl,
        HTTP_PROXY: proxy.url,
        PORT: '0',
        DATABASE_PATH: join(dir, 'test.db'),
        LOG_LEVEL: 'error',
      });
      bot = await startBot(config, { heartbeat: false });
      expect(proxy.targets).toContain(`127.0.0.1:${address.port}`);
      // auth.test at start-up and apps.connections.open, both through the proxy too.
      expect(proxy.targets.filter((t) => t === fakeHost()).length).toBeGreaterThanOrEqual(1);
      expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    } finally {
      await bot?.stop();
      for (const client of sockets.clients) client.terminate();
      await new Promise((resolve) => sockets.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
