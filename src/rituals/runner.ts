import { randomUUID } from 'node:crypto';
import { decideDue } from '../domain/schedule.js';
import {
  finishRun,
  insertRun,
  leaseRun,
  recordStep,
  releaseRun,
  runningRuns,
  runsOf,
  stepResult,
} from '../store/ritual-runs.js';
import { listWorkspaces, type Workspace } from '../store/workspaces.js';
import type { RitualContext, RitualDeps, RitualJob } from './job.js';

/** A fan-out to hundreds of owners can take minutes at Slack's pace; the lease outlives it, renewed per step. */
const LEASE_MS = 10 * 60_000;
const HOLDER = `${process.pid}-${randomUUID().slice(0, 8)}`;

export interface TickReport {
  readonly opened: { teamId: string; ritual: string; period: string; late: boolean }[];
  readonly missed: { teamId: string; ritual: string; period: string }[];
  readonly finished: { teamId: string; ritual: string; period: string }[];
  readonly failed: { teamId: string; ritual: string; error: string }[];
}

function openDueRuns(
  deps: RitualDeps,
  job: RitualJob,
  workspace: Workspace,
  now: Date,
  zone: string,
  report: TickReport,
) {
  const known = new Set(runsOf(deps.db, workspace.teamId, job.ritual).map((r) => r.period));
  const decision = decideDue({
    schedule: job.schedule(workspace),
    now,
    zone,
    since: workspace.createdAt,
    known,
  });
  deps.db.transaction(() => {
    for (const period of decision.missed) {
      insertRun(deps.db, {
        teamId: workspace.teamId,
        ritual: job.ritual,
        period,
        dueAt: now,
        late: true,
        state: 'missed',
        at: now,
      });
      report.missed.push({ teamId: workspace.teamId, ritual: job.ritual, period });
    }
    if (decision.run) {
      const { period, dueAt, late } = decision.run;
      insertRun(deps.db, {
        teamId: workspace.teamId,
        ritual: job.ritual,
        period,
        dueAt,
        late,
        state: 'running',
        at: now,
      });
      report.opened.push({ teamId: workspace.teamId, ritual: job.ritual, period, late });
    }
  })();
}

async function advanceRuns(
  deps: RitualDeps,
  job: RitualJob,
  workspace: Workspace,
  now: Date,
  zone: string,
  report: TickReport,
) {
  for (const run of runningRuns(deps.db, workspace.teamId, job.ritual)) {
    const leaseUntil = () => new Date(now.getTime() + LEASE_MS);
    if (!leaseRun(deps.db, run.id, HOLDER, now, leaseUntil())) continue;
    const ctx: RitualContext = {
      ...deps,
      now,
      workspace,
      zone,
      run,
      async step<T>(key: string, send: () => Promise<T>): Promise<T> {
        const done = stepResult(deps.db, run.id, key);
        if (done.found) return done.result as T;
        const result = await send();
        recordStep(deps.db, run.id, key, now, result);
        leaseRun(deps.db, run.id, HOLDER, now, leaseUntil());
        return result;
      },
    };
    try {
      if ((await job.advance(ctx)) === 'done') {
        finishRun(deps.db, run.id, now);
        report.finished.push({ teamId: workspace.teamId, ritual: job.ritual, period: run.period });
      }
    } finally {
      releaseRun(deps.db, run.id, HOLDER);
    }
  }
}

/**
 * One heartbeat: for every workspace and ritual, open what fell due (catching up late, recording
 * periods too old to send as missed), then advance every open run. The truth lives in SQLite, so
 * calling this again, from the server or the CLI, repeats nothing.
 */
export async function runDueRituals(
  deps: RitualDeps,
  jobs: readonly RitualJob[],
  now: Date,
): Promise<TickReport> {
  const report: TickReport = { opened: [], missed: [], finished: [], failed: [] };
  for (const workspace of listWorkspaces(deps.db)) {
    const zone = workspace.timeZone ?? 'UTC';
    for (const job of jobs) {
      try {
        openDueRuns(deps, job, workspace, now, zone, report);
        await advanceRuns(deps, job, workspace, now, zone, report);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error(`Ritual ${job.ritual} for ${workspace.teamId} failed: ${message}`);
        report.failed.push({ teamId: workspace.teamId, ritual: job.ritual, error: message });
      }
    }
  }
  return report;
}
