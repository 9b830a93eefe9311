// Sends the outbox (src/store/outbox.ts): announcements recorded with a person's action, and what the due checks
// owe (feed incidents' DMs and charts, ship-by reminders). Kicked right after the transaction that queued them, and
// tried again by every heartbeat (a due check), through the same paced, one-at-a-time machinery as the rituals'
// steps: claimed before the send, marked after, so a restart sends each once.

import type { ChatPostMessageArguments, ChatUpdateArguments } from '@slack/web-api';
import { renderChart } from '../charts/render.js';
import { chartUploadArgs } from '../charts/upload.js';
import { lastingRefusal, tokenRefusal } from '../slack-errors.js';
import {
  type Announcement,
  type ChartArgs,
  claimAnnouncement,
  markAnnouncementFailed,
  markAnnouncementSent,
  type PendingAnnouncement,
  pendingAnnouncements,
  releaseAnnouncement,
  type SentPlace,
  type SlackSend,
  sentPlaceOf,
} from '../store/outbox.js';
import { actAndAnnounce } from '../usecases/announcements.js';
import type { CheckContext, DueCheck } from './checks.js';
import type { RitualDeps } from './job.js';
import { HOLDER, LEASE_MS, wallClock } from './lease.js';
import { type PacedSlack, pacedSlackFor, StoppedError } from './pacing.js';

type SenderDeps = Pick<RitualDeps, 'db' | 'logger' | 'signal' | 'wallClock' | 'onTokenRefused'> & {
  readonly slack: PacedSlack;
};

/** A chart that cannot be drawn is a lasting failure of its send: drawing it again will not help. */
class NotDrawnError extends Error {}

async function shareChart(
  slack: PacedSlack,
  args: ChartArgs,
  channel: string,
  threadTs: string | undefined,
  signal: AbortSignal | undefined,
): Promise<null> {
  let png: Awaited<ReturnType<typeof renderChart>>;
  try {
    png = await renderChart(args.spec, args.widthPx);
  } catch (error) {
    throw new NotDrawnError(error instanceof Error ? error.message : String(error));
  }
  const upload = chartUploadArgs(
    { ...png, filename: args.filename, title: args.title, altText: args.altText },
    { channelId: channel, ...(threadTs ? { threadTs } : {}) },
  );
  await slack.call('files.completeUploadExternal', channel, (c) => c.filesUploadV2(upload), signal);
  return null;
}

/** Makes the call; a send in another's thread goes where that one went. Returns where a message landed. */
async function send(
  slack: PacedSlack,
  s: SlackSend,
  parent: SentPlace | null,
  signal: AbortSignal | undefined,
): Promise<SentPlace | null> {
  const thread = parent ? { channel: parent.channel, thread_ts: parent.ts } : {};
  if (s.method === 'files.uploadV2') {
    const channel = parent?.channel ?? s.args.channel;
    if (channel === undefined) throw new NotDrawnError('a chart with nowhere to go');
    return shareChart(slack, s.args, channel, parent?.ts, signal);
  }
  if (s.method === 'chat.update') {
    const args: ChatUpdateArguments = s.args;
    const updated = await slack.call(
      'chat.update',
      args.channel,
      (client) => client.chat.update(args),
      signal,
    );
    return updated.channel && updated.ts ? { channel: updated.channel, ts: updated.ts } : null;
  }
  const args: ChatPostMessageArguments = { ...s.args, ...thread };
  const posted = await slack.postMessage(args, signal);
  return posted.channel && posted.ts ? { channel: posted.channel, ts: posted.ts } : null;
}

/** What one pending send waits for: nothing, the message it goes under, or that message failed for good. */
function parentOf(deps: SenderDeps, pending: PendingAnnouncement): SentPlace | null | 'waiting' | 'failed' {
  return pending.threadOf === null ? null : sentPlaceOf(deps.db, pending.teamId, pending.threadOf);
}

/**
 * Sends every pending announcement of the workspace, oldest first. A lasting refusal (the person left) is kept
 * with its reason; an outage or a stop leaves the rest pending for the next heartbeat. A send in the thread of one
 * not yet sent waits for it. Returns the sends made: their keys, or `announcement <id>` for those without one.
 */
