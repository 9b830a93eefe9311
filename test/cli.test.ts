/**
 * The operator CLI against a temporary database and the fake Slack: its commands in-process through runCli, as
 * the bin calls it; and, where only a real process shows it (a kill, a signal, two processes at once, a relative
 * DATABASE_PATH read from cron's folder), `src/cli.ts ...` in its own node process through tsx's loader.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '@slack/bolt';
import { LogLevel, WebClient } from '@slack/web-api';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.js';
import { RITUALS } from '../src/rituals/index.js';
import { runDueRituals } from '../src/rituals/runner.js';
import { openDatabase } from '../src/store/db.js';
import { BOT_TOKEN, TEAM_ID } from './support/app.js';
import { type FakeSlack, startFakeSlack } from './support/fake-slack.js';
import { seedAgent, seedWorkspace } from './support/seed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI_TIMEOUT_MS = 120_000;

let fake: FakeSlack;
let dir: string;
let databasePath: string;

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * What the CLI is given by default: the database only, no Slack variable at all, as a backup cron job has; and
 * for `rituals run`, the bot token and where Slack is.
 */
const cliEnv = (args: readonly string[]): NodeJS.ProcessEnv => ({
  DATABASE_PATH: databasePath,
  LOG_LEVEL: 'error',
  ...(args[1] === 'run' ? { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.apiUrl } : {}),
});

