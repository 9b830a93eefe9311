/**
 * npm run bench: the app against a bare Bolt app, side by side in one run, both in HTTP mode against the
 * fake Slack: latency from a signed /maturity request to views.open reaching Slack, and resident memory.
 * Then the monthly review's fan-out to 1,000 owners against a per-minute rate limit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { runFanoutBench } from './fanout.js';
import {
  BENCH_SECRET,
  freePort,
  type LatencyResult,
  measureLatency,
  memoryOf,
  startSubject,
} from './latency.js';

const WARM_UP = 50;
const RUNS: readonly { concurrency: number; requests: number }[] = [
  { concurrency: 1, requests: 300 },
  { concurrency: 20, requests: 1000 },
];

const fake = await startFakeSlack({ teamId: 'TBENCH' });
const appPort = await freePort();
const app = await startSubject(
  'maturity-bot',
  'src/main.ts',
  [],
  {
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: BENCH_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(appPort),
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'maturity-bench-')), 'bench.db'),
    LOG_LEVEL: 'error',
  },
  appPort,
);
const barePort = await freePort();
const bare = await startSubject(
  'bare Bolt',
  'bench/bare-bolt.ts',
  [String(barePort), fake.apiUrl, BENCH_SECRET],
  {},
  barePort,
);

const rows: { subject: string; result: LatencyResult }[] = [];
for (const subject of [bare, app]) await measureLatency(fake, subject, 4, WARM_UP);
for (const run of RUNS) {
  // Interleave the two subjects per run so that machine noise hits both alike.
  for (const subject of [bare, app]) {
    rows.push({
      subject: subject.name,
      result: await measureLatency(fake, subject, run.concurrency, run.requests),
    });
  }
}
const memory = { app: memoryOf(app.child.pid), bare: memoryOf(bare.child.pid) };
await Promise.all([app.stop(), bare.stop()]);

const ms = (n: number) => `${n.toFixed(0)} ms`;
console.log('\n/maturity -> views.open latency (signed HTTP request to the call reaching Slack)');
console.log('concurrency  subject        requests    p50     p95     p99');
for (const { subject, result } of rows) {
  console.log(
    `${String(result.concurrency).padEnd(12)} ${subject.padEnd(14)} ${String(result.requests).padEnd(8)} ${ms(result.p50).padStart(7)} ${ms(result.p95).padStart(7)} ${ms(result.p99).padStart(7)}`,
  );
}
for (const run of RUNS) {
  const of = (name: string) =>
    rows.find((r) => r.subject === name && r.result.concurrency === run.concurrency)?.result;
  const a = of(app.name);
  const b = of(bare.name);
  if (a && b) {
    const ratio = a.p99 / Math.max(b.p99, 1);
    console.log(
      `p99 ratio at concurrency ${run.concurrency}: ${ratio.toFixed(2)}x bare Bolt (goal <= 1.5x; Slack allows 3000 ms)`,
    );
  }
}
console.log(
  `resident memory: maturity-bot ${memory.app.rssMb.toFixed(0)} MB (peak ${memory.app.peakRssMb.toFixed(0)} MB), bare Bolt ${memory.bare.rssMb.toFixed(0)} MB (peak ${memory.bare.peakRssMb.toFixed(0)} MB)`,
);
await fake.close();

console.log('\nMonthly value review fan-out (1,000 owners, fake Slack enforcing a per-minute limit)');
for (const [name, value] of Object.entries(await runFanoutBench())) console.log(`${name}: ${value}`);
await (await import('./feeds.js')).printFeedBench();
