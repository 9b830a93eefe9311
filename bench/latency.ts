import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FakeSlack } from '../test/support/fake-slack.js';
import { SlackRequester } from '../test/support/slack-request.js';

export const BENCH_SECRET = '8f742231b10e8888abcd99bbbccc85a5';
const TEAM = 'TBENCH';

/** What the app reads from the environment, as an operator would set it, for a bench run on `databasePath`. */
export function benchAppEnv(databasePath: string, slackApiUrl: string, port: number): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: BENCH_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: String(port),
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Subject {
  readonly name: string;
  readonly child: ChildProcess;
  readonly slack: SlackRequester;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point as its own process, so its memory is its own. */
export async function startSubject(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  port: number,
): Promise<Subject> {
  const tsx = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, entry, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
  });
  const slack = new SlackRequester({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: BENCH_SECRET });
  const deadline = Date.now() + 30_000;
  for (;;) {
    // Any answer (401 for an unsigned request) means the server is up.
    const up = await slack
      .command({ command: '/x', user_id: 'U', team_id: TEAM, channel_id: 'C' }, { unsigned: true })
      .then(
        () => true,
        () => false,
      );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`${name} did not start within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    child,
    slack,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export function memoryOf(pid: number | undefined): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** Signed /maturity request sent -> the views.open call with its trigger id reaching the fake Slack. */
async function oneRequest(fake: FakeSlack, subject: Subject, user: string): Promise<number> {
  const triggerId = fake.issueTriggerId();
  const started = Date.now();
  const opened = fake.waitFor('views.open', (call) => call.args.trigger_id === triggerId, 10_000);
  await subject.slack.command({
    command: '/maturity',
    text: '',
    user_id: user,
    team_id: TEAM,
    channel_id: 'CBENCH',
    trigger_id: triggerId,
  });
  const call = await opened;
  return call.at - started;
}

export interface LatencyResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export async function measureLatency(
  fake: FakeSlack,
  subject: Subject,
  concurrency: number,
  requests: number,
): Promise<LatencyResult> {
  const samples: number[] = [];
  let next = 0;
  const worker = async (w: number) => {
    while (next < requests) {
      next += 1;
      samples.push(await oneRequest(fake, subject, `UBENCH${w}`));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  fake.clear();
  const sorted = samples.sort((a, b) => a - b);
  return {
    concurrency,
    requests: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
