// Due checks: the engine's second kind of scheduled work.
//
// A ritual is one run per (team, ritual, period) on a monthly or quarterly calendar. A ship-by reminder is not:
// it falls due 30, 60 or 90 days after whatever day a candidate was committed, so there is no period to key a run
// by. A due check instead keeps its own rows of what falls due when; once due, it hands the message to the outbox in
// the same transaction (src/rituals/announcements.ts sends it, claimed before and marked after). The heartbeat
// calls every check for every workspace; calling again repeats nothing.

import { type Workspace, zoneOf } from '../domain/workspace.js';
import { listWorkspaces } from '../store/workspaces.js';
import type { RitualDeps } from './job.js';
import { type PacedSlack, pacedSlackFor } from './pacing.js';

export interface CheckContext extends RitualDeps {
  readonly now: Date;
  readonly workspace: Workspace;
  /** The workspace's time zone, UTC until one is set. */
  readonly zone: string;
  /** Paced sends, shared with the rituals so both stay inside Slack's limits together. */
  readonly slack: PacedSlack;
}

export interface DueCheck {
  readonly name: string;
  /** Sends what is due at `now` and returns a short key for each send made, for the report. */
  run(ctx: CheckContext): Promise<readonly string[]>;
}

export interface CheckReport {
  readonly sent: { teamId: string; check: string; key: string }[];
  readonly failed: { teamId: string; check: string; error: string }[];
}

/** One heartbeat of every check for every workspace; a failing check is reported and the others still run. */
export async function runDueChecks(
  deps: RitualDeps,
  checks: readonly DueCheck[],
  now: Date,
): Promise<CheckReport> {
  const report: CheckReport = { sent: [], failed: [] };
  const slack = deps.slack ?? pacedSlackFor(deps.client, deps.logger);
  for (const workspace of listWorkspaces(deps.db)) {
    if (deps.signal?.aborted) break;
    const ctx: CheckContext = { ...deps, now, workspace, zone: zoneOf(workspace), slack };
    for (const check of checks) {
      try {
        for (const key of await check.run(ctx))
          report.sent.push({ teamId: workspace.teamId, check: check.name, key });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.logger.error(`Check ${check.name} for ${workspace.teamId} failed: ${message}`);
        report.failed.push({ teamId: workspace.teamId, check: check.name, error: message });
      }
    }
  }
  return report;
}
