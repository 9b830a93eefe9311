/**
 * The bot started as `npm start` starts it (its own process, configured through the environment) against the
 * fake Slack: what it logs when it comes up, and what it says when it cannot.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { BOT_TOKEN, SIGNING_SECRET, TEAM_ID } from '../support/app.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort, ROOT, type Spawned, spawnNode } from '../support/process.js';
import { seedWorkspace } from '../support/seed.js';

const MAIN = join(ROOT, 'src/main.ts');
const TIMEOUT_MS = 60_000;

let fake: FakeSlack;
let dir: string;
let running: Spawned[] = [];

beforeEach(async () => {
  fake = await startFakeSlack({ teamId: TEAM_ID });
  dir = mkdtempSync(join(tmpdir(), 'maturity-startup-'));
});

afterEach(async () => {
  await Promise.all(running.map((bot) => bot.stop()));
  running = [];
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function startBot(env: Record<string, string | undefined>): Spawned {
  const bot = spawnNode(MAIN, [], {
    cwd: dir,
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_PATH: join(dir, 'maturity.db'),
      NODE_ENV: 'production',
      ...env,
    },
  });
  running.push(bot);
  return bot;
}

/** The one error line a failed start-up ends with, and the exit code; never a stack trace. */
async function failure(bot: Spawned): Promise<string> {
  const { code, stdout, stderr } = await bot.done;
  expect(code).toBe(1);
  expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
  const last = bot.jsonLines.at(-1);
  expect(last?.level).toBe('error');
  return String(last?.msg);
}

describe('start-up', () => {
  it(
    'logs JSON lines naming the mode, workspace, database, migrations and schedule, and no secret at all',
    async () => {
      const databasePath = join(dir, 'maturity.db');
      const db = openDatabase(databasePath);
      seedWorkspace(db, { createdAt: '2026-10-10T12:00:00Z', timeZone: 'America/Chicago' });
      db.close();
      // Debug level: Bolt and its Web API client log every request they make, tokens within reach.
      const bot = startBot({ LOG_LEVEL: 'debug' });
      const [, port] = await bot.waitFor(/"event":"startup"[^\n]*"port":(\d+)/);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await bot.stop();

      const lines = bot.jsonLines;
      for (const line of lines) expect(String(line.time)).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
      expect(lines.find((l) => l.event === 'startup')).toMatchObject({
        level: 'info',
        mode: 'http',
        teamId: TEAM_ID,
        workspace: 'Fake Plant',
        database: databasePath,
        migrations: expect.stringMatching(/^none \(schema version \d+\)$/),
      });
      expect(lines.filter((l) => l.event === 'schedule').map((l) => l.ritual)).toEqual([
        'value-review',
        'kill-or-scale',
      ]);
      // Bolt's own lines come through the same logger, in the same format.
      expect(lines.some((l) => l.level === 'debug' && String(l.msg).includes('apiCall'))).toBe(true);
      expect(bot.stdout).not.toContain(BOT_TOKEN);
      expect(bot.stdout).not.toContain(SIGNING_SECRET);
      expect(bot.stdout).not.toMatch(/xox[a-z]-/);
    },
    TIMEOUT_MS,
  );

  it(
    'names DATABASE_PATH, its absolute path and why it cannot be opened',
    async () => {
      const folder = join(dir, 'a-folder');
      mkdirSync(folder);
      writeFileSync(join(dir, 'plain-file'), 'not a folder');
      const under = join(dir, 'plain-file', 'db', 'maturity.db');
      const [inFolder, underFile] = await Promise.all([
        failure(startBot({ DATABASE_PATH: 'a-folder' })),
        failure(startBot({ DATABASE_PATH: under })),
      ]);
      expect(inFolder).toBe(
        `maturity-bot cannot start: DATABASE_PATH ${folder} cannot be opened: it is a folder, not a file. Point DATABASE_PATH at a file, like ${join(folder, 'maturity.db')}.`,
      );
      expect(underFile).toBe(
        `maturity-bot cannot start: DATABASE_PATH ${under} cannot be opened: the folder ${join(dir, 'plain-file', 'db')} does not exist and cannot be created: part of that path is a file.`,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'names the token Slack refuses',
    async () => {
      fake.failNext('auth.test', { error: 'invalid_auth' });
      const bot = startBot({});
      expect(await failure(bot)).toBe('maturity-bot cannot start: 1 configuration problem(s), listed above.');
      expect(bot.jsonLines.find((l) => l.event === 'config.problem')).toMatchObject({
        variable: 'SLACK_BOT_TOKEN',
        msg: expect.stringMatching(/^SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)/),
      });
      fake.failNext('apps.connections.open', { error: 'invalid_auth' });
      const socket = startBot({
        SLACK_SIGNING_SECRET: undefined,
        SLACK_APP_TOKEN: 'xapp-1-A0FAKEAPP-1-revoked',
      });
      await failure(socket);
      expect(socket.jsonLines.find((l) => l.event === 'config.problem')).toMatchObject({
        variable: 'SLACK_APP_TOKEN',
        msg: expect.stringMatching(/^SLACK_APP_TOKEN was refused by Slack \(invalid_auth\)/),
      });
      expect(socket.stdout).not.toContain('xapp-1-A0FAKEAPP-1-revoked');
    },
    TIMEOUT_MS,
  );

  it(
    'answers health and the feed intake while start-up waits for Slack, then hands the port to the bot',
    async () => {
      const port = await freePort();
      fake.startOutage();
      const bot = startBot({ PORT: String(port) });
      await bot.waitFor(/Slack could not be reached/);
      const base = `http://127.0.0.1:${port}`;
      // The process is alive and its database answers; it is not ready, and says why.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const waiting = await fetch(`${base}/readyz`);
      expect(waiting.status).toBe(503);
      expect(await waiting.json()).toMatchObject({
        ok: false,
        reason: expect.stringContaining('Slack did not answer'),
      });
      expect((await fetch(`${base}/api/v1/openapi.json`)).status).toBe(200);
      expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);

      fake.endOutage();
      await bot.waitFor(/"event":"startup"/);
      // Bolt now serves the port: Slack's endpoint answers (an unsigned request is refused), and health still does.
      expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    },
    TIMEOUT_MS,
  );

  it(
    'says Slack could not be reached, where, and what to check',
    async () => {
      const closed = await freePort();
      const bot = startBot({ SLACK_API_URL: `http://127.0.0.1:${closed}/api/` });
      // Start-up waits for Slack, saying each time what happened, what to check and when it tries again.
      const [line] = await bot.waitFor(/"msg":"[^"]*Slack could not be reached[^"]*Trying again in \d+ s\."/);
      expect(line).toContain(`at http://127.0.0.1:${closed}/api/`);
      expect(line).toContain('ECONNREFUSED');
      expect(line).toContain('HTTPS_PROXY, NO_PROXY');
      expect(bot.stdout).not.toMatch(/^\s+at /m);
    },
    TIMEOUT_MS,
  );
});
