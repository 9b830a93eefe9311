/**
 * The app at scale: a workspace seeded with years of history (bench/seed-history.ts) and the real app started
 * on it as its own process, against the fake Slack. Measures the Home tab (app_home_opened sent -> views.publish
 * reaching Slack), every slash command's acknowledgement, and the CLI's CSV and JSON exports (time and peak RSS
 * of the spawned process).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SUBCOMMANDS } from '../src/slack/commands/index.js';
import { openDatabase } from '../src/store/db.js';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.js';
import { appHomeOpenedEvent } from '../test/support/slack-request.js';
import { benchAppEnv, freePort, percentile, type Subject, startSubject } from './latency.js';
import {
  BENCH_NOW,
  BENCH_TEAM,
  type HistoryShape,
  LEADERS,
  PORTFOLIO_OWNER,
  seedHistory,
} from './seed-history.js';

const HOME_WARM_UP = 10;
const HOME_SAMPLES = 60;
const COMMAND_SAMPLES = 3;
/** A command's follow-up work (a chart, an export upload) is over once Slack hears nothing for this long. */
const QUIET_MS = 300;

export interface Cell extends HistoryShape {
  readonly name: string;
}

export interface HomeResult {
  readonly p50: number;
  readonly p95: number;
}

export interface ExportResult {
  readonly seconds: number;
  readonly peakRssMb: number;
}

export interface CommandResult {
  readonly command: string;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly error?: string;
}

export interface CellResult {
  readonly cell: Cell;
  readonly seedSeconds: number;
  readonly databaseMb: number;
  readonly home: HomeResult;
  readonly commands: readonly CommandResult[] | null;
  readonly export: { readonly csv: ExportResult; readonly json: ExportResult };
}

async function startApp(fake: FakeSlack, databasePath: string): Promise<Subject> {
  const port = await freePort();
  return startSubject(
    'maturity-bot',
    'bench/app-at.ts',
    [BENCH_NOW.toISOString()],
    benchAppEnv(databasePath, fake.apiUrl, port),
    port,
  );
}

async function openHome(fake: FakeSlack, app: Subject, userId: string): Promise<number> {
  const started = Date.now();
  const published = fake.waitFor(
    'views.publish',
    (call) => call.at >= started && call.args.user_id === userId,
    10_000,
  );
  await app.slack.event(appHomeOpenedEvent({ team: BENCH_TEAM, user: userId }));
  const call = await published;
  fake.clear();
  return call.at - started;
}

async function measureHome(fake: FakeSlack, app: Subject): Promise<HomeResult> {
  for (let i = 0; i < HOME_WARM_UP; i += 1) await openHome(fake, app, PORTFOLIO_OWNER);
  const samples: number[] = [];
  for (let i = 0; i < HOME_SAMPLES; i += 1) samples.push(await openHome(fake, app, PORTFOLIO_OWNER));
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

const FOLLOW_UP_METHODS = [
  'views.open',
  'views.publish',
  'chat.postMessage',
  'chat.postEphemeral',
  'conversations.open',
  'files.completeUploadExternal',
];

/** Waits until the app has made no Slack call for QUIET_MS, so one command's follow-up never slows the next. */
async function settle(fake: FakeSlack): Promise<void> {
  const count = () => FOLLOW_UP_METHODS.reduce((n, method) => n + fake.callsTo(method).length, 0);
  for (let seen = -1; count() !== seen; ) {
    seen = count();
    await new Promise((r) => setTimeout(r, QUIET_MS));
  }
  fake.clear();
}

async function measureCommands(fake: FakeSlack, app: Subject): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const sub of SUBCOMMANDS) {
    const command = `/maturity ${sub.name}`.trim();
    console.error(`  ${command}`);
    const samples: number[] = [];
    try {
      for (let i = 0; i < COMMAND_SAMPLES; i += 1) {
        const res = await app.slack.command({
          command: '/maturity',
          text: sub.name,
          user_id: PORTFOLIO_OWNER,
          team_id: BENCH_TEAM,
          channel_id: 'CGENERAL',
          trigger_id: fake.issueTriggerId(),
          response_url: fake.issueResponseUrl(),
        });
        if (res.status !== 200) throw new Error(`answered HTTP ${res.status}`);
        samples.push(res.ms);
        await settle(fake);
      }
    } catch (error) {
      // The app is gone or broken: say so beside the command and time nothing more against it.
      results.push({ command, medianMs: Number.NaN, maxMs: Number.NaN, error: String(error) });
      return results;
    }
    samples.sort((a, b) => a - b);
    results.push({ command, medianMs: percentile(samples, 50), maxMs: samples.at(-1) ?? Number.NaN });
  }
  return results;
}

/**
 * The CLI as `npx maturity` runs it: the built file started through its shebang (which caps V8's young
 * generation), without a TypeScript loader adding its own memory.
 */
const CLI = resolve('dist/src/cli.js');

/** Compiles the app as `npm run build` does, so the export measured is the code in this tree. */
export function buildCli(): void {
  const built = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    {
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('npm run build failed; the export cannot be measured');
  // npm marks a bin executable when it links or runs it; tsc does not.
  chmodSync(CLI, 0o755);
}

/** `maturity export --format <format>` as its own process; its peak RSS is read from getrusage as it exits. */
async function measureExport(databasePath: string, format: 'csv' | 'json'): Promise<ExportResult> {
  const out = mkdtempSync(join(tmpdir(), 'maturity-export-'));
  // Loaded through NODE_OPTIONS so that the CLI starts from its own shebang, with its own V8 flags.
  const reportPeak = join(out, 'report-peak.mjs');
  writeFileSync(
    reportPeak,
    "process.on('exit',()=>process.stderr.write('peak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))",
  );
  const started = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      CLI,
      ['export', '--format', format, '--team', BENCH_TEAM, '--out', join(out, 'export')],
      {
        // The CLI sends nothing to Slack for an export; no port is listened on.
        env: {
          PATH: process.env.PATH ?? '',
          NODE_OPTIONS: `--import=${reportPeak}`,
          ...benchAppEnv(databasePath, 'http://127.0.0.1:9/api/', 0),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`export exited ${code}: ${text}`)),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { recursive: true, force: true });
  const kb = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1]);
  return { seconds, peakRssMb: kb / 1024 };
}

export async function runHistoryCell(cell: Cell, withCommands: boolean): Promise<CellResult> {
  const dir = mkdtempSync(join(tmpdir(), 'maturity-history-'));
  const databasePath = join(dir, 'bench.db');
  const db = openDatabase(databasePath);
  const seeding = performance.now();
  seedHistory(db, cell);
  const seedSeconds = (performance.now() - seeding) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();

  const fake = await startFakeSlack({ teamId: BENCH_TEAM });
  for (const id of [PORTFOLIO_OWNER, ...LEADERS]) {
    fake.setUser({ id, real_name: id, tz: 'America/Chicago', is_admin: id === PORTFOLIO_OWNER });
  }
  const app = await startApp(fake, databasePath);
  try {
    const home = await measureHome(fake, app);
    const commands = withCommands ? await measureCommands(fake, app) : null;
    await app.stop();
    const exported = {
      csv: await measureExport(databasePath, 'csv'),
      json: await measureExport(databasePath, 'json'),
    };
    return {
      cell,
      seedSeconds,
      databaseMb: (pages * pageSize) / 1024 / 1024,
      home,
      commands,
      export: exported,
    };
  } finally {
    await app.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
