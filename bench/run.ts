/**
 * npm run bench: four parts, all against the fake Slack, each runnable alone (`npm run bench -- history`,
 * `npm run bench -- history --cells 500x60`, `npm run bench -- latency fanout feeds`):
 * - history: workspaces of 50 or 500 agents with 6 or 60 months of history, seeded through the app's own
 *   use cases and store functions; the Home tab, every slash command's acknowledgement and the CLI's CSV and JSON
 *   exports, each figure beside its goal;
 * - latency: the app against a bare Bolt app, side by side, both in HTTP mode: latency from a signed
 *   /maturity request to views.open reaching Slack, and resident memory;
 * - fanout: the monthly review's fan-out to 1,000 owners against a per-minute rate limit;
 * - feeds: the live-feed intake under load and the watch's roll-up at scale (bench/feeds.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { runFanoutBench } from './fanout.js';
import { buildCli, type Cell, type CellResult, runHistoryCell } from './history.js';
import {
  BENCH_SECRET,
  benchAppEnv,
  freePort,
  type LatencyResult,
  measureLatency,
  memoryOf,
  startSubject,
} from './latency.js';

const PARTS = ['history', 'latency', 'fanout', 'feeds'] as const;
type Part = (typeof PARTS)[number];
const ALL_CELLS = ['50x6', '500x6', '50x60', '500x60'];
/** The size the goals are set at; the slash commands are timed there only. */
const GOAL_CELL = '500x60';
const GOALS = {
  homeP95Ms: 50,
  historyRatio: 1.2,
  ackMs: 300,
  exportPeakMb: 150,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { cells: { type: 'string', default: ALL_CELLS.join(',') } },
});
const unknown = positionals.filter((p) => !PARTS.includes(p as Part));
if (unknown.length > 0)
  throw new Error(`Unknown bench part(s): ${unknown.join(', ')}. Parts: ${PARTS.join(', ')}`);
const parts = new Set<Part>(positionals.length > 0 ? (positionals as Part[]) : PARTS);

function parseCell(name: string): Cell {
  const match = /^(\d+)x(\d+)$/.exec(name);
  if (!match) throw new Error(`A cell is agents x months, like 500x60, not "${name}"`);
  return { name, agents: Number(match[1]), months: Number(match[2]) };
}

const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

async function historyPart(): Promise<void> {
  const cells = (values.cells ?? '').split(',').map((name) => parseCell(name.trim()));
  console.error('building the CLI (npm run build) to time its export...');
  buildCli();
  const results: CellResult[] = [];
  for (const cell of cells) {
    console.error(`seeding and measuring ${cell.agents} agents x ${cell.months} months...`);
    results.push(await runHistoryCell(cell, cell.name === GOAL_CELL));
  }
  console.log(
    '\nHistory: Home tab (app_home_opened -> views.publish), CLI exports (spawned process: time, peak RSS)',
  );
  console.log(
    `cell      db MB  seed s  home p50  home p95 (goal < ${GOALS.homeP95Ms} ms)   csv s  csv peak (goal < ${GOALS.exportPeakMb} MB)  json s  json peak`,
  );
  for (const r of results) {
    const { csv, json } = r.export;
    console.log(
      [
        r.cell.name.padEnd(9),
        r.databaseMb.toFixed(1).padStart(5),
        r.seedSeconds.toFixed(1).padStart(7),
        ms(r.home.p50).padStart(9),
        `${ms(r.home.p95).padStart(9)} ${verdict(r.home.p95 < GOALS.homeP95Ms).padEnd(14)}`,
        csv.seconds.toFixed(1).padStart(7),
        `${mb(csv.peakRssMb).padStart(9)} ${verdict(csv.peakRssMb < GOALS.exportPeakMb).padEnd(14)}`,
        json.seconds.toFixed(1).padStart(6),
        `${mb(json.peakRssMb).padStart(9)} ${verdict(json.peakRssMb < GOALS.exportPeakMb)}`,
      ].join(' '),
    );
  }
  const at = (name: string) => results.find((r) => r.cell.name === name);
  const goal = at(GOAL_CELL);
  if (goal) {
    console.log(
      `Home p95 at ${GOAL_CELL}: ${ms(goal.home.p95)} (goal < ${GOALS.homeP95Ms} ms) ${verdict(goal.home.p95 < GOALS.homeP95Ms)}`,
    );
    for (const format of ['csv', 'json'] as const) {
      const peak = goal.export[format].peakRssMb;
      console.log(
        `${format} export peak RSS at ${GOAL_CELL}: ${mb(peak)} (goal < ${GOALS.exportPeakMb} MB) ${verdict(peak < GOALS.exportPeakMb)}`,
      );
    }
  }
  for (const agents of [50, 500]) {
    const short = at(`${agents}x6`);
    const long = at(`${agents}x60`);
    if (!short || !long) continue;
    const home = long.home.p50 / Math.max(short.home.p50, 1);
    const rss = (format: 'csv' | 'json') => {
      const ratio = long.export[format].peakRssMb / short.export[format].peakRssMb;
      return `${format} export peak RSS ${ratio.toFixed(2)}x (goal flat, <= ${GOALS.historyRatio}x) ${verdict(ratio <= GOALS.historyRatio)}`;
    };
    console.log(
      `${agents} agents, 60 vs 6 months: Home p50 ${home.toFixed(2)}x (goal <= ${GOALS.historyRatio}x) ${verdict(home <= GOALS.historyRatio)}, ${rss('csv')}, ${rss('json')}`,
    );
  }
  if (goal?.commands) {
    console.log(
      `\nSlash command acknowledgement at ${GOAL_CELL} (signed request -> HTTP answer), goal < ${GOALS.ackMs} ms`,
    );
    for (const c of goal.commands) {
      console.log(
        c.error
          ? `${c.command.padEnd(22)} FAILED: ${c.error}`
          : `${c.command.padEnd(22)} median ${ms(c.medianMs).padStart(7)}  max ${ms(c.maxMs).padStart(7)}  ${verdict(c.maxMs < GOALS.ackMs)}`,
      );
    }
  }
}

const WARM_UP = 50;
const RUNS: readonly { concurrency: number; requests: number }[] = [
  { concurrency: 1, requests: 300 },
  { concurrency: 20, requests: 1000 },
];

async function latencyPart(): Promise<void> {
  const fake = await startFakeSlack({ teamId: 'TBENCH' });
  const appPort = await freePort();
  const app = await startSubject(
    'maturity-bot',
    'src/main.ts',
    [],
    benchAppEnv(join(mkdtempSync(join(tmpdir(), 'maturity-bench-')), 'bench.db'), fake.apiUrl, appPort),
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
}

async function fanoutPart(): Promise<void> {
  console.log('\nMonthly value review fan-out (1,000 owners, fake Slack enforcing a per-minute limit)');
  for (const [name, value] of Object.entries(await runFanoutBench())) console.log(`${name}: ${value}`);
}

if (parts.has('history')) await historyPart();
if (parts.has('latency')) await latencyPart();
if (parts.has('fanout')) await fanoutPart();
if (parts.has('feeds')) await (await import('./feeds.js')).printFeedBench();
