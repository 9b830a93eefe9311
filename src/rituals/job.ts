import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { FeedConfig } from '../config.js';
import type { WorkCalendar } from '../domain/calendar.js';
import type { RitualId, RitualSchedule } from '../domain/schedule.js';
import type { Workspace } from '../domain/workspace.js';
import type { Db } from '../store/db.js';
import type { RitualRun } from '../store/ritual-runs.js';
import type { WallClock } from './lease.js';
import type { PacedSlack } from './pacing.js';

export interface RitualDeps {
  readonly db: Db;
  readonly client: WebClient;
  readonly logger: Logger;
  /** Paced sends; by default a twin of `client` that hands 429s to the pacer. Tests pass one with a fake clock. */
  readonly slack?: PacedSlack;
  /** Aborted when the app stops: no new send starts, and every send already answered is recorded. */
  readonly signal?: AbortSignal;
  /** Real time for leases, whatever instant the ritual runs for; tests move it on. Defaults to the system clock. */
  readonly wallClock?: WallClock;
  /** Slack refused the bot token itself (revoked, app uninstalled): the app stops and says which setting to fix. */
  readonly onTokenRefused?: (code: string) => void;
  /** How long raw feed observations are kept; the default when absent. */
  readonly feeds?: Pick<FeedConfig, 'retentionDays'>;
}

export interface RitualContext extends RitualDeps {
  readonly now: Date;
  readonly workspace: Workspace;
  /** The workspace's time zone, UTC until one is set. */
  readonly zone: string;
  /** Its working days: every business-day count of a ritual goes through this (holidays, closed days). */
  readonly calendar: WorkCalendar;
  readonly run: RitualRun;
  /** Every send of a ritual goes through this, so it is paced per Slack's tiers and 429s are waited out. */
  readonly slack: PacedSlack;
  /**
   * Runs `send` at most once per (run, key), across restarts: a step already recorded returns its stored
   * result without calling Slack again. Record only after Slack answered, so nothing is skipped.
   */
  step<T>(key: string, send: () => Promise<T>): Promise<T>;
}

/**
 * A scheduled ritual. `advance` is called on every heartbeat while its run is open: it does whatever
 * is due at `now` (each send through `step`) and says whether the run is complete.
 */
export interface RitualJob {
  readonly ritual: RitualId;
  /** The database is there for settings kept beside the workspace row (a ritual's own time of day). */
  schedule(workspace: Workspace, db: Db): RitualSchedule;
  advance(ctx: RitualContext): Promise<'running' | 'done'>;
}
