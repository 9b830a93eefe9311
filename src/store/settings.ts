import type { WorkspaceSettings } from '../domain/workspace.js';
import { cached, type Db } from './db.js';
import { toIso } from './time.js';

/** The audit-log entity settings changes are recorded under. */
export const WORKSPACE_ENTITY = 'workspace';

/** Writes every setting at once, with who saved them and when. */
export function writeSettings(
  db: Db,
  p: { teamId: string; actorId: string; at: Date; settings: WorkspaceSettings },
): void {
  const s = p.settings;
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
}

/** Sets the zone of a workspace that has none; false when it already had one. */
export function setZoneIfUnset(db: Db, teamId: string, zone: string): boolean {
  return (
    cached(db, 'UPDATE workspaces SET time_zone = ? WHERE team_id = ? AND time_zone IS NULL').run(
      zone,
      teamId,
    ).changes === 1
  );
}
