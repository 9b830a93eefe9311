import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { fanOut, Pacer, type PacerClock, StoppedError } from '../../src/rituals/pacing.js';

/** Time that moves only when the pacer sleeps. */
function testClock(): PacerClock & { readonly sleeps: number[]; at(): number } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    at: () => now,
    now: () => now,
    async sleep(ms, signal) {
      if (signal?.aborted) throw new StoppedError();
      sleeps.push(ms);
      now += ms;
    },
  };
}

function rateLimited(retryAfter: number): Error {
  return Object.assign(new Error('rate limited'), { code: ErrorCode.RateLimitedError, retryAfter });
}

describe('Pacer', () => {
  it("lets a tier's minute go at once, then spaces calls at its rate", async () => {
    const clock = testClock();
    const pacer = new Pacer(clock, { 'users.info': { perMinute: 60 } });
    const times: number[] = [];
    for (let i = 0; i < 62; i += 1)
      await pacer.call('users.info', undefined, async () => times.push(clock.at()));
    expect(times.slice(0, 60)).toEqual(Array(60).fill(0));
    expect(times.slice(60)).toEqual([1_000, 2_000]);
  });

  it('holds one channel to a message a second after a short burst, and leaves other channels alone', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock, { 'chat.postMessage': { perChannelPerSecond: 1, channelBurst: 3 } });
    const sent: string[] = [];
    const post = (channel: string) =>
      pacer.call('chat.postMessage', channel, async () => sent.push(`${channel}@${clock.at()}`));
    for (let i = 0; i < 4; i += 1) await post('C1');
    await post('C2');
    expect(sent).toEqual(['C1@0', 'C1@0', 'C1@0', 'C1@1000', 'C2@1000']);
  });

  it('waits out a 429 for exactly its Retry-After, then sends again', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock, {});
    let refused = false;
    const first = await pacer.call('chat.postMessage', 'D1', async () => {
      if (!refused) {
        refused = true;
        throw rateLimited(30);
      }
      return clock.at();
    });
    expect(first).toBe(30_000);
    expect(pacer.waited.rateLimited).toBe(1);
  });

  it('passes on any other error at once, and gives up on a method that stays rate limited', async () => {
    const pacer = new Pacer(testClock(), {});
    await expect(
      pacer.call('chat.postMessage', 'D1', async () => {
        throw new Error('channel_not_found');
      }),
    ).rejects.toThrow('channel_not_found');
    let tries = 0;
    await expect(
      pacer.call('chat.postMessage', 'D1', async () => {
        tries += 1;
        throw rateLimited(1);
      }),
    ).rejects.toMatchObject({ code: ErrorCode.RateLimitedError });
    expect(tries).toBe(10);
  });

  it('starts nothing once the app is stopping', async () => {
    const stopping = new AbortController();
    stopping.abort();
    let called = false;
    const call = new Pacer(testClock(), {}).call(
      'chat.postMessage',
      'D1',
      async () => {
        called = true;
      },
      stopping.signal,
    );
    await expect(call).rejects.toBeInstanceOf(StoppedError);
    expect(called).toBe(false);
  });
});

describe('fanOut', () => {
  it('keeps at most `concurrency` in flight and does every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await fanOut(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (item) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        done.push(item);
        inFlight -= 1;
      },
    );
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('starts no new item after a failure, lets those in flight finish, then throws', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = fanOut([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 1) throw new Error('internal_error');
      finished.push(item);
    });
    await expect(run).rejects.toThrow('internal_error');
    expect(started).toEqual([0, 1, 2]);
    expect(finished).toEqual([0, 2]);
  });
});

/**
 * Slack as the fake counts it: at most `perMinute` messages in any rolling minute to the workspace, and one a
 * second (after a burst of three) to each channel. Answers 429 with Retry-After otherwise.
 */
function rollingSlack(clock: PacerClock, perMinute: number) {
  const accepted: number[] = [];
  let refused = 0;
  return {
    get refused() {
      return refused;
    },
    accepted,
    async post(): Promise<void> {
      const now = clock.now();
      const inWindow = accepted.filter((at) => now - at < 60_000);
      if (inWindow.length >= perMinute) {
        refused += 1;
        throw rateLimited(Math.ceil(((inWindow[0] ?? now) + 60_000 - now) / 1000));
      }
      accepted.push(now);
    },
  };
}

describe("Pacer: the workspace's message budget", () => {
  it('sends 1,000 DMs against ~600 a minute with no 429 and inside 1.1x the time the limit forces', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock);
    const slack = rollingSlack(clock, 600);
    for (let i = 0; i < 1000; i += 1) await pacer.call('chat.postMessage', `D${i}`, () => slack.post());
    expect(slack.accepted).toHaveLength(1000);
    expect(slack.refused).toBeLessThan(10);
    // 600 go in the first minute, the other 400 once it has passed: Slack forces 60 s.
    expect(clock.at()).toBeLessThanOrEqual(1.1 * 60_000);
  });

  it('learns a lower limit from the first 429 and keeps to it, instead of meeting one 429 per message', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock);
    const slack = rollingSlack(clock, 450);
    for (let i = 0; i < 1000; i += 1) await pacer.call('chat.postMessage', `D${i}`, () => slack.post());
    expect(slack.accepted).toHaveLength(1000);
    expect(slack.refused).toBeLessThan(10);
    // 450, 450 and 100: two minutes forced, with a second's margin per minute.
    expect(clock.at()).toBeLessThanOrEqual(1.1 * 120_000);
  });
});

describe('Pacer: outages', () => {
  const outage = () => Object.assign(new Error('connect ECONNREFUSED'), { code: ErrorCode.RequestError });

  it('waits out a short outage with growing, capped waits, then sends', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock, {});
    let failures = 0;
    // Slack is back after 10 seconds.
    const sent = await pacer.call('chat.postMessage', 'D1', async () => {
      if (clock.at() < 10_000) {
        failures += 1;
        throw outage();
      }
      return 'ok';
    });
    expect(sent).toBe('ok');
    expect(failures).toBeGreaterThan(1);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(60_000);
  });

  it('gives up on an outage of many minutes, leaving the send to the next heartbeat, and stops at once when told', async () => {
    const clock = testClock();
    const pacer = new Pacer(clock, {});
    await expect(
      pacer.call('chat.postMessage', 'D1', async () => {
        throw outage();
      }),
    ).rejects.toMatchObject({ code: ErrorCode.RequestError });
    expect(clock.at()).toBeGreaterThan(60_000);
    expect(clock.at()).toBeLessThan(10 * 60_000);

    const stopping = new AbortController();
    const call = pacer.call(
      'chat.postMessage',
      'D1',
      async () => {
        stopping.abort();
        throw outage();
      },
      stopping.signal,
    );
    await expect(call).rejects.toBeInstanceOf(StoppedError);
  });
});
