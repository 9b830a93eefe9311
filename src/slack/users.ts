import type { WebClient } from '@slack/web-api';

export interface SlackUser {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string | null;
  readonly isAdmin: boolean;
  readonly deleted: boolean;
}

interface CachedUser {
  readonly user: SlackUser;
  readonly fetchedAt: number;
}

/**
 * Who someone is comes from Slack's users.info, never from a payload alone. Cached briefly, because
 * admin rights and deactivations change rarely but a click must answer within 3 seconds.
 */
export class UserDirectory {
  private readonly cache = new Map<string, CachedUser>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  async get(client: WebClient, userId: string): Promise<SlackUser | undefined> {
    const cached = this.cache.get(userId);
    if (cached && this.now().getTime() - cached.fetchedAt < this.ttlMs) return cached.user;
    const res = await client.users.info({ user: userId }).catch((error: unknown) => {
      if (
        error instanceof Error &&
        'data' in error &&
        (error.data as { error?: string }).error === 'user_not_found'
      ) {
        return undefined;
      }
      throw error;
    });
    const u = res?.user;
    if (!u?.id) return undefined;
    const user: SlackUser = {
      id: u.id,
      name: u.profile?.display_name || u.real_name || u.name || u.id,
      timeZone: u.tz ?? null,
      isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
      deleted: Boolean(u.deleted),
    };
    this.cache.set(userId, { user, fetchedAt: this.now().getTime() });
    return user;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  async isAdmin(client: WebClient, userId: string): Promise<boolean> {
    return (await this.get(client, userId))?.isAdmin ?? false;
  }
}