export async function deliverAnnouncements(deps: SenderDeps, teamId: string): Promise<string[]> {
  const clock = deps.wallClock ?? wallClock;
  const sent: string[] = [];
  for (const pending of pendingAnnouncements(deps.db, teamId, clock())) {
    if (deps.signal?.aborted) throw new StoppedError();
    await deps.slack.oneAtATime(teamId, async () => {
      const parent = parentOf(deps, pending);
      if (parent === 'waiting') return;
      if (parent === 'failed') {
        markAnnouncementFailed(deps.db, pending.id, clock(), `the message it goes under was not sent`);
        return;
      }
      const now = clock();
      // Claimed inside the workspace's turn: another kick, or another process, may have sent it meanwhile.
      if (!claimAnnouncement(deps.db, pending.id, HOLDER, now, new Date(now.getTime() + LEASE_MS))) return;
      let place: SentPlace | null;
      try {
        place = await send(deps.slack, pending.send, parent, deps.signal);
      } catch (error) {
        const refusal =
          error instanceof NotDrawnError ? `not drawn: ${error.message}` : lastingRefusal(error);
        if (refusal === undefined) {
          const refusedToken = tokenRefusal(error);
          releaseAnnouncement(deps.db, pending.id, HOLDER);
          if (refusedToken) deps.onTokenRefused?.(refusedToken);
          throw error;
        }
        markAnnouncementFailed(deps.db, pending.id, clock(), refusal);
        deps.logger.warn(
          `Slack refused an announcement (${pending.key ?? pending.send.method} to ${pending.send.args.channel ?? pending.threadOf}): ${refusal}`,
        );
        return;
      }
      markAnnouncementSent(deps.db, pending.id, clock(), place);
      sent.push(pending.key ?? `announcement ${pending.id}`);
    });
  }
  return sent;
}

/**
 * The keys among `sent` that name sends of one kind (`<kind> <subject>`), without the kind: what a due check that
 * queued them reports as sent.
 */
export function sentOfKind(sent: readonly string[], kind: string): string[] {
  return sent.flatMap((key) => (key.startsWith(`${kind} `) ? [key.slice(kind.length + 1)] : []));
}

/**
 * A due check that owes messages of one kind: `take` finds what fell due and `announce` writes its messages, queued
 * in the same transaction, so what is taken is sent once; then the workspace's pending sends go out, and the check
 * reports those of its kind.
 */
export function outboxCheck<R>(
  name: string,
  kind: string,
  take: (ctx: CheckContext) => R,
  announce: (ctx: CheckContext, taken: R) => readonly Announcement[],
): DueCheck {
  return {
    name,
    async run(ctx) {
      const teamId = ctx.workspace.teamId;
      actAndAnnounce(
        ctx.db,
        teamId,
        ctx.now,
        () => take(ctx),
        (taken) => announce(ctx, taken),
      );
      return sentOfKind(await deliverAnnouncements(ctx, teamId), kind);
    },
  };
}

/** Every heartbeat sends what a kick could not (Slack was down, the app stopped or died). */
export const announcementsCheck: DueCheck = {
  name: 'announcements',
  run(ctx) {
    return deliverAnnouncements(ctx, ctx.workspace.teamId);
  },
};

export interface AnnouncerDeps
  extends Pick<RitualDeps, 'db' | 'client' | 'logger' | 'wallClock' | 'onTokenRefused'> {
  readonly slack?: PacedSlack;
}

/** The listeners' side: record an action with its announcements, then send them at once in the background. */
export class Announcer {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly sender: SenderDeps;

  constructor(deps: AnnouncerDeps) {
    this.sender = {
      ...deps,
      slack: deps.slack ?? pacedSlackFor(deps.client, deps.logger),
      signal: this.stopping.signal,
    };
  }

  /** `action` and its announcements in one transaction (see actAndAnnounce), then a kick to send them. */
  record<R>(teamId: string, at: Date, action: () => R, announce: (result: R) => readonly Announcement[]): R {
    const result = actAndAnnounce(this.sender.db, teamId, at, action, announce);
    this.kick(teamId);
    return result;
  }

  /** Sends what is pending for the workspace now; anything left waits for the next heartbeat. */
  kick(teamId: string): void {
    if (this.stopping.signal.aborted) return;
    const work = deliverAnnouncements(this.sender, teamId).then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof StoppedError) return;
        const message = error instanceof Error ? error.message : String(error);
        this.sender.logger.warn(`Announcements for ${teamId} wait for the next heartbeat: ${message}`);
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Lets sends under way finish for up to `graceMs`, then starts no more: what is left stays pending. */
  async stop(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    this.stopping.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