/** A stream that keeps what is written to it, for the test to read. */
function collector(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * The CLI in this process. `env` adds to (or, with undefined, takes out of) what the CLI is given. No signal
 * stops it: the tests that stop a run do it to a real process.
 */
async function cliWith(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    env: { ...cliEnv(args), ...env },
    stdout: stdout.stream,
    stderr: stderr.stream,
    stopSignal: () => new AbortController().signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const cli = (...args: string[]) => cliWith(args);

/** The CLI as an operator runs it, in its own node process; `env` as for cliWith, on top of PATH and HOME. */
function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src/cli.ts'), ...args], {
    cwd,
    // Its own process group, so a test can kill it and anything under it together.
    detached: true,
    // Only what the CLI needs: nothing of the developer's own Slack settings leaks in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      ...cliEnv(args),
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

function withDb<T>(use: (db: Database.Database) => T): T {
  const db = new Database(databasePath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** The schema in place, as `maturity migrate` (tested on its own) leaves it; in-process, to save a spawn. */
function createDatabase(): void {
  openDatabase(databasePath).close();
}

function seedPlant(owners: readonly string[]): void {
  withDb((db) => {
    seedWorkspace(db, {
      createdAt: '2026-10-10T12:00:00Z',
      timeZone: 'America/Chicago',
      reviewChannelId: 'CREVIEW',
    });
    for (const [i, ownerId] of owners.entries()) seedAgent(db, { name: `Agent ${i}`, ownerId });
  });
}

function promptsRecorded(): number {
  return withDb(
    (db) =>
      (db.prepare("SELECT COUNT(*) AS n FROM ritual_steps WHERE step LIKE 'prompt:%'").get() as { n: number })
        .n,
  );
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function acceptedDms(owners: readonly string[]): number[] {
  return owners.map((owner) => fake.messages(owner).length);
}

beforeEach(async () => {
  fake = await startFakeSlack({ teamId: TEAM_ID });
  dir = mkdtempSync(join(tmpdir(), 'maturity-cli-'));
  databasePath = join(dir, 'maturity.db');
});

afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('maturity migrate', () => {
  it(
    'creates the schema once and says so',
    async () => {
      const first = await cli('migrate');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/schema version \d+ \(migrated from version 0, \d+ applied\)/);
      const again = await cli('migrate');
      expect(again.stdout).toContain('already up to date');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'asks for a bot token only to run the rituals, in its own words',
    async () => {
      createDatabase();
      const run = await cliWith(['rituals', 'run'], { SLACK_BOT_TOKEN: undefined });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^maturity: the configuration needs fixing:\n {2}- SLACK_BOT_TOKEN is missing/,
      );
      expect(run.stderr).not.toContain('maturity-bot cannot start');
    },
    CLI_TIMEOUT_MS,
  );
});

describe('maturity from another folder, as cron runs it', () => {
  it(
    'refuses a database that is not there, naming its absolute path and DATABASE_PATH, and creates nothing',
    async () => {
      const elsewhere = join(dir, 'cron-home');
      mkdirSync(elsewhere);
      const expected = join(elsewhere, 'db', 'maturity.db');
      // The real bin resolves the relative path against the folder it started in; in-process, the same path
      // given whole, for the other commands.
      const env = { DATABASE_PATH: expected };
      const runs = await Promise.all([
        startCli(['rituals', 'run'], { DATABASE_PATH: 'db/maturity.db' }, elsewhere).done,
        cliWith(['backup', join(dir, 'nightly.db')], env),
        cliWith(['rituals', 'status'], env),
        cliWith(['export', '--format', 'json'], env),
      ]);
      for (const run of runs) {
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
          `maturity: there is no database at ${expected} (DATABASE_PATH). Set DATABASE_PATH to the bot's database, or run "maturity migrate" to create a new one there.\n`,
        );
      }
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(existsSync(join(dir, 'nightly.db'))).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('maturity rituals', () => {
  it(
    'runs what is due at --at, once, and shows it in the status',
    async () => {
      createDatabase();
      const owners = ['UOWNER1', 'UOWNER2', 'UOWNER3'];
      seedPlant(owners);

      const early = await cli('rituals', 'run', '--at', '2026-11-02T14:59:00Z');
      expect(early.code).toBe(0);
      expect(acceptedDms(owners)).toEqual([0, 0, 0]);

      const due = await cli('rituals', 'run', '--at', '2026-11-02T15:00:00Z');
      expect(due.code).toBe(0);
      expect(due.stdout).toContain(`opened    ${TEAM_ID} value-review 2026-11`);
      for (const owner of owners)
        expect(due.stdout).toContain(`sent      ${TEAM_ID} value-review 2026-11 prompt ${owner}`);
      expect(acceptedDms(owners)).toEqual([1, 1, 1]);

      const quiet = await cli('rituals', 'run', '--at', '2026-11-02T15:01:00Z', '--quiet');
      expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
      expect(acceptedDms(owners)).toEqual([1, 1, 1]);

      const status = await cli('rituals', 'status');
      expect(status.stdout).toContain('value-review: Monthly, first business day at 09:00 (America/Chicago)');
      expect(status.stdout).toMatch(/running 2026-11 {2}since 2026-11-02 09:00 CST/);

      const wrong = await cli('rituals', 'run', '--at', 'next tuesday');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('--at needs an ISO instant');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'a run killed hard mid fan-out is resumed after its lease lapses: every owner asked, at most one twice',
    async () => {
      createDatabase();
      const owners = Array.from({ length: 30 }, (_, i) => `UOWNER${i}`);
      seedPlant(owners);
      // Slack takes each message at once and answers 40 ms later: a kill lands while one is taken but unrecorded.
      fake.slowDown('chat.postMessage', 40);
      // --quiet, as cron runs it: the real process's stdout stays empty though it sent.
      const { child, done } = startCli(['rituals', 'run', '--at', '2026-11-02T15:00:00Z', '--quiet']);
      await until(() => promptsRecorded() >= 8);
      if (child.pid === undefined) throw new Error('the CLI did not start');
      process.kill(-child.pid, 'SIGKILL');
      expect((await done).stdout).toBe('');
      const asked = acceptedDms(owners).reduce((a, b) => a + b, 0);
      expect(asked).toBeGreaterThanOrEqual(8);
      expect(asked).toBeLessThan(owners.length);

      // A run started at once finds the dead process's lease still live, says so, and sends nothing.
      const early = await cli('rituals', 'run', '--at', '2026-11-02T15:01:00Z');
      expect(early.stdout).toMatch(/held {6}T0001 value-review 2026-11 by .* pid \d+/);
      const status = await cli('rituals', 'status');
      expect(status.stdout).toMatch(/running 2026-11 .* being advanced by .* pid \d+/);

      // Two minutes on (real time, injected), the lease has lapsed and the run is taken over.
      fake.slowDown('chat.postMessage', 0);
      const db = openDatabase(databasePath);
      const report = await runDueRituals(
        {
          db,
          client: new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR }),
          logger: silentLogger,
          wallClock: () => new Date(Date.now() + 2 * 60_000),
        },
        RITUALS,
        new Date('2026-11-02T15:02:00Z'),
      );
      db.close();
      expect(report.failed).toEqual([]);
      const counts = acceptedDms(owners);
      expect(counts.every((n) => n >= 1)).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0) - owners.length).toBeLessThanOrEqual(1);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'two processes started together on a new database: one migration, no BUSY, every owner asked once',
    async () => {
      const [a, b] = await Promise.all([startCli(['migrate']).done, startCli(['migrate']).done]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const owners = Array.from({ length: 20 }, (_, i) => `UOWNER${i}`);
      seedPlant(owners);
      // This process is the second: it starts once the other is sending, and slowly enough that it is still at it.
      fake.slowDown('chat.postMessage', 100);
      const first = startCli(['rituals', 'run', '--at', '2026-11-02T15:00:00Z']).done;
      await until(() => promptsRecorded() >= 1);
      const runs = await Promise.all([first, cli('rituals', 'run', '--at', '2026-11-02T15:00:00Z')]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      for (const run of runs) expect(run.stderr).not.toMatch(/BUSY|locked/i);
      expect(runs.map((r) => r.stdout).join('\n')).toContain('held ');
      expect(acceptedDms(owners)).toEqual(Array(owners.length).fill(1));
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'SIGTERM mid fan-out: the send under way is recorded, nothing is logged as an error, the next run finishes',
    async () => {
      createDatabase();
      const owners = Array.from({ length: 20 }, (_, i) => `UOWNER${i}`);
      seedPlant(owners);
      fake.slowDown('chat.postMessage', 40);
      const { child, done } = startCli(['rituals', 'run', '--at', '2026-11-02T15:00:00Z']);
      await until(() => promptsRecorded() >= 5);
      if (child.pid === undefined) throw new Error('the CLI did not start');
      process.kill(-child.pid, 'SIGTERM');
      const stopped = await done;
      expect(stopped.stdout).toContain('stopped   on a signal');
      expect(stopped.stderr).not.toContain('ERROR');
      // Everything Slack took is recorded: nothing is sent twice.
      expect(acceptedDms(owners).reduce((a, b) => a + b, 0)).toBe(promptsRecorded());

      fake.slowDown('chat.postMessage', 0);
      const resumed = await cli('rituals', 'run', '--at', '2026-11-02T15:01:00Z');
      expect(resumed.code).toBe(0);
      expect(acceptedDms(owners)).toEqual(Array(owners.length).fill(1));
    },
    CLI_TIMEOUT_MS,
  );
});

describe('maturity backup and export', () => {
  it(
    'backs up a database in use, and never overwrites a backup',
    async () => {
      createDatabase();
      seedPlant(['UOWNER1']);
      const target = join(dir, 'backups', 'nightly.db');
      const run = await cli('backup', target);
      expect(run.code).toBe(0);
      const copy = new Database(target, { readonly: true });
      expect(copy.prepare('SELECT name FROM agents').all()).toEqual([{ name: 'Agent 0' }]);
      copy.close();
      const again = await cli('backup', target);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already exists');
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "exports every table of one workspace and nothing of another's, as CSV or JSON",
    async () => {
      createDatabase();
      seedPlant(['UOWNER1', 'UOWNER2']);
      withDb((db) => {
        seedWorkspace(db, { teamId: 'TOTHER', createdAt: '2026-10-10T12:00:00Z' });
        seedAgent(db, { teamId: 'TOTHER', name: 'Not ours', ownerId: 'USTRANGER' });
      });
      await cli('rituals', 'run', '--at', '2026-11-02T15:00:00Z');

      const ambiguous = await cli('export', '--format', 'csv');
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toContain('pick one with --team');

      const out = join(dir, 'csv');
      const csv = await cli('export', '--format', 'csv', '--team', TEAM_ID, '--out', out);
      expect(csv.code).toBe(0);
      const files = readdirSync(out);
      expect(files).toEqual(
        expect.arrayContaining(['agents.csv', 'ritual_runs.csv', 'ritual_steps.csv', 'workspaces.csv']),
      );
      const agents = parse(readFileSync(join(out, 'agents.csv')), { columns: true }) as Record<
        string,
        string
      >[];
      expect(agents.map((a) => a.name)).toEqual(['Agent 0', 'Agent 1']);
      // ritual_steps has no team_id: its rows come through their run.
      const steps = parse(readFileSync(join(out, 'ritual_steps.csv')), { columns: true }) as Record<
        string,
        string
      >[];
      expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['prompt:UOWNER1', 'prompt:UOWNER2']));

      const json = await cli('export', '--format', 'json', '--team', 'TOTHER');
      const exported = JSON.parse(json.stdout) as {
        teamId: string;
        tables: Record<string, Record<string, unknown>[]>;
      };
      expect(exported.teamId).toBe('TOTHER');
      expect(exported.tables.agents?.map((a) => a.name)).toEqual(['Not ours']);
      // Its own run's steps, none of the other workspace's.
      expect(exported.tables.ritual_steps?.map((s) => s.step).sort()).toEqual(['prompt:USTRANGER', 'roster']);
      expect(existsSync(join(dir, 'TOTHER.json'))).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );
});

describe('maturity restore', () => {
  it(
    'puts a backup back in place, keeping the file it replaces',
    async () => {
      createDatabase();
      seedPlant(['UOWNER1']);
      const backup = join(dir, 'backups', 'before.db');
      expect((await cli('backup', backup)).code).toBe(0);
      withDb((db) => db.prepare("UPDATE agents SET name = 'Renamed by mistake'").run());

      const restored = await cli('restore', backup);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain(`Restored ${backup} to ${databasePath}`);
      const [, keptAs] = restored.stdout.match(/kept as (\S+)\.\n/) ?? [];
      expect(withDb((db) => db.prepare('SELECT name FROM agents').all())).toEqual([{ name: 'Agent 0' }]);
      const kept = new Database(keptAs ?? '', { readonly: true, fileMustExist: true });
      expect(kept.prepare('SELECT name FROM agents').all()).toEqual([{ name: 'Renamed by mistake' }]);
      kept.close();

      const notABackup = await cli('restore', join(dir, 'missing.db'));
      expect(notABackup).toMatchObject({
        code: 1,
        stderr: `maturity: there is no backup at ${join(dir, 'missing.db')}.\n`,
      });
    },
    CLI_TIMEOUT_MS,
  );
});

describe('maturity rituals run, logged as JSON', () => {
  it(
    'writes one line per step with workspace, ritual, period, step, recipient and outcome, and no token',
    async () => {
      createDatabase();
      seedPlant(['UOWNER1', 'UOWNER2']);
      fake.failNext('chat.postMessage', { error: 'user_not_found' });
      const run = await cliWith(['rituals', 'run', '--at', '2026-11-02T15:00:00Z', '--quiet'], {
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
      });
      expect(run).toMatchObject({ code: 0, stdout: '' });
      const refusedOwner = fake.callsTo('chat.postMessage').find((call) => !call.ok)?.args.channel;
      const steps = run.stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === 'ritual.step' && line.step === 'prompt');
      expect(steps).toEqual(
        expect.arrayContaining(
          ['UOWNER1', 'UOWNER2'].map((owner) =>
            expect.objectContaining({
              level: 'info',
              time: expect.stringMatching(/Z$/),
              teamId: TEAM_ID,
              ritual: 'value-review',
              period: '2026-11',
              step: 'prompt',
              recipient: owner,
              outcome: owner === refusedOwner ? 'refused' : 'sent',
            }),
          ),
        ),
      );
      expect(run.stderr).not.toContain(BOT_TOKEN);
    },
    CLI_TIMEOUT_MS,
  );
});
