// What is due, running, done and missed, per ritual: the same picture for Slack and for the CLI.

import type { PeriodKey } from './calendar.js';
import type { RitualId } from './schedule.js';

export type RunState = 'running' | 'done' | 'missed';

/** Who is advancing a run, on the wall clock: live until `until`, renewed while its holder works. */
export interface RunLease {
  readonly holder: string;
  readonly since: Date;
  readonly until: Date;
}

export interface RunSummary {
  readonly period: PeriodKey;
  readonly state: RunState;
  readonly dueAt: Date;
  readonly late: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** The live process advancing it now, if any. */
  readonly heldBy: RunLease | null;
}

export interface RitualStatus {
  readonly ritual: RitualId;
  /** "Monthly, first business day at 09:00 (America/Chicago)". */
  readonly schedule: string;
  readonly nextDueAt: Date;
  /** Open now, oldest first. */
  readonly running: readonly RunSummary[];
  /** The most recent finished or missed runs, newest first. */
  readonly recent: readonly RunSummary[];
}
