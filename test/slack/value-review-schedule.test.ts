/**
 * The value review when things go wrong: the app down when it falls due, a daylight-saving change, Slack's
 * 429s, a crash or a stop in the middle of a fan-out. Time moves only through the injected clocks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../src/rituals/pacing.js';
import { runsOf, stepsDone } from '../../src/store/ritual-runs.js';
import { REVIEW_TOTAL_BLOCK_ID } from '../../src/views/value-review/messages.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import { blockText, textOf } from '../support/read-view.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';
import {
  ANN,
  BEN,
  fakePacerClock,
  messagesTo,
  PO,
  pacedSlack,
  REVIEW_CHANNEL,
  reviewRunsOpened,
  startReviewPlant,
  tick,
} from './value-review-fixture.js';

let app: TestApp;

afterEach(async () => {
  await app.close();
});

/** How many messages Slack accepted into each of these DMs. */
function dmCounts(owners: readonly string[]): number[] {
  return owners.map((owner) => messagesTo(app, owner).length);
}

function seedOwners(count: number): string[] {
  const owners = Array.from({ length: count }, (_, i) => `UOWNER${String(i).padStart(3, '0')}`);
  for (const [i, ownerId] of owners.entries()) seedAgent(app.bot.db, { name: `Agent ${i}`, ownerId });
  return owners;
}

describe('catching up after downtime', () => {
  it('runs the latest month late, once, says so, and records the month before as missed', async () => {
    // Set up in October, then down from before the November review until Friday December 4th, mid-morning.
    ({ app } = await startReviewPlant({ createdAt: '2026-10-10T12:00:00Z' }));
    const back = await tick(app, '2026-12-04T16:30:00Z');
    expect(back.missed).toEqual([{ teamId: TEAM_ID, ritual: 'value-review', period: '2026-11' }]);
    expect(reviewRunsOpened(back)).toEqual([{ period: '2026-12', late: true }]);

    const [prompt, ...more] = messagesTo(app, ANN);
    expect(more).toEqual([]);
    expect(textOf(prompt)).toContain('November 2026');
    expect(textOf(prompt)).toContain('This comes late: it was due Dec 1, 2026, 09:00 CST');
    expect(runsOf(app.bot.db, TEAM_ID, 'value-review').map((r) => [r.period, r.state])).toEqual([
      ['2026-11', 'missed'],
      ['2026-12', 'running'],
    ]);

    // The owners get their full three business days from the late prompt before the reminder.
    await tick(app, '2026-12-04T16:31:00Z');
    await tick(app, '2026-12-09T16:29:00Z');
    expect(dmCounts([ANN, BEN])).toEqual([1, 1]);
    await tick(app, '2026-12-09T16:30:00Z');
    expect(dmCounts([ANN, BEN])).toEqual([2, 2]);

    // And the post comes six business days after the prompt, marked late.
    await tick(app, '2026-12-14T16:29:00Z');
    expect(messagesTo(app, REVIEW_CHANNEL)).toEqual([]);
    await tick(app, '2026-12-14T16:30:00Z');
    const [review] = messagesTo(app, REVIEW_CHANNEL);
    expect(textOf(review)).toContain('Late: this review was due Dec 1, 2026, 09:00 CST');
    expect(blockText(review, REVIEW_TOTAL_BLOCK_ID)).toContain('from 0 of 3 agents');
  });
});

describe('down through the reminders', () => {
  it('posts the review when it comes back, without reminders that land with the post', async () => {
    ({ app } = await startReviewPlant());
    await tick(app, '2026-11-02T15:00:00Z');
    expect(dmCounts([ANN, BEN, PO])).toEqual([1, 1, 0]);

    // Down from the prompt until the seventh business day: the reminder and the portfolio owner's list are past use.
    await tick(app, '2026-11-10T15:00:00Z');
    expect(messagesTo(app, REVIEW_CHANNEL)).toHaveLength(1);
    expect(dmCounts([ANN, BEN, PO])).toEqual([1, 1, 0]);
    expect(runsOf(app.bot.db, TEAM_ID, 'value-review').map((r) => r.state)).toEqual(['done']);
  });
});

