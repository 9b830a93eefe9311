import type { Logger } from '@slack/bolt';
import type { FeedConfig } from '../config.js';
import type { Announcer } from '../rituals/announcements.js';
import type { Db } from '../store/db.js';
import type { UserDirectory } from './users.js';

/** What every listener needs besides Slack's own arguments. `now` is the only clock. */
export interface AppDeps {
  readonly db: Db;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly users: UserDirectory;
  /** Records an action with what it announces, in one transaction, then sends the announcements (durably). */
  readonly announcements: Announcer;
  /** The live-feed intake's settings: the example request a new token comes with names its URL. */
  readonly feeds: FeedConfig;
}
