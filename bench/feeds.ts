/**
 * The live-feed intake under load, and the roll-up at scale, printed beside their goals:
 * 1. 200 observations a second in batches of 10 (20 agents, one request a second each) for a minute, into the bot
 *    running as its own process in HTTP mode: p99 under 20 ms and every observation stored.
 * 2. The watch's roll-up of 90 days of raw observations for 500 agents (hourly batches), then a quiet pass (only
 *    the feeds that may have changed are judged: none) and the next day's first pass (every feed judged again).
 * Run alone with `npx tsx bench/feeds.ts`, or from bench/run.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEED_TOKEN_BYTES, OBSERVATIONS_PATH, shiftDay } from '../src/domain/feeds.js';
import { openDatabase } from '../src/store/db.js';
import { issueFeedToken, watchFeeds } from '../src/usecases/feeds.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { benchAppEnv, freePort, percentile, startSubject } from './latency.js';

const TEAM = 'TBENCH';
const AGENTS = 20;
const SECONDS = 60;
const BATCH = 10;
const INTAKE_P99_GOAL_MS = 20;
const ROLLUP_AGENTS = 500;
const ROLLUP_DAYS = 90;
const ROLLUP_GOAL_S = 60;
const PASS_GOAL_S = 5;

function seed(dbPath: string, agents: number, at: Date): { ids: number[]; tokens: string[] } {
  const db = openDatabase(dbPath);
  db.prepare("INSERT INTO workspaces (team_id, created_at, time_zone) VALUES (?, ?, 'America/Chicago')").run(
    TEAM,
    at.toISOString(),
  );
  const insert = db.prepare(
    `INSERT INTO agents (team_id, name, name_key, workflow, category, system_of_record, owner_id, metric,
       monthly_target_cents, confidence_threshold, status, registered_by, registered_at)
     VALUES (?, ?, ?, 'bench', 'office', 'ERP', 'UOWNER', 'bench', 100000, 80, 'production', 'UOWNER', ?)`,
  );
  const ids: number[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < agents; i += 1) {
    const id = Number(insert.run(TEAM, `Agent ${i}`, `agent ${i}`, at.toISOString()).lastInsertRowid);
    const issued = issueFeedToken(db, at, {
      teamId: TEAM,
      agentId: id,
      actorId: 'UOWNER',
      random: randomBytes(FEED_TOKEN_BYTES),
    });
    if (issued.kind !== 'issued') throw new Error('no token');
    ids.push(id);
    tokens.push(issued.token);
  }
  db.close();
  return { ids, tokens };
}

async function intakeBench(): Promise<Record<string, string>> {
  const fake = await startFakeSlack({ teamId: TEAM });
  const dbPath = join(mkdtempSync(join(tmpdir(), 'maturity-feeds-bench-')), 'bench.db');
  const { tokens } = seed(dbPath, AGENTS, new Date());
  const port = await freePort();
  const app = await startSubject(
    'maturity-bot',
    'src/main.ts',
    [],
    benchAppEnv(dbPath, fake.apiUrl, port),
    port,
  );
  const url = `http://127.0.0.1:${port}${OBSERVATIONS_PATH}`;
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const send = async (token: string, first: number) => {
    const body = JSON.stringify({
      observations: Array.from({ length: BATCH }, (_, i) => ({
        id: `obs-${first + i}`,
        cases_handled: 12,
        cases_handed_to_person: 1,
        measures: { mean_confidence: 0.9 },
      })),
    });
    const started = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body,
    });
    const answer = (await res.json()) as { accepted?: number };
    latencies.push(performance.now() - started);
    if (res.status !== 202 || answer.accepted !== BATCH) failed += 1;
  };
  // One request every 1000/20 ms, agents in turn: a steady 20 requests (200 observations) a second.
  const interval = 1000 / AGENTS;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < AGENTS * SECONDS; n += 1) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(tokens[n % AGENTS] ?? '', n * BATCH));
    sent += BATCH;
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  await app.stop();
  await fake.close();
  const db = openDatabase(dbPath);
  const stored = (db.prepare('SELECT COUNT(*) AS n FROM feed_observations').get() as { n: number }).n;
  db.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const ms = (p: number) => `${percentile(sorted, p).toFixed(1)} ms`;
  const p99 = percentile(sorted, 99);
  return {
    'intake load': `${sent} observations in ${latencies.length} requests of ${BATCH} over ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s; goal 200/s for 60 s)`,
    'intake latency': `p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)} (goal p99 < ${INTAKE_P99_GOAL_MS} ms: ${p99 < INTAKE_P99_GOAL_MS ? 'met' : 'NOT met'})`,
    'intake loss': `${sent - stored} of ${sent} observations lost, ${failed} requests not fully accepted (goal 0)`,
  };
}

function rollupBench(): Record<string, string> {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'maturity-rollup-bench-')), 'bench.db');
  const now = new Date('2026-11-24T15:00:00Z');
  const { ids } = seed(dbPath, ROLLUP_AGENTS, new Date('2026-08-01T15:00:00Z'));
  const db = openDatabase(dbPath);
  const insert = db.prepare(
    `INSERT INTO feed_observations (team_id, agent_id, client_id, at, day, cases_handled, cases_handed_to_person,
       dollar_cents, measures, received_at) VALUES (?, ?, ?, ?, ?, 24, 2, 1500, '{"mean_confidence":0.9}', ?)`,
  );
  const loadStarted = performance.now();
  let rows = 0;
  const firstDay = shiftDay('2026-11-24', -ROLLUP_DAYS);
  db.transaction(() => {
    for (const agentId of ids) {
      for (let d = 0; d < ROLLUP_DAYS; d += 1) {
        const day = shiftDay(firstDay, d);
        for (let hour = 0; hour < 24; hour += 1) {
          const at = `${day}T${String(hour).padStart(2, '0')}:30:00.000Z`;
          insert.run(TEAM, agentId, `${day}-${hour}`, at, day, at);
          rows += 1;
        }
      }
    }
  })();
  const loaded = (performance.now() - loadStarted) / 1000;
  const started = performance.now();
  const first = watchFeeds(db, now, { teamId: TEAM, retentionDays: 90 });
  const rolled = (performance.now() - started) / 1000;
  const again = performance.now();
  const quiet = watchFeeds(db, new Date(now.getTime() + 60_000), { teamId: TEAM, retentionDays: 90 });
  const pass = (performance.now() - again) / 1000;
  // The first pass of a new day judges every feed again: its windows moved.
  const nextDay = performance.now();
  const daily = watchFeeds(db, new Date(now.getTime() + 86_400_000), { teamId: TEAM, retentionDays: 90 });
  const dayPass = (performance.now() - nextDay) / 1000;
  db.close();
  return {
    'roll-up data': `${rows.toLocaleString('en-US')} raw observations: ${ROLLUP_AGENTS} agents x ${ROLLUP_DAYS} days x 24 (loaded in ${loaded.toFixed(1)} s)`,
    'roll-up': `${first.daysRolledUp.toLocaleString('en-US')} agent-days rolled up, ${first.pruned.toLocaleString('en-US')} raw rows past 90 days pruned, ${first.opened.length} incidents opened, in ${rolled.toFixed(1)} s (goal < ${ROLLUP_GOAL_S} s: ${rolled < ROLLUP_GOAL_S ? 'met' : 'NOT met'})`,
    'watch pass': `the next heartbeat's pass over ${ROLLUP_AGENTS} agents with nothing new: ${(pass * 1000).toFixed(0)} ms, ${quiet.agentsJudged} judged (goal < ${PASS_GOAL_S} s: ${pass < PASS_GOAL_S ? 'met' : 'NOT met'})`,
    'watch pass, new day': `the first pass of the next day, every agent judged again (${daily.agentsJudged}): ${(dayPass * 1000).toFixed(0)} ms (goal < ${PASS_GOAL_S} s: ${dayPass < PASS_GOAL_S ? 'met' : 'NOT met'})`,
  };
}

/** Runs both and prints them; bench/run.ts calls this. */
export async function printFeedBench(): Promise<void> {
  console.log(
    '\nLive feed intake (200 observations/s in batches of 10 for a minute) and roll-up (90 days x 500 agents)',
  );
  for (const [name, value] of Object.entries({ ...(await intakeBench()), ...rollupBench() }))
    console.log(`${name}: ${value}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await printFeedBench();
