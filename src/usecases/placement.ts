// Placing the operation: six answers, checked against what the app's own records show.

import { type Answers, place, type StoredPlacement } from '../domain/placement.js';
import { zoneOf } from '../domain/workspace.js';
import type { Db } from '../store/db.js';
import { placementEvidence } from '../store/evidence.js';
import { savePlacement } from '../store/placements.js';
import { ensureWorkspace } from '../store/workspaces.js';
import { monitoredAgents } from './feeds.js';

/**
 * Places the operation from the answers and the evidence as it stands now, and stores the placement once
 * per submitted modal: a retried submission gets the placement the first one stored. The workspace's zone
 * comes back with it, read in the same transaction, for the days its reasons name.
 */
export function placeOperation(
  db: Db,
  now: Date,
  p: { teamId: string; userId: string; answers: Answers; sourceViewId: string },
): { placement: StoredPlacement; created: boolean; timeZone: string } {
  return db
    .transaction(() => {
      const workspace = ensureWorkspace(db, p.teamId, now);
      // A production agent with a healthy live feed is monitored by the records, not by a claim.
      const evidence = {
        ...placementEvidence(db, p.teamId),
        monitoredAgents: monitoredAgents(db, now, p.teamId),
      };
      const saved = savePlacement(db, {
        teamId: p.teamId,
        userId: p.userId,
        at: now,
        answers: p.answers,
        evidence,
        placement: place(p.answers, evidence),
        sourceViewId: p.sourceViewId,
      });
      return { ...saved, timeZone: zoneOf(workspace) };
    })
    .immediate();
}
