// The outbox: announcements that follow a person's action, written in the same transaction as the action and sent
// afterwards (src/rituals/announcements.ts), so a crash between the two loses nothing.

import { z } from 'zod';
import { cached, type Db } from './db.js';
import { toIso } from './time.js';

/** A Block Kit block as the builders emit it and Slack takes it; stored whole. */
interface StoredBlock {
  type: string;
  block_id?: string;
}

interface MessageArgs {
  channel: string;
  text: string;
  blocks?: StoredBlock[];
}

/** One Slack call to make: a new message (a DM when the channel is a user id, or a thread reply) or an edit. */
export type Announcement =
  | { readonly method: 'chat.postMessage'; readonly args: MessageArgs & { thread_ts?: string } }
  | { readonly method: 'chat.update'; readonly args: MessageArgs & { ts: string } };

const messageArgs = z.object({
  channel: z.string().min(1),
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
});

const announcement = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('chat.postMessage'),
    args: messageArgs.extend({ thread_ts: z.string().optional() }),
  }),
  z.object({ method: z.literal('chat.update'), args: messageArgs.extend({ ts: z.string().min(1) }) }),
]);

export interface PendingAnnouncement {
  readonly id: number;
  readonly teamId: string;
  readonly announcement: Announcement;
  readonly attempts: number;
}

interface OutboxRow {
  id: number;
  team_id: string;
  method: string;
  args: string;
  attempts: number;
}

export function enqueueAnnouncements(
  db: Db,
  teamId: string,
  at: Date,
  announcements: readonly Announcement[],
): void {
  const insert = cached(db, 'INSERT INTO outbox (team_id, method, args, created_at) VALUES (?, ?, ?, ?)');
  for (const a of announcements) insert.run(teamId, a.method, JSON.stringify(a.args), toIso(at));
}

/** Pending announcements of a workspace, oldest first, that no live sender has claimed at `wallNow`. */
export function pendingAnnouncements(db: Db, teamId: string, wallNow: Date): PendingAnnouncement[] {
  return (
    cached(
      db,
      `SELECT id, team_id, method, args, attempts FROM outbox
        WHERE team_id = ? AND state = 'pending' AND (locked_until IS NULL OR locked_until < ?)
        ORDER BY id`,
    ).all(teamId, toIso(wallNow)) as OutboxRow[]
  ).map((r) => ({
    id: r.id,
    teamId: r.team_id,
    announcement: announcement.parse({ method: r.method, args: JSON.parse(r.args) }),
    attempts: r.attempts,
  }));
}

/** Takes one announcement for `holder` until `until` (wall clock), unless sent or claimed by a live sender. */
export function claimAnnouncement(db: Db, id: number, holder: string, wallNow: Date, until: Date): boolean {
  return (
    cached(
      db,
      `UPDATE outbox SET locked_by = ?, locked_until = ?
        WHERE id = ? AND state = 'pending' AND (locked_until IS NULL OR locked_until < ?)`,
    ).run(holder, toIso(until), id, toIso(wallNow)).changes === 1
  );
}

export function markAnnouncementSent(db: Db, id: number, at: Date): void {
  cached(
    db,
    `UPDATE outbox SET state = 'sent', done_at = ?, locked_by = NULL, locked_until = NULL WHERE id = ?`,
  ).run(toIso(at), id);
}

/** Slack refused it for good (the person left, the message is gone): kept with the reason, never retried. */
export function markAnnouncementFailed(db: Db, id: number, at: Date, error: string): void {
  cached(
    db,
    `UPDATE outbox SET state = 'failed', done_at = ?, error = ?, attempts = attempts + 1,
       locked_by = NULL, locked_until = NULL WHERE id = ?`,
  ).run(toIso(at), error, id);
}

/** Not sent this time (Slack is down, or the app is stopping): free for the next heartbeat to try again. */
export function releaseAnnouncement(db: Db, id: number, holder: string): void {
  cached(
    db,
    `UPDATE outbox SET attempts = attempts + 1, locked_by = NULL, locked_until = NULL
      WHERE id = ? AND locked_by = ?`,
  ).run(id, holder);
}
