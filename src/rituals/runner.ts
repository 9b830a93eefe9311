import { periodOf, type WorkCalendar } from '../domain/calendar.js';
import { decideDue, dueAtFor, type HeartbeatRecord, wasRunningAt } from '../domain/schedule.js';
import type { Workspace } from '../domain/workspace.js';
import { tokenRefusal } from '../slack-errors.js';
import { heartbeatOf, recordHeartbeat } from '../store/calendar.js';
import {
  finishRun,
  getRun,
  getRunById,
  insertRun,
  type RitualRun,
  recordStep,
  runningRuns,
  runsOf,
  stepResult,
} from '../store/ritual-runs.js';
import { getWorkspace, listWorkspaces } from '../store/workspaces.js';
import { workspaceCalendar } from '../usecases/calendar.js';
import type { RitualContext, RitualDeps, RitualJob } from './job.js';
import { RunLease, wallClock } from './lease.js';
import { pacedSlackFor, StoppedError } from './pacing.js';
import { sendLogged } from './step-log.js';

/** A run another live process is advancing: said, never skipped silently. */
export interface HeldRun {
  readonly teamId: string;
  readonly ritual: string;
  readonly period: string;
  readonly holder: string;
  readonly since: Date;
}

export interface TickReport {
  readonly opened: { teamId: string; ritual: string; period: string; late: boolean }[];
  readonly missed: { teamId: string; ritual: string; period: string }[];
  readonly finished: { teamId: string; ritual: string; period: string }[];
  readonly failed: { teamId: string; ritual: string; error: string }[];
  readonly held: HeldRun[];
}

const emptyReport = (): TickReport => ({ opened: [], missed: [], finished: [], failed: [], held: [] });

function openDueRuns(
  deps: RitualDeps,
  job: RitualJob,
  workspace: Workspace,
  now: Date,
  calendar: WorkCalendar,
  heartbeat: HeartbeatRecord | null,
  report: TickReport,
) {
  const known = new Set(runsOf(deps.db, workspace.teamId, job.ritual).map((r) => r.period));
  const decision = decideDue({
    schedule: job.schedule(workspace, deps.db),
    now,
    zone: calendar,
    since: workspace.createdAt,
    known,
    heartbeat,
  });
  deps.db
    .transaction(() => {
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
    })
    .immediate();
}

async function advanceRuns(
  deps: RitualDeps,
  job: RitualJob,
  workspace: Workspace,
  now: Date,
  calendar: WorkCalendar,
  report: TickReport,
) {
  const slack = deps.slack ?? pacedSlackFor(deps.client, deps.logger);
  const clock = deps.wallClock ?? wallClock;
  for (const run of runningRuns(deps.db, workspace.teamId, job.ritual)) {
    const lease = RunLease.take(deps.db, run.id, clock, deps.signal);
    if (!lease) {
      const holder = getRunById(deps.db, run.id)?.lease;
      if (holder)
        report.held.push({ teamId: workspace.teamId, ritual: job.ritual, period: run.period, ...holder });
      continue;
    }
    const ctx: RitualContext = {
      ...deps,
      signal: lease.signal,
      now,
      workspace,
      zone: calendar.zone,
      calendar,
      run,
      slack,
      // The one place every ritual send goes through: recorded as soon as Slack answered, one at a time per
      // workspace (the lease renews itself on a timer meanwhile).
      step<T>(key: string, send: () => Promise<T>): Promise<T> {
        return slack.oneAtATime(workspace.teamId, async () => {
          const done = stepResult(deps.db, run.id, key);
          if (done.found) return done.result as T;
          if (lease.signal.aborted) throw new StoppedError();
          const sent = await sendLogged(
            deps,
            { teamId: workspace.teamId, ritual: job.ritual, period: run.period },
            key,
            send,
          );
          recordStep(deps.db, run.id, key, now, sent);
          return sent;
        });
      },
    };
    try {
      if ((await job.advance(ctx)) === 'done') {
        finishRun(deps.db, run.id, now);
        report.finished.push({ teamId: workspace.teamId, ritual: job.ritual, period: run.period });
      }
    } finally {
      lease.release();
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
  const report = emptyReport();
  for (const workspace of listWorkspaces(deps.db)) {
    const calendar = workspaceCalendar(deps.db, workspace);
    // Read before this tick is recorded: what the heartbeat knew of itself when the due times passed.
    const heartbeat = heartbeatOf(deps.db, workspace.teamId);
    recordHeartbeat(deps.db, workspace.teamId, now);
    for (const job of jobs) {
      try {
        openDueRuns(deps, job, workspace, now, calendar, heartbeat, report);
        await advanceRuns(deps, job, workspace, now, calendar, report);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const refused = tokenRefusal(error);
        if (refused) deps.onTokenRefused?.(refused);
        // A stop is expected: the run stays open and the next start picks it up where it left off.
        const log = error instanceof StoppedError ? deps.logger.warn : deps.logger.error;
        log.call(deps.logger, `Ritual ${job.ritual} for ${workspace.teamId} did not finish: ${message}`);
        report.failed.push({ teamId: workspace.teamId, ritual: job.ritual, error: message });
      }
    }
  }
  return report;
}

export type RunNowResult =
  | { readonly kind: 'ran'; readonly run: RitualRun; readonly opened: boolean; readonly finished: boolean }
  | { readonly kind: 'already-done' | 'missed'; readonly run: RitualRun }
  | { readonly kind: 'held'; readonly run: RitualRun; readonly held: HeldRun }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * "Run it now" from an admin: opens this period's run at once if the schedule has not yet (never a second run
 * for a period), then advances it as a heartbeat would. Steps already done are not repeated.
 */
export async function runRitualNow(
  deps: RitualDeps,
  job: RitualJob,
  teamId: string,
  now: Date,
): Promise<RunNowResult> {
  const workspace = getWorkspace(deps.db, teamId);
  if (!workspace) return { kind: 'failed', error: `No workspace ${teamId}` };
  const calendar = workspaceCalendar(deps.db, workspace);
  const schedule = job.schedule(workspace, deps.db);
  const period = periodOf(schedule.cadence, now, calendar.zone);
  const existing = getRun(deps.db, teamId, job.ritual, period);
  if (existing && existing.state !== 'running') {
    return { kind: existing.state === 'done' ? 'already-done' : 'missed', run: existing };
  }
  if (!existing) {
    const dueAt = dueAtFor(schedule, period, calendar);
    // Run by hand, not by a tick: the heartbeat's record still says whether the app was up when it fell due.
    const late = !wasRunningAt({ dueAt, now, heartbeat: heartbeatOf(deps.db, teamId) });
    insertRun(deps.db, { teamId, ritual: job.ritual, period, dueAt, late, state: 'running', at: now });
  }
  const report = emptyReport();
  try {
    await advanceRuns(deps, job, workspace, now, calendar, report);
  } catch (error) {
    return { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  const run = getRun(deps.db, teamId, job.ritual, period);
  const held = report.held[0];
  if (run && held) return { kind: 'held', run, held };
  if (!run) return { kind: 'failed', error: `The ${job.ritual} run for ${period} was not recorded` };
  return { kind: 'ran', run, opened: !existing, finished: run.state === 'done' };
}
