/**
 * The app as `npm start` runs it, stopped the way a supervisor stops it (SIGTERM) while a listener is still
 * working after its acknowledgement: the work reaches Slack, the process exits 0, and nothing is logged as an error.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, TEAM_ID } from './support/app.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { appHomeOpenedEvent, SlackRequester } from './support/slack-request.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 60_000;

let fake: FakeSlack;
let dir: string;

beforeEach(async () => {
  fake = await startFakeSlack({ teamId: TEAM_ID });
  dir = mkdtempSync(join(tmpdir(), 'maturity-stop-'));
});

afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it(
  'SIGTERM during a listener: its work after the ack reaches Slack, then the app exits 0 with no error',
  async () => {
    const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        DATABASE_PATH: join(dir, 'maturity.db'),
        LOG_LEVEL: 'info',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + TIMEOUT_MS / 2;
    let port: string | undefined;
    while (port === undefined) {
      port = /listening on port (\d+)/.exec(output)?.[1];
      if (Date.now() > deadline) throw new Error(`The app did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const slack = new SlackRequester({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET });

    // The Home tab asks Slack who the person is before publishing: Slack is slow to answer that.
    fake.slowDown('users.info', 1000);
    const acked = await slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: 'UALICE' }));
    expect(acked.status).toBe(200);
    await fake.waitFor('users.info');
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(fake.callsTo('views.publish').map((call) => call.ok)).toEqual([true]);
    expect(output).toContain('SIGTERM received, shutting down');
    expect(output).not.toMatch(/ERROR/);
  },
  TIMEOUT_MS,
);
