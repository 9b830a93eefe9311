// The outbox: every message owed because of a person's action or a due check (an announcement, a feed incident's
// DM and chart, a ship-by reminder), written in the same transaction as what made it due and sent afterwards
// (src/rituals/announcements.ts), so a crash between the two loses nothing and a restart sends each once.

import type { TopLevelSpec } from 'vega-lite';
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

/** A chart to draw when it is sent (a Vega-Lite spec with its data) and the file it is shared as. */
export interface ChartArgs {
  /** Omitted for a chart in the thread of another send: it goes where that one went. */
  channel?: string;
  spec: TopLevelSpec;
  widthPx: number;
  filename: string;
  title: string;
  altText: string;
}

/** One Slack call to make: a new message (a DM when the channel is a user id, or a thread reply), an edit, a chart. */
export type SlackSend =
  | { readonly method: 'chat.postMessage'; readonly args: MessageArgs & { thread_ts?: string } }
  | { readonly method: 'chat.update'; readonly args: MessageArgs & { ts: string } }
  | { readonly method: 'files.uploadV2'; readonly args: ChartArgs };

/**
 * A send as it is queued. `key` names it, so it is queued once and other records can point at it; `threadOf` is
 * the key of an earlier send of the workspace it goes under.
 */
export type Announcement = SlackSend & { readonly key?: string; readonly threadOf?: string };

const messageArgs = z.object({
  channel: z.string().min(1),
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
});

const slackSend = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('chat.postMessage'),
    args: messageArgs.extend({ thread_ts: z.string().optional() }),
  }),
  z.object({ method: z.literal('chat.update'), args: messageArgs.extend({ ts: z.string().min(1) }) }),
  z.object({
    method: z.literal('files.uploadV2'),
    args: z.object({
      channel: z.string().min(1).optional(),
      // Built by src/charts and stored as it was: checked as a spec object, drawn by Vega when sent.
      spec: z.custom<TopLevelSpec>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
      widthPx: z.number().int().positive(),
      filename: z.string().min(1),
      title: z.string(),
      altText: z.string(),
    }),
  }),
]);

/** Where Slack put a message, kept for the sends that go in its thread. */
export interface SentPlace {
  readonly channel: string;
  readonly ts: string;
}

const sentPlace = z.object({ channel: z.string(), ts: z.string() });

export interface PendingAnnouncement {
  readonly id: number;
  readonly teamId: string;
  readonly key: string | null;
  readonly threadOf: string | null;
  readonly send: SlackSend;
  readonly attempts: number;
}

interface OutboxRow {
  id: number;
  team_id: string;
  key: string | null;
  thread_of: string | null;
  method: string;
  args: string;
  attempts: number;
}

/** Queues the sends; one whose key the workspace has queued before is ignored. */
export function enqueueAnnouncements(
  db: Db,
  teamId: string,
  at: Date,
  announcements: readonly Announcement[],
): void {
  const insert = cached(
    db,
    `INSERT INTO outbox (team_id, key, thread_of, method, args, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, key) WHERE key IS NOT NULL DO NOTHING`,
  );
  for (const a of announcements)
    insert.run(teamId, a.key ?? null, a.threadOf ?? null, a.method, JSON.stringify(a.args), toIso(at));
}

/** Pending sends of a workspace, oldest first, that no live sender has claimed at `wallNow`. */
export function pendingAnnouncements(db: Db, teamId: string, wallNow: Date): PendingAnnouncement[] {
  return (
    cached(
      db,
      `SELECT id, team_id, key, thread_of, method, args, attempts FROM outbox
        WHERE team_id = ? AND state = 'pending' AND (locked_until IS NULL OR locked_until < ?)
        ORDER BY id`,
    ).all(teamId, toIso(wallNow)) as OutboxRow[]
  ).map((r) => ({
    id: r.id,
    teamId: r.team_id,
    key: r.key,
    threadOf: r.thread_of,
    send: slackSend.parse({ method: r.method, args: JSON.parse(r.args) }),
    attempts: r.attempts,
  }));
}

/** What became of the send with this key: where it landed once sent, 'waiting' before, 'failed' for good. */
export function sentPlaceOf(db: Db, teamId: string, key: string): SentPlace | 'waiting' | 'failed' {
  const row = cached(db, 'SELECT state, result FROM outbox WHERE team_id = ? AND key = ?').get(teamId, key) as
    | { state: 'pending' | 'sent' | 'failed'; result: string | null }
    | undefined;
  if (row === undefined || row.state === 'failed') return 'failed';
  if (row.state === 'pending') return 'waiting';
  const place = row.result === null ? null : sentPlace.safeParse(JSON.parse(row.result));
  return place?.success ? place.data : 'failed';
}

/** Takes one send for `holder` until `until` (wall clock), unless sent or claimed by a live sender. */
export function claimAnnouncement(db: Db, id: number, holder: string, wallNow: Date, until: Date): boolean {
  return (
    cached(
      db,
      `UPDATE outbox SET locked_by = ?, locked_until = ?
        WHERE id = ? AND state = 'pending' AND (locked_until IS NULL OR locked_until < ?)`,
    ).run(holder, toIso(until), id, toIso(wallNow)).changes === 1
  );
}

export function markAnnouncementSent(db: Db, id: number, at: Date, place: SentPlace | null): void {
  cached(
    db,
    `UPDATE outbox SET state = 'sent', done_at = ?, result = ?, locked_by = NULL, locked_until = NULL
      WHERE id = ?`,
  ).run(toIso(at), place === null ? null : JSON.stringify(place), id);
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
