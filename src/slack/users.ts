import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../slack-errors.js';
import { withDeadline } from './deadline.js';

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

  /**
   * The person as Slack knows them. When Slack does not answer in time, a stale cached answer is better
   * than none; with nothing cached the lookup fails (SlackTooSlowError) so the caller can say so in time.
   */
  async get(client: WebClient, userId: string): Promise<SlackUser | undefined> {
    const cached = this.cache.get(userId);
    if (cached && this.now().getTime() - cached.fetchedAt < this.ttlMs) return cached.user;
    const lookup = client.users.info({ user: userId }).catch((error: unknown) => {
      if (slackErrorCode(error) === 'user_not_found') return undefined;
      throw error;
    });
    let res: Awaited<typeof lookup>;
    try {
      res = await withDeadline(lookup, 'users.info');
    } catch (error) {
      if (cached) return cached.user;
      throw error;
    }
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
