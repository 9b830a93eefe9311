import cron from 'node-cron';
import { type DueCheck, runDueChecks } from './checks.js';
import type { RitualDeps, RitualJob } from './job.js';
import { runDueRituals } from './runner.js';

export interface Scheduler {
  /** Stops the heartbeat, lets a tick in flight record what Slack already answered, and starts no new send. */
  stop(): Promise<void>;
}

/**
 * node-cron is only the heartbeat: every minute it asks SQLite what is due. A tick still sending
 * (a large fan-out) makes the next one skip rather than overlap. `onBeat` hears every beat, skipped or not,
 * so readiness (/readyz) sees the heartbeat alive during a long fan-out.
 */
export function startScheduler(
  deps: RitualDeps,
  jobs: readonly RitualJob[],
  now: () => Date,
  checks: readonly DueCheck[] = [],
  onBeat: () => void = () => undefined,
): Scheduler {
  const stopping = new AbortController();
  let inFlight: Promise<unknown> | undefined;
  const task = cron.schedule(
    '* * * * *',
    async () => {
      onBeat();
      if (inFlight) return;
      const tick = { ...deps, signal: stopping.signal };
      const at = now();
      inFlight = runDueRituals(tick, jobs, at).then(() => runDueChecks(tick, checks, at));
      try {
        await inFlight;
      } finally {
        inFlight = undefined;
      }
    },
    { name: 'rituals-heartbeat' },
  );
  return {
    async stop() {
      await task.stop();
      stopping.abort();
      // runDueRituals and runDueChecks report failures instead of throwing, so this only waits.
      await inFlight;
    },
  };
}
