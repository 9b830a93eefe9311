import type { Db } from '../store/db.js';
import { type Announcement, enqueueAnnouncements } from '../store/outbox.js';

/**
 * Does a person's action and records what it announces in ONE write transaction: the announcements exist if and
 * only if the action happened, so a crash right after the action still sends them (src/rituals/announcements.ts).
 * `action` may run its own transaction: nested, it becomes part of this one.
 */
export function actAndAnnounce<R>(
  db: Db,
  teamId: string,
  at: Date,
  action: () => R,
  announce: (result: R) => readonly Announcement[],
): R {
  return db
    .transaction((): R => {
      const result = action();
      enqueueAnnouncements(db, teamId, at, announce(result));
      return result;
    })
    .immediate();
}
