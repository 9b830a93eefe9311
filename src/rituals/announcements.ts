// Sends the outbox (src/store/outbox.ts): announcements recorded with a person's action. Kicked right after the
// action's transaction, and tried again by every heartbeat (a due check), through the same paced, one-at-a-time
// machinery as the rituals' steps: claimed before the send, marked after, so a restart sends each once.

import type { ChatPostMessageArguments, ChatUpdateArguments } from '@slack/web-api';
import { lastingRefusal, tokenRefusal } from '../slack-errors.js';
import {
  type Announcement,
  claimAnnouncement,
  markAnnouncementFailed,
  markAnnouncementSent,
  pendingAnnouncements,
  releaseAnnouncement,
} from '../store/outbox.js';
import { actAndAnnounce } from '../usecases/announcements.js';
import type { DueCheck } from './checks.js';
import type { RitualDeps } from './job.js';
import { HOLDER, LEASE_MS, wallClock } from './lease.js';
import { type PacedSlack, pacedSlackFor, StoppedError } from './pacing.js';

type SenderDeps = Pick<RitualDeps, 'db' | 'logger' | 'signal' | 'wallClock' | 'onTokenRefused'> & {
  readonly slack: PacedSlack;
};

function send(slack: PacedSlack, a: Announcement, signal: AbortSignal | undefined): Promise<unknown> {
  if (a.method === 'chat.update') {
    const args: ChatUpdateArguments = a.args;
    return slack.call('chat.update', args.channel, (client) => client.chat.update(args), signal);
  }
  const args: ChatPostMessageArguments = a.args;
  return slack.postMessage(args, signal);
}

/**
 * Sends every pending announcement of the workspace, oldest first. A lasting refusal (the person left) is kept
 * with its reason; an outage or a stop leaves the rest pending for the next heartbeat. Returns the ids sent.
 */
export async function deliverAnnouncements(deps: SenderDeps, teamId: string): Promise<number[]> {
  const clock = deps.wallClock ?? wallClock;
  const sent: number[] = [];
  for (const pending of pendingAnnouncements(deps.db, teamId, clock())) {
    if (deps.signal?.aborted) throw new StoppedError();
    await deps.slack.oneAtATime(teamId, async () => {
      const now = clock();
      // Claimed inside the workspace's turn: another kick, or another process, may have sent it meanwhile.
      if (!claimAnnouncement(deps.db, pending.id, HOLDER, now, new Date(now.getTime() + LEASE_MS))) return;
      try {
        await send(deps.slack, pending.announcement, deps.signal);
      } catch (error) {
        const refusal = lastingRefusal(error);
        if (refusal === undefined) {
          const refusedToken = tokenRefusal(error);
          releaseAnnouncement(deps.db, pending.id, HOLDER);
          if (refusedToken) deps.onTokenRefused?.(refusedToken);
          throw error;
        }
        markAnnouncementFailed(deps.db, pending.id, clock(), refusal);
        deps.logger.warn(
          `Slack refused an announcement (${pending.announcement.method} to ${pending.announcement.args.channel}): ${refusal}`,
        );
        return;
      }
      markAnnouncementSent(deps.db, pending.id, clock());
      sent.push(pending.id);
    });
  }
  return sent;
}

/** Every heartbeat sends what a kick could not (Slack was down, the app stopped or died). */
export const announcementsCheck: DueCheck = {
  name: 'announcements',
  async run(ctx) {
    return (await deliverAnnouncements(ctx, ctx.workspace.teamId)).map((id) => `announcement ${id}`);
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
