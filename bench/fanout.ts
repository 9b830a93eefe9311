/**
 * The value review's fan-out: prompting 1,000 owners against the fake Slack enforcing a per-minute limit on
 * chat.postMessage. Reports the time taken against the floor the limit itself sets, the 429s Slack answered
 * (the pacer should keep inside the limit, not learn it from refusals), duplicates, losses and peak memory.
 * The real job runs through the real runner, pacer and WebClient; only Slack is fake.
 *
 * The fake counts calls in a rolling minute, so N messages at L per minute cannot finish before
 * floor((N - 1) / L) minutes: L = 600, the "about 600 a minute", puts the floor at one minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { LogLevel, WebClient } from '@slack/web-api';
import { runDueRituals } from '../src/rituals/runner.js';
import { valueReviewJob } from '../src/rituals/value-review.js';
import { openDatabase } from '../src/store/db.js';
import { startFakeSlack } from '../test/support/fake-slack.js';

const TEAM = 'TBENCH';
const OWNERS = 1_000;
const PER_MINUTE = Number(process.env.FANOUT_PER_MINUTE ?? 600);
/** The first business day of November 2026, 09:00 in Chicago. */
const DUE = new Date('2026-11-02T15:00:00Z');
const MEMORY_SAMPLE_MS = 50;

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (...msg: unknown[]) => console.error(...msg),
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function runFanoutBench(): Promise<Record<string, number | string>> {
  const fake = await startFakeSlack({ teamId: TEAM });
  fake.rateLimit('chat.postMessage', { perMinute: PER_MINUTE });
  const dir = mkdtempSync(join(tmpdir(), 'maturity-fanout-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const owners = Array.from({ length: OWNERS }, (_, i) => `UOWNER${String(i).padStart(4, '0')}`);
  db.transaction(() => {
    db.prepare(
      `INSERT INTO workspaces (team_id, created_at, time_zone, review_channel_id) VALUES (?, ?, 'America/Chicago', 'CREVIEW')`,
    ).run(TEAM, '2026-10-01T12:00:00.000Z');
    const agent = db.prepare(
      `INSERT INTO agents (team_id, name, name_key, workflow, category, system_of_record, owner_id, metric,
         monthly_target_cents, confidence_threshold, status, registered_by, registered_at)
       VALUES (?, ?, ?, 'Order entry end to end', 'office', 'ERP', ?, 'Hours saved times the loaded rate',
         1000000, 80, 'production', ?, '2026-05-04T15:00:00.000Z')`,
    );
    for (const [i, owner] of owners.entries()) agent.run(TEAM, `Agent ${i}`, `agent ${i}`, owner, owner);
  })();

  const client = new WebClient('xoxb-bench-token', { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR });
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, MEMORY_SAMPLE_MS);

  const started = performance.now();
  const report = await runDueRituals({ db, client, logger: quiet }, [valueReviewJob], DUE);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);

  const received = fake.callsTo('chat.postMessage');
  const accepted = new Map<string, number>();
  for (const call of received) {
    if (call.ok) accepted.set(String(call.args.channel), (accepted.get(String(call.args.channel)) ?? 0) + 1);
  }
  const floorSeconds = Math.floor((OWNERS - 1) / PER_MINUTE) * 60;
  const recorded = (
    db.prepare("SELECT COUNT(*) AS n FROM ritual_steps WHERE step LIKE 'prompt:%'").get() as { n: number }
  ).n;
  db.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });

  return {
    'fan-out owners': OWNERS,
    'fan-out limit (chat.postMessage per minute)': PER_MINUTE,
    'fan-out seconds': Math.round(seconds * 10) / 10,
    'fan-out floor seconds': floorSeconds,
    'fan-out time / floor': Math.round((seconds / floorSeconds) * 1000) / 1000,
    'fan-out 429 answers': received.filter((call) => call.error === 'ratelimited').length,
    'fan-out duplicates': [...accepted.values()].filter((n) => n > 1).length,
    'fan-out losses': owners.filter((owner) => !accepted.has(owner)).length,
    'fan-out prompts recorded': recorded,
    'fan-out failures': report.failed.map((f) => f.error).join('; ') || 'none',
    'fan-out peak RSS MB (app and fake Slack)': mb(peakRss),
    'fan-out peak heap growth MB': mb(peakHeap - baseline.heapUsed),
  };
}
