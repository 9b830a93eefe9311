import type { PeriodKey } from '../domain/calendar.js';
import type { RunLease, RunState, RunSummary } from '../domain/ritual-status.js';
import type { RitualId } from '../domain/schedule.js';
import { cached, type Db, mappedRow } from './db.js';
import { toIso } from './time.js';

export interface RitualRun extends Omit<RunSummary, 'heldBy'> {
  readonly id: number;
  readonly teamId: string;
  readonly ritual: RitualId;
  /** The last lease taken, live or lapsed; null once released. */
  readonly lease: RunLease | null;
}

interface RunRow {
  id: number;
  team_id: string;
  ritual: string;
  period: string;
  state: RunState;
  due_at: string;
  late: number;
  started_at: string;
  finished_at: string | null;
  locked_by: string | null;
  locked_since: string | null;
  locked_until: string | null;
}

const fromRow = (r: RunRow): RitualRun => ({
  id: r.id,
  teamId: r.team_id,
  ritual: r.ritual as RitualId,
  period: r.period,
  state: r.state,
  dueAt: new Date(r.due_at),
  late: r.late === 1,
  startedAt: new Date(r.started_at),
  finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  lease:
    r.locked_by && r.locked_until
      ? {
          holder: r.locked_by,
          since: new Date(r.locked_since ?? r.locked_until),
          until: new Date(r.locked_until),
        }
      : null,
});

export interface NewRun {
  readonly teamId: string;
  readonly ritual: RitualId;
  readonly period: PeriodKey;
  readonly dueAt: Date;
  readonly late: boolean;
  readonly state: 'running' | 'missed';
  readonly at: Date;
}

/** Idempotent: the UNIQUE (team, ritual, period) key means a period is opened or missed once. */
export function insertRun(db: Db, r: NewRun): void {
  cached(
    db,
    `INSERT OR IGNORE INTO ritual_runs (team_id, ritual, period, state, due_at, late, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.teamId,
    r.ritual,
    r.period,
    r.state,
    toIso(r.dueAt),
    r.late ? 1 : 0,
    toIso(r.at),
    r.state === 'missed' ? toIso(r.at) : null,
  );
}

export function runsOf(db: Db, teamId: string, ritual: RitualId): RitualRun[] {
  return (
    cached(db, 'SELECT * FROM ritual_runs WHERE team_id = ? AND ritual = ? ORDER BY period').all(
      teamId,
      ritual,
    ) as RunRow[]
  ).map(fromRow);
}

export function runningRuns(db: Db, teamId: string, ritual: RitualId): RitualRun[] {
  return runsOf(db, teamId, ritual).filter((r) => r.state === 'running');
}

export function getRun(db: Db, teamId: string, ritual: RitualId, period: PeriodKey): RitualRun | undefined {
  return mappedRow(
    db,
    'SELECT * FROM ritual_runs WHERE team_id = ? AND ritual = ? AND period = ?',
    fromRow,
    teamId,
    ritual,
    period,
  );
}

export function finishRun(db: Db, runId: number, at: Date): void {
  cached(db, `UPDATE ritual_runs SET state = 'done', finished_at = ? WHERE id = ? AND state = 'running'`).run(
    toIso(at),
    runId,
  );
}

/**
 * Takes or renews the run for `holder` until `until` unless another holder's lease is still live at `wallNow`.
 * Both instants are real time, never the ritual's own instant. Keeps `since` across renewals.
 */
export function leaseRun(db: Db, runId: number, holder: string, wallNow: Date, until: Date): boolean {
  const info = cached(
    db,
    `UPDATE ritual_runs
        SET locked_since = CASE WHEN locked_by = ? THEN locked_since ELSE ? END, locked_by = ?, locked_until = ?
      WHERE id = ? AND (locked_by IS NULL OR locked_by = ? OR locked_until < ?)`,
  ).run(holder, toIso(wallNow), holder, toIso(until), runId, holder, toIso(wallNow));
  return info.changes === 1;
}

export function releaseRun(db: Db, runId: number, holder: string): void {
  cached(
    db,
    `UPDATE ritual_runs SET locked_by = NULL, locked_since = NULL, locked_until = NULL
      WHERE id = ? AND locked_by = ?`,
  ).run(runId, holder);
}

export function getRunById(db: Db, runId: number): RitualRun | undefined {
  return mappedRow(db, 'SELECT * FROM ritual_runs WHERE id = ?', fromRow, runId);
}

export function stepResult(db: Db, runId: number, step: string): { found: boolean; result: unknown } {
  const row = cached(db, 'SELECT result FROM ritual_steps WHERE run_id = ? AND step = ?').get(runId, step) as
    | { result: string | null }
    | undefined;
  if (!row) return { found: false, result: undefined };
  return { found: true, result: row.result === null ? undefined : JSON.parse(row.result) };
}

export function recordStep(db: Db, runId: number, step: string, at: Date, result: unknown): void {
  cached(db, 'INSERT INTO ritual_steps (run_id, step, done_at, result) VALUES (?, ?, ?, ?)').run(
    runId,
    step,
    toIso(at),
    result === undefined ? null : JSON.stringify(result),
  );
}

export function stepsDone(db: Db, runId: number, prefix = ''): string[] {
  return (
    cached(
      db,
      `SELECT step FROM ritual_steps WHERE run_id = ? AND step LIKE ? ESCAPE '\\' ORDER BY done_at, step`,
    ).all(runId, `${prefix.replace(/[\\%_]/g, '\\$&')}%`) as { step: string }[]
  ).map((r) => r.step);
}
