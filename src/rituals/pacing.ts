// Pacing of the rituals' Slack sends, per Slack's documented rate tiers (https://api.slack.com/apis/rate-limits),
// with 429s waited out for exactly their Retry-After.
//
// Why not leave 429s to the WebClient, which retries them by itself? Measured on the 1,000-owner fan-out
// (bench/fanout.ts) it is as fast (63.0 s against 62.7 s, floor 60 s). But it pauses its whole request queue on a
// 429, so a fan-out on the app's shared client would stall every click behind it (a views.open misses its
// 3-second trigger); its wait cannot be cut short when the app stops; and tests cannot drive its clock. So the
// rituals get a client of their own that hands 429s back, and this module waits.

import type { Logger } from '@slack/bolt';
import {
  type ChatPostMessageArguments,
  type ChatPostMessageResponse,
  ErrorCode,
  WebClient,
} from '@slack/web-api';
import { isSlackOutage } from '../slack-errors.js';

/** Slack's tiers, in calls per minute ("per API method per app per workspace"). */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

export interface MethodLimit {
  /** Calls per minute; Slack tolerates bursts, so a full minute's worth may go at once. */
  readonly perMinute?: number;
  /** Messages per second to one channel, with `channelBurst` allowed at once. */
  readonly perChannelPerSecond?: number;
  readonly channelBurst?: number;
  /**
   * Messages per rolling minute to the whole workspace, to start with: lowered to what Slack actually took when
   * it answers 429 with most of the minute's budget unspent.
   */
  readonly workspacePerMinute?: number;
}

/**
 * chat.postMessage is Slack's "special" tier: one message per second per channel with short bursts, under a
 * workspace-wide limit its documentation puts at "several hundred messages per minute". The budget starts at the
 * top of that range and is lowered to what Slack took the first time it says no, so a 1,000-owner fan-out meets
 * at most a few 429s instead of one per message over the limit.
 */
export const SLACK_LIMITS: Readonly<Record<string, MethodLimit>> = {
  'chat.postMessage': { perChannelPerSecond: 1, channelBurst: 3, workspacePerMinute: 600 },
  'chat.update': { perMinute: TIER_PER_MINUTE[3] },
  'chat.postEphemeral': { perMinute: TIER_PER_MINUTE[4] },
  'conversations.open': { perMinute: TIER_PER_MINUTE[3] },
  'users.info': { perMinute: TIER_PER_MINUTE[4] },
  'views.publish': { perMinute: TIER_PER_MINUTE[4] },
  'files.getUploadURLExternal': { perMinute: TIER_PER_MINUTE[4] },
  'files.completeUploadExternal': { perMinute: TIER_PER_MINUTE[4] },
};

/** After this many 429s in a row for one call the send gives up; the ritual resumes it on a later heartbeat. */
const MAX_RATE_LIMITED_TRIES = 10;
/**
 * A Slack or network outage is waited out with capped, jittered backoff (1 s, 2 s, 4 s ... 60 s) for about five
 * minutes; then the send gives up and the next heartbeat starts again, so nothing waits in one call forever.
 */
export const OUTAGE_BACKOFF = { firstMs: 1_000, maxMs: 60_000, tries: 10 } as const;
/** A learnt workspace budget never drops below Slack's per-channel pace: a 429 that low is about something else. */
const MIN_WORKSPACE_PER_MINUTE = 60;
/** Slack's minute and ours do not start at the same instant: a second's margin keeps our count inside its. */
const WINDOW_MS = 61_000;

export interface PacerClock {
  /** Milliseconds, only ever compared with each other. */
  now(): number;
  /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class StoppedError extends Error {
  constructor() {
    super('The app is stopping: sends not yet made are left for the next run.');
    this.name = 'StoppedError';
  }
}

export const realClock: PacerClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new StoppedError());
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new StoppedError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A bucket of `capacity` calls refilled at `perMs`: a full bucket is the burst Slack tolerates. */
class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Milliseconds until a call may go; 0 when one may go now. */
  waitMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof Error) || !('code' in error) || error.code !== ErrorCode.RateLimitedError)
    return undefined;
  const seconds = 'retryAfter' in error && typeof error.retryAfter === 'number' ? error.retryAfter : 1;
  return Math.max(0, seconds) * 1000;
}

