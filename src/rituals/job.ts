import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { RitualId, RitualSchedule } from '../domain/schedule.js';
import type { Db } from '../store/db.js';
import type { RitualRun } from '../store/ritual-runs.js';
import type { Workspace } from '../store/workspaces.js';

export interface RitualDeps {
  readonly db: Db;
  readonly client: WebClient;
  readonly logger: Logger;
}

export interface RitualContext extends RitualDeps {
  readonly now: Date;
  readonly workspace: Workspace;
  /** The workspace's time zone, UTC until one is set. */
  readonly zone: string;
  readonly run: RitualRun;
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
  schedule(workspace: Workspace): RitualSchedule;
  advance(ctx: RitualContext): Promise<'running' | 'done'>;
}
