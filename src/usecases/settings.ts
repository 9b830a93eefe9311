// What an admin or the portfolio owner sets for the workspace, and the zone it takes before anyone does.

import { canChangeSettings, type Person } from '../domain/roles.js';
import { settingsOf, type Workspace, type WorkspaceSettings } from '../domain/workspace.js';
import { recordAudit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import { setZoneIfUnset, WORKSPACE_ENTITY, writeSettings } from '../store/settings.js';
import { ensureWorkspace, portfolioOwnerOf } from '../store/workspaces.js';

/**
 * Whether this person may change how the workspace runs (settings, calendar, vote and review settings, feed
 * alerts, an early review), as the settings say now: canChangeSettings decides.
 */
export function mayChangeSettings(db: Db, p: { teamId: string; actor: Person }): boolean {
  return canChangeSettings(p.actor, portfolioOwnerOf(db, p.teamId));
}

/**
 * Saves the settings and who saved them, with an audit row of what was there before. Saving what is
 * already there (a Slack retry of the same submission, or Save without a change) writes nothing.
 */
export function saveSettings(
  db: Db,
  now: Date,
  p: { teamId: string; actorId: string; settings: WorkspaceSettings },
): Workspace {
  return db
    .transaction((): Workspace => {
      const before = ensureWorkspace(db, p.teamId, now);
      const settings = { ...p.settings, leadershipUserIds: [...new Set(p.settings.leadershipUserIds)] };
      if (JSON.stringify(settingsOf(before)) === JSON.stringify(settingsOf({ ...before, ...settings })))
        return before;
      writeSettings(db, { teamId: p.teamId, actorId: p.actorId, at: now, settings });
      const after = ensureWorkspace(db, p.teamId, now);
      recordAudit(db, {
        teamId: p.teamId,
        actorId: p.actorId,
        entity: WORKSPACE_ENTITY,
        entityId: p.teamId,
        action: 'settings',
        before: settingsOf(before),
        after: settingsOf(after),
        at: now,
      });
      return after;
    })
    .immediate();
}

/**
 * Until an admin sets one, the workspace keeps the time zone of the first admin Slack shows us: the
 * rituals then run at local hours from the start. Never overwrites a zone already set; audited.
 */
export function adoptTimeZone(
  db: Db,
  now: Date,
  p: { teamId: string; adminId: string; zone: string },
): boolean {
  return db
    .transaction((): boolean => {
      ensureWorkspace(db, p.teamId, now);
      if (!setZoneIfUnset(db, p.teamId, p.zone)) return false;
      recordAudit(db, {
        teamId: p.teamId,
        actorId: p.adminId,
        entity: WORKSPACE_ENTITY,
        entityId: p.teamId,
        action: 'time_zone_adopted',
        before: { timeZone: null },
        after: { timeZone: p.zone },
        at: now,
      });
      return true;
    })
    .immediate();
}
