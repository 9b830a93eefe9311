import type { Workspace, WorkspaceSettings } from '../domain/workspace.js';
import { recordAudit } from './audit.js';
import { cached, type Db } from './db.js';
import { toIso } from './time.js';
import { ensureWorkspace } from './workspaces.js';

export const WORKSPACE_ENTITY = 'workspace';

function settingsOf(w: Workspace): Omit<WorkspaceSettings, 'timeZone'> & { timeZone: string | null } {
  return {
    portfolioOwnerId: w.portfolioOwnerId,
    leadershipGroupId: w.leadershipGroupId,
    leadershipUserIds: w.leadershipUserIds,
    reviewChannelId: w.reviewChannelId,
    leadershipChannelId: w.leadershipChannelId,
    timeZone: w.timeZone,
    currency: w.currency,
  };
}

/**
 * Saves the settings and who saved them, with an audit row of what was there before. Saving what is
 * already there (a Slack retry of the same submission, or Save without a change) writes nothing.
 */
export function saveSettings(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; settings: WorkspaceSettings },
): Workspace {
  return db
    .transaction((): Workspace => {
      const before = ensureWorkspace(db, p.teamId, p.at);
      const s = { ...p.settings, leadershipUserIds: [...new Set(p.settings.leadershipUserIds)] };
      if (JSON.stringify(settingsOf(before)) === JSON.stringify(settingsOf({ ...before, ...s })))
        return before;
      cached(
        db,
        `UPDATE workspaces SET portfolio_owner_id = ?, leadership_group_id = ?, leadership_user_ids = ?,
         review_channel_id = ?, leadership_channel_id = ?, time_zone = ?, currency = ?,
         settings_updated_at = ?, settings_updated_by = ?
       WHERE team_id = ?`,
      ).run(
        s.portfolioOwnerId,
        s.leadershipGroupId,
        JSON.stringify(s.leadershipUserIds),
        s.reviewChannelId,
        s.leadershipChannelId,
        s.timeZone,
        s.currency,
        toIso(p.at),
        p.actorId,
        p.teamId,
      );
      const after = ensureWorkspace(db, p.teamId, p.at);
      recordAudit(db, {
        teamId: p.teamId,
        actorId: p.actorId,
        entity: WORKSPACE_ENTITY,
        entityId: p.teamId,
        action: 'settings',
        before: settingsOf(before),
        after: settingsOf(after),
        at: p.at,
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
  p: { teamId: string; adminId: string; zone: string; at: Date },
): boolean {
  return db
    .transaction((): boolean => {
      ensureWorkspace(db, p.teamId, p.at);
      const info = cached(
        db,
        'UPDATE workspaces SET time_zone = ? WHERE team_id = ? AND time_zone IS NULL',
      ).run(p.zone, p.teamId);
      if (info.changes === 0) return false;
      recordAudit(db, {
        teamId: p.teamId,
        actorId: p.adminId,
        entity: WORKSPACE_ENTITY,
        entityId: p.teamId,
        action: 'time_zone_adopted',
        before: { timeZone: null },
        after: { timeZone: p.zone },
        at: p.at,
      });
      return true;
    })
    .immediate();
}
