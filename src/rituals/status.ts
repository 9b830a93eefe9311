import type { RitualStatus, RunSummary } from '../domain/ritual-status.js';
import { describeSchedule, nextDueAt } from '../domain/schedule.js';
import { type Workspace, zoneOf } from '../domain/workspace.js';
import type { Db } from '../store/db.js';
import { runsOf } from '../store/ritual-runs.js';
import { workspaceCalendar } from '../usecases/calendar.js';
import type { RitualJob } from './job.js';

const RECENT_RUNS = 6;

/** What is due, running, done and missed, per ritual: the same picture for Slack and for the CLI. */
export function ritualStatuses(
  db: Db,
  jobs: readonly RitualJob[],
  workspace: Workspace,
  now: Date,
  wallNow: Date = new Date(),
): RitualStatus[] {
  const calendar = workspaceCalendar(db, workspace);
  const zone = zoneOf(workspace);
  return jobs.map((job) => {
    const schedule = job.schedule(workspace, db);
    const runs: RunSummary[] = runsOf(db, workspace.teamId, job.ritual).map((run) => ({
      period: run.period,
      state: run.state,
      dueAt: run.dueAt,
      late: run.late,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      heldBy: run.state === 'running' && run.lease && run.lease.until > wallNow ? run.lease : null,
    }));
    return {
      ritual: job.ritual,
      schedule: describeSchedule(schedule, zone),
      nextDueAt: nextDueAt(schedule, now, calendar),
      running: runs.filter((run) => run.state === 'running'),
      recent: runs
        .filter((run) => run.state !== 'running')
        .reverse()
        .slice(0, RECENT_RUNS),
    };
  });
}
