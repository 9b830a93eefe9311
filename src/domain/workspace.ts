// A Slack workspace using the app, and the settings an admin gives it.

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