describe('daylight saving time', () => {
  it('keeps 09:00 Chicago time on either side of the spring change', async () => {
    ({ app } = await startReviewPlant({ now: '2026-02-20T15:00:00Z', createdAt: '2026-02-10T12:00:00Z' }));
    // Monday March 2nd is still on CST (UTC-6): 09:00 is 15:00 UTC.
    expect(reviewRunsOpened(await tick(app, '2026-03-02T14:59:00Z'))).toEqual([]);
    expect(reviewRunsOpened(await tick(app, '2026-03-02T15:00:00Z'))).toEqual([
      { period: '2026-03', late: false },
    ]);
    // Clocks go forward on Sunday March 8th. The portfolio owner hears on Monday the 9th at 09:00 CDT: 14:00 UTC.
    await tick(app, '2026-03-09T13:59:00Z');
    expect(messagesTo(app, PO)).toEqual([]);
    await tick(app, '2026-03-09T14:00:00Z');
    expect(messagesTo(app, PO)).toHaveLength(1);
    // The review posts on Tuesday the 10th at 09:00 CDT.
    await tick(app, '2026-03-10T13:59:00Z');
    expect(messagesTo(app, REVIEW_CHANNEL)).toEqual([]);
    await tick(app, '2026-03-10T14:00:00Z');
    expect(messagesTo(app, REVIEW_CHANNEL)).toHaveLength(1);
  });
});

describe("Slack's rate limits", () => {
  it('waits out a 429 for exactly its Retry-After, then sends; nothing lost, nothing twice', async () => {
    ({ app } = await startReviewPlant());
    const clock = fakePacerClock();
    app.fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    await tick(app, '2026-11-02T15:00:00Z', { slack: pacedSlack(app, clock) });
    expect(clock.sleeps).toContain(7_000);
    expect(dmCounts([ANN, BEN])).toEqual([1, 1]);
    expect(app.fake.callsTo('chat.postMessage').map((call) => call.ok)).toEqual([false, true, true]);
  });

  it('resumes a fan-out cut short by a crash without repeating or skipping anyone', async () => {
    app = (await startReviewPlant()).app;
    const owners = seedOwners(40);
    // Slack lets 15 messages through, then answers 429 for the rest of the minute; the process dies while it waits.
    app.fake.rateLimit('chat.postMessage', { perMinute: 15 });
    const dying = { ...fakePacerClock(), sleep: () => Promise.reject(new Error('power cut')) };
    const first = await tick(app, '2026-11-02T15:00:00Z', { slack: pacedSlack(app, dying) });
    expect(first.failed).toEqual([{ teamId: TEAM_ID, ritual: 'value-review', error: 'power cut' }]);
    const run = runsOf(app.bot.db, TEAM_ID, 'value-review')[0];
    expect(run && stepsDone(app.bot.db, run.id, 'prompt:')).toHaveLength(15);

    await app.restart();
    app.fake.rateLimit('chat.postMessage', { perMinute: 1_000 });
    await tick(app, '2026-11-02T15:01:00Z');
    expect(dmCounts([...owners, ANN, BEN])).toEqual(Array(42).fill(1));
  });

  it('stops sending when the app stops, records what Slack already took, and picks up after the restart', async () => {
    app = (await startReviewPlant()).app;
    const owners = seedOwners(30);
    app.fake.rateLimit('chat.postMessage', { perMinute: 10 });
    const stopping = new AbortController();
    // The real clock: the wait for Retry-After is cut short by the stop, not sat out.
    const running = tick(app, '2026-11-02T15:00:00Z', {
      slack: pacedSlack(app, realClock),
      signal: stopping.signal,
    });
    await app.fake.waitFor('chat.postMessage', (call) => call.error === 'ratelimited');
    stopping.abort();
    const stopped = await running;
    expect(stopped.failed.map((f) => f.error)).toEqual([expect.stringContaining('stopping')]);
    const accepted = app.fake.callsTo('chat.postMessage').filter((call) => call.ok).length;
    expect(accepted).toBe(10);

    await app.restart();
    app.fake.rateLimit('chat.postMessage', { perMinute: 1_000 });
    await tick(app, '2026-11-02T15:01:00Z');
    expect(dmCounts([...owners, ANN, BEN])).toEqual(Array(32).fill(1));
  });
});

describe('where there is nowhere to post', () => {
  it('sends the review to the portfolio owner when no review channel is set', async () => {
    app = (await startReviewPlant()).app;
    seedWorkspace(app.bot.db, {
      createdAt: '2026-10-10T12:00:00Z',
      portfolioOwnerId: PO,
      reviewChannelId: null,
    });
    await tick(app, '2026-11-02T15:00:00Z');
    await tick(app, '2026-11-10T15:00:00Z');
    const toOwner = messagesTo(app, PO).map((m) => m.text);
    expect(toOwner.filter((text) => text.startsWith('Value review October 2026'))).toHaveLength(1);
  });
});
