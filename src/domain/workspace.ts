// A Slack workspace using the app, and the settings an admin gives it.

import { isValidZone } from './calendar.js';

export interface Workspace {
  readonly teamId: string;
  readonly createdAt: Date;
  /** Null until an admin sets it or the installer's Slack time zone is learnt. */
  readonly timeZone: string | null;
  readonly currency: string;
  readonly portfolioOwnerId: string | null;
  readonly leadershipGroupId: string | null;
  readonly leadershipUserIds: readonly string[];
  readonly reviewChannelId: string | null;
  readonly leadershipChannelId: string | null;
}

/** Everything the settings modal sets, all at once. */
export interface WorkspaceSettings {
  readonly portfolioOwnerId: string | null;
  readonly leadershipGroupId: string | null;
  readonly leadershipUserIds: readonly string[];
  readonly reviewChannelId: string | null;
  readonly leadershipChannelId: string | null;
  readonly timeZone: string;
  readonly currency: string;
}

/** Rituals, deadlines and dates run in UTC until the workspace has a zone of its own. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The zone a workspace's rituals, deadlines and dates run in. */
export const zoneOf = (w: Pick<Workspace, 'timeZone'>): string => w.timeZone ?? DEFAULT_TIME_ZONE;

/**
 * The zone the settings modal starts on: the workspace's own, else the opener's Slack zone (the best guess
 * for the plant before anyone chose), else the default.
 */
export function proposedZone(w: Pick<Workspace, 'timeZone'>, openerZone: string | null | undefined): string {
  if (w.timeZone !== null) return w.timeZone;
  return openerZone && isValidZone(openerZone) ? openerZone : DEFAULT_TIME_ZONE;
}

/** What the settings modal sets, as the workspace holds it now (its zone may be unset), for the audit row. */
export function settingsOf(w: Workspace): Omit<WorkspaceSettings, 'timeZone'> & { timeZone: string | null } {
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
