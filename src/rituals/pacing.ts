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

/** Slack's tiers, in calls per minute ("per API method per app per workspace"). */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

export interface MethodLimit {
  /** Calls per minute; Slack tolerates bursts, so a full minute's worth may go at once. */
  readonly perMinute?: number;
  /** Messages per second to one channel, with `channelBurst` allowed at once. */
  readonly perChannelPerSecond?: number;
  readonly channelBurst?: number;
}

/**
 * chat.postMessage is Slack's "special" tier: one message per second per channel with short bursts, under a
 * workspace-wide limit Slack does not publish. That limit is learnt from its 429s rather than guessed.
 */
export const SLACK_LIMITS: Readonly<Record<string, MethodLimit>> = {
  'chat.postMessage': { perChannelPerSecond: 1, channelBurst: 3 },
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
 * Holds each Slack method (and each channel, for messages) to its limit across every send of the process,
 * and on a 429 pauses that method until Retry-After has passed, then sends again.
 */
export class Pacer {
  private readonly methodBuckets = new Map<string, TokenBucket>();
  private readonly channelBuckets = new Map<string, TokenBucket>();
  private readonly pausedUntil = new Map<string, number>();
  /** What the pacer has waited, for benchmarks and tests: total ms and the 429s seen. */
  readonly waited = { ms: 0, rateLimited: 0 };

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
    for (let tries = 1; ; tries += 1) {
      await this.acquire(method, channel, signal);
      try {
        return await send();
      } catch (error) {
        const waitMs = retryAfterMs(error);
        if (waitMs === undefined || tries >= MAX_RATE_LIMITED_TRIES) throw error;
        this.waited.rateLimited += 1;
        const until = this.clock.now() + waitMs;
        this.pausedUntil.set(method, Math.max(this.pausedUntil.get(method) ?? 0, until));
      }
    }
  }

  private async acquire(method: string, channel: string | undefined, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new StoppedError();
      const now = this.clock.now();
      const methodBucket = this.methodBucket(method, now);
      const channelBucket = channel === undefined ? undefined : this.channelBucket(method, channel, now);
      const waitMs = Math.max(
        (this.pausedUntil.get(method) ?? 0) - now,
        methodBucket?.waitMs(now) ?? 0,
        channelBucket?.waitMs(now) ?? 0,
      );
      if (waitMs <= 0) {
        methodBucket?.take(now);
        channelBucket?.take(now);
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

/** The rituals' Slack: every call paced, on a client that reports 429s instead of retrying them itself. */
export class PacedSlack {
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
}

const pacedByClient = new WeakMap<WebClient, PacedSlack>();

/**
 * The rituals' twin of the app's client: the same token and API URL, but its own request queue and 429s
 * handed back to the pacer. One per client for the life of the process, so the limits hold across heartbeats.
 */
export function pacedSlackFor(client: WebClient, logger?: Logger): PacedSlack {
  let paced = pacedByClient.get(client);
  if (!paced) {
    const twin = new WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      rejectRateLimitedCalls: true,
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
