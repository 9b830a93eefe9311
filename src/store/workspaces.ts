import { z } from 'zod';
import type { Workspace } from '../domain/workspace.js';
import { cached, type Db } from './db.js';
import { parseColumn } from './json.js';
import { toIso } from './time.js';

interface WorkspaceRow {
  team_id: string;
  created_at: string;
  time_zone: string | null;
  currency: string;
  portfolio_owner_id: string | null;
  leadership_group_id: string | null;
  leadership_user_ids: string;
  review_channel_id: string | null;
  leadership_channel_id: string | null;
}

const fromRow = (r: WorkspaceRow): Workspace => ({
  teamId: r.team_id,
  createdAt: new Date(r.created_at),
  timeZone: r.time_zone,
  currency: r.currency,
  portfolioOwnerId: r.portfolio_owner_id,
  leadershipGroupId: r.leadership_group_id,
  leadershipUserIds: parseColumn(z.array(z.string()), r.leadership_user_ids, {
    table: 'workspaces',
    id: r.team_id,
    column: 'leadership_user_ids',
  }),
  reviewChannelId: r.review_channel_id,
  leadershipChannelId: r.leadership_channel_id,
});

/** The first request from a workspace creates its row; `createdAt` bounds which rituals it ever owes. */
export function ensureWorkspace(db: Db, teamId: string, now: Date): Workspace {
  cached(db, 'INSERT OR IGNORE INTO workspaces (team_id, created_at) VALUES (?, ?)').run(teamId, toIso(now));
  return getWorkspace(db, teamId) as Workspace;
}

export function getWorkspace(db: Db, teamId: string): Workspace | undefined {
  const row = cached(db, 'SELECT * FROM workspaces WHERE team_id = ?').get(teamId) as
    | WorkspaceRow
    | undefined;
  return row && fromRow(row);
}

/** Who owns the portfolio, as the settings say now; null until one is named. */
export function portfolioOwnerOf(db: Db, teamId: string): string | null {
  return getWorkspace(db, teamId)?.portfolioOwnerId ?? null;
}

export function listWorkspaces(db: Db): Workspace[] {
  return (cached(db, 'SELECT * FROM workspaces ORDER BY team_id').all() as WorkspaceRow[]).map(fromRow);
}