/**
 * The calls of the last minute, for a budget Slack counts over a rolling minute. Unlike a token bucket it lets
 * a whole minute's budget go at once (Slack tolerates the burst) and never more than that in any minute.
 */
class RollingWindow {
  private readonly sent: number[] = [];

  constructor(public limit: number) {}

  waitMs(now: number): number {
    this.forget(now);
    const oldest = this.sent[this.sent.length - this.limit];
    return this.sent.length < this.limit || oldest === undefined ? 0 : oldest + WINDOW_MS - now;
  }

  take(now: number): void {
    this.sent.push(now);
  }

  /** Slack refused the last call taken: it did not count, and what did count is all Slack allows a minute. */
  refused(now: number): void {
    this.sent.pop();
    this.forget(now);
    this.limit = Math.max(MIN_WORKSPACE_PER_MINUTE, Math.min(this.limit, this.sent.length));
  }

  private forget(now: number): void {
    while (this.sent.length > 0 && (this.sent[0] ?? now) <= now - WINDOW_MS) this.sent.shift();
  }
}

/** Capped exponential backoff with full jitter: many processes coming back after an outage do not arrive together. */
function outageWaitMs(tries: number): number {
  const ceiling = Math.min(OUTAGE_BACKOFF.maxMs, OUTAGE_BACKOFF.firstMs * 2 ** (tries - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Holds each Slack method (and each channel, for messages, and the whole workspace where Slack counts that) to
 * its limit across every send of the process; on a 429 pauses that method until Retry-After has passed, and
 * through an outage waits with backoff; then sends again.
 */
export class Pacer {
  private readonly methodBuckets = new Map<string, TokenBucket>();
  private readonly channelBuckets = new Map<string, TokenBucket>();
  private readonly workspaceWindows = new Map<string, RollingWindow>();
  private readonly pausedUntil = new Map<string, number>();
  /** What the pacer has waited, for benchmarks and tests: total ms, the 429s seen and the outages waited out. */
  readonly waited = { ms: 0, rateLimited: 0, outages: 0 };

  constructor(
    private readonly clock: PacerClock = realClock,
    private readonly limits: Readonly<Record<string, MethodLimit>> = SLACK_LIMITS,
  ) {}

  async call<T>(
    method: string,
    channel: string | undefined,
    send: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    let rateLimited = 0;
    let outages = 0;
    for (;;) {
      await this.acquire(method, channel, signal);
      try {
        return await send();
      } catch (error) {
        const waitMs = retryAfterMs(error);
        if (waitMs !== undefined) {
          rateLimited += 1;
          if (rateLimited >= MAX_RATE_LIMITED_TRIES) throw error;
          this.waited.rateLimited += 1;
          const now = this.clock.now();
          this.workspaceWindows.get(method)?.refused(now);
          this.pausedUntil.set(method, Math.max(this.pausedUntil.get(method) ?? 0, now + waitMs));
        } else if (isSlackOutage(error)) {
          outages += 1;
          if (outages >= OUTAGE_BACKOFF.tries) throw error;
          this.waited.outages += 1;
          const waitMs = outageWaitMs(outages);
          this.waited.ms += waitMs;
          await this.clock.sleep(waitMs, signal);
        } else {
          throw error;
        }
      }
    }
  }

  private async acquire(method: string, channel: string | undefined, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new StoppedError();
      const now = this.clock.now();
      const methodBucket = this.methodBucket(method, now);
      const channelBucket = channel === undefined ? undefined : this.channelBucket(method, channel, now);
      const workspace = this.workspaceWindow(method);
      const waitMs = Math.max(
        (this.pausedUntil.get(method) ?? 0) - now,
        methodBucket?.waitMs(now) ?? 0,
        channelBucket?.waitMs(now) ?? 0,
        workspace?.waitMs(now) ?? 0,
      );
      if (waitMs <= 0) {
        methodBucket?.take(now);
        channelBucket?.take(now);
        workspace?.take(now);
        return;
      }
      this.waited.ms += waitMs;
      await this.clock.sleep(waitMs, signal);
    }
  }

  private methodBucket(method: string, now: number): TokenBucket | undefined {
    const perMinute = this.limits[method]?.perMinute;
    if (perMinute === undefined) return undefined;
    let bucket = this.methodBuckets.get(method);
    if (!bucket) {
      bucket = new TokenBucket(perMinute, perMinute / 60_000, now);
      this.methodBuckets.set(method, bucket);
    }
    return bucket;
  }

  /** One per method: a pacer serves one workspace's token (see pacedSlackFor). */
  private workspaceWindow(method: string): RollingWindow | undefined {
    const perMinute = this.limits[method]?.workspacePerMinute;
    if (perMinute === undefined) return undefined;
    let window = this.workspaceWindows.get(method);
    if (!window) {
      window = new RollingWindow(perMinute);
      this.workspaceWindows.set(method, window);
    }
    return window;
  }

  private channelBucket(method: string, channel: string, now: number): TokenBucket | undefined {
    const limit = this.limits[method];
    if (limit?.perChannelPerSecond === undefined) return undefined;
    const key = `${method} ${channel}`;
    let bucket = this.channelBuckets.get(key);
    if (!bucket) {
      // A fan-out touches thousands of channels once each: forget the ones that have refilled.
      if (this.channelBuckets.size >= 1000) {
        for (const [k, b] of this.channelBuckets) if (b.isFull(now)) this.channelBuckets.delete(k);
      }
      bucket = new TokenBucket(limit.channelBurst ?? 1, limit.perChannelPerSecond / 1000, now);
      this.channelBuckets.set(key, bucket);
    }
    return bucket;
  }
}

/**
 * The rituals' Slack: every call paced, on a client that reports 429s and failures instead of retrying them
 * itself, and one durable send at a time per workspace (see `oneAtATime`).
 */
export class PacedSlack {
  /** The tail of each workspace's queue of durable sends. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly client: WebClient,
    readonly pacer: Pacer = new Pacer(),
  ) {}

  call<T>(
    method: string,
    channel: string | undefined,
    send: (client: WebClient) => Promise<T>,
    signal?: AbortSignal,
  ) {
    return this.pacer.call(method, channel, () => send(this.client), signal);
  }

  postMessage(args: ChatPostMessageArguments, signal?: AbortSignal): Promise<ChatPostMessageResponse> {
    return this.call('chat.postMessage', args.channel, (client) => client.chat.postMessage(args), signal);
  }

  /**
   * Runs `work` (check the record, send, record the result) when the workspace's previous durable send has been
   * recorded, in the order asked. So at most one message per workspace is ever sent and not yet recorded: a hard
   * kill repeats at most that one.
   */
  oneAtATime<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(teamId) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const tail = turn.catch(() => undefined);
    this.queues.set(teamId, tail);
    void tail.then(() => {
      if (this.queues.get(teamId) === tail) this.queues.delete(teamId);
    });
    return turn;
  }
}

const pacedByClient = new WeakMap<WebClient, PacedSlack>();

/**
 * The rituals' twin of the app's client: the same token and API URL, but its own request queue, and 429s and
 * failures handed back to the pacer, which waits them out on a clock tests drive and stops when the app stops.
 * One per client for the life of the process, so the limits hold across heartbeats and announcements.
 */
export function pacedSlackFor(client: WebClient, logger?: Logger): PacedSlack {
  let paced = pacedByClient.get(client);
  if (!paced) {
    const twin = new WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      ...(logger ? { logger } : {}),
    });
    paced = new PacedSlack(twin);
    pacedByClient.set(client, paced);
  }
  return paced;
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight. The first failure stops new items from
 * starting; those in flight finish, then it is thrown. Items left are for the next run to pick up.
 */
export async function fanOut<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) throw failure.error;
}
