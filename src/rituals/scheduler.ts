import cron from 'node-cron';
import type { RitualDeps, RitualJob } from './job.js';
import { runDueRituals } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * node-cron is only the heartbeat: every minute it asks SQLite what is due. A tick still sending
 * (a large fan-out) makes the next one skip rather than overlap.
 */
export function startScheduler(deps: RitualDeps, jobs: readonly RitualJob[], now: () => Date): Scheduler {
  const task = cron.schedule(
    '* * * * *',
    async () => {
      await runDueRituals(deps, jobs, now());
    },
    { noOverlap: true, name: 'rituals-heartbeat' },
  );
  return {
    async stop() {
      await task.stop();
    },
  };
}
