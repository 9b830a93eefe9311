import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { crosswalk } from '../../src/domain/crosswalk.js';
import {
  canManageFeed,
  type DayTotal,
  DEFAULT_FEED_SETTINGS,
  feedEvidence,
  feedTokenFrom,
  feedTokenPrefix,
  hashFeedToken,
  isFeedTokenShape,
  judgeFeed,
  needsJudging,
  observationTimeProblem,
  shiftDay,
  sumDays,
  windowsAt,
} from '../../src/domain/feeds.js';

const ZONE = 'America/Chicago';
/** Tuesday 09:00 in Chicago. */
const NOW = new Date('2026-10-20T14:00:00Z');

function days(from: string, to: string, handled: number, handed: number): DayTotal[] {
  const out: DayTotal[] = [];
  for (let day = from; day <= to; day = shiftDay(day, 1))
    out.push({
      day,
      observations: 1,
      casesHandled: handled,
      casesHandedToPerson: handed,
      dollarCents: null,
      measures: {},
    });
  return out;
}

const facts = (list: DayTotal[], over: Partial<Parameters<typeof judgeFeed>[0]> = {}) => ({
  days: list,
  lastObservationAt: new Date('2026-10-20T13:00:00Z'),
  connectedAt: new Date('2026-09-01T14:00:00Z'),
  now: NOW,
  calendar: ZONE,
  settings: DEFAULT_FEED_SETTINGS,
  ...over,
});

describe('feed tokens', () => {
  it('are 32 random bytes behind a recognisable prefix, stored as a sha256 hash', () => {
    const token = feedTokenFrom(new Uint8Array(32).fill(7));
    expect(isFeedTokenShape(token)).toBe(true);
    expect(token.startsWith('mbf_')).toBe(true);
    expect(feedTokenPrefix(token)).toBe(token.slice(0, 10));
    expect(hashFeedToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashFeedToken(token)).not.toBe(hashFeedToken(feedTokenFrom(new Uint8Array(32).fill(8))));
    expect(() => feedTokenFrom(new Uint8Array(16))).toThrow(RangeError);
  });

  it('are managed by the owner and the portfolio owner only', () => {
    expect(canManageFeed('UALICE', { ownerId: 'UALICE' }, null)).toBe(true);
    expect(canManageFeed('UCAROL', { ownerId: 'UALICE' }, 'UCAROL')).toBe(true);
    expect(canManageFeed('UDAVE', { ownerId: 'UALICE' }, 'UCAROL')).toBe(false);
    expect(canManageFeed('UDAVE', { ownerId: 'UALICE' }, null)).toBe(false);
  });
});

describe('observation times', () => {
  it('fall on the workspace calendar day, within the days kept and not in the future', () => {
    expect(localDateOf(new Date('2026-10-20T03:00:00Z'), ZONE)).toBe('2026-10-19');
    expect(observationTimeProblem(new Date('2026-10-20T14:04:00Z'), NOW, ZONE, 90)).toBeNull();
    expect(observationTimeProblem(new Date('2026-10-20T14:06:00Z'), NOW, ZONE, 90)).toMatch(/future/);
    // 90 days kept, today included: July 23 is the first.
    expect(observationTimeProblem(new Date('2026-07-23T06:00:00Z'), NOW, ZONE, 90)).toBeNull();
    expect(observationTimeProblem(new Date('2026-07-22T23:00:00Z'), NOW, ZONE, 90)).toMatch(
      /older than the 90 days/,
    );
  });
});

describe('the drift rules', () => {
  it('compare the last week and the last business day with the four weeks before', () => {
    expect(windowsAt(NOW, ZONE)).toEqual({
      day: '2026-10-19',
      week: { from: '2026-10-13', to: '2026-10-19' },
      baseline: { from: '2026-09-15', to: '2026-10-12' },
    });
    // On a Monday the last business day is the Friday.
    expect(windowsAt(new Date('2026-10-19T14:00:00Z'), ZONE).day).toBe('2026-10-16');
  });

  it('find nothing in a steady feed', () => {
    expect(judgeFeed(facts(days('2026-09-15', '2026-10-19', 100, 5))).size).toBe(0);
  });

  it('open a hand-off incident when the week is more than the margin above the baseline, not at it', () => {
    const base = days('2026-09-15', '2026-10-12', 100, 5);
    expect(judgeFeed(facts([...base, ...days('2026-10-13', '2026-10-19', 100, 10)])).has('handoff')).toBe(
      false,
    );
    const drift = judgeFeed(facts([...base, ...days('2026-10-13', '2026-10-19', 100, 11)])).get('handoff');
    expect(drift).toEqual({
      kind: 'handoff',
      window: 'week',
      from: '2026-10-13',
      to: '2026-10-19',
      cases: 700,
      sharePercent: 11,
      baselinePercent: 5,
      marginPoints: 5,
    });
  });

  it('catch a bad last day that the week still hides', () => {
    const list = [...days('2026-09-15', '2026-10-18', 100, 5), ...days('2026-10-19', '2026-10-19', 100, 40)];
    expect(judgeFeed(facts(list)).get('handoff')).toMatchObject({ window: 'day', sharePercent: 40 });
  });

  it('open a volume incident when cases drop by more than the share', () => {
    const list = [...days('2026-09-15', '2026-10-12', 100, 5), ...days('2026-10-13', '2026-10-19', 60, 3)];
    expect(judgeFeed(facts(list)).get('volume')).toMatchObject({
      window: 'week',
      casesPerDay: 60,
      baselinePerDay: 100,
      dropPercent: 40,
      limitPercent: 30,
    });
  });

  it('wait for a week of history and enough cases before judging share and volume', () => {
    const young = [...days('2026-10-08', '2026-10-12', 100, 5), ...days('2026-10-13', '2026-10-19', 10, 9)];
    expect(judgeFeed(facts(young)).size).toBe(0);
  });

  it('call a feed silent after the settable business days, weekends not counted', () => {
    const friday = new Date('2026-10-16T14:00:00Z');
    const at = (now: string) =>
      judgeFeed(facts([], { lastObservationAt: friday, now: new Date(now) })).has('silence');
    expect(at('2026-10-20T13:59:00Z')).toBe(false);
    expect(at('2026-10-20T14:00:00Z')).toBe(true);
    const never = judgeFeed(facts([], { lastObservationAt: null, now: new Date('2026-09-03T14:00:00Z') }));
    expect(never.get('silence')).toMatchObject({
      lastObservationAt: null,
      since: '2026-09-01T14:00:00.000Z',
    });
  });
});

describe('feed evidence', () => {
  it('sums the days and counts a connected, speaking feed as healthy', () => {
    const totals = sumDays(days('2026-10-01', '2026-10-10', 1000, 61));
    const base = {
      connectedAt: new Date('2026-09-01T00:00:00Z'),
      totals,
      now: NOW,
      calendar: ZONE,
      settings: DEFAULT_FEED_SETTINGS,
    };
    expect(feedEvidence({ ...base, lastObservationAt: new Date('2026-10-20T13:57:00Z') })).toMatchObject({
      days: 10,
      casesHandled: 10_000,
      handoffPercent: 6.1,
      healthy: true,
    });
    expect(feedEvidence({ ...base, lastObservationAt: new Date('2026-10-10T13:57:00Z') }).healthy).toBe(
      false,
    );
    expect(
      feedEvidence({ ...base, connectedAt: null, lastObservationAt: new Date('2026-10-20T13:57:00Z') })
        .healthy,
    ).toBe(false);
  });
});

describe('the crosswalk line of the live feeds', () => {
  it('cites the feed records under NIST Measure and Manage, ISO 42001 Check', () => {
    const none = { agents: 0, lastRegisteredAt: null };
    const lines = crosswalk(
      {
        registry: none,
        gate: { reviews: 0, passed: 0, lastReviewAt: null },
        valueReview: { lastPostedAt: null, lastPeriod: null, reported: 0, expected: 0 },
        votes: { lastClosedAt: null, lastQuarter: null, decided: 0, agents: 0 },
        placements: { count: 0, lastAt: null },
        feeds: {
          connected: 2,
          days: 41,
          incidents: 3,
          open: 1,
          lastIncidentAt: new Date('2026-10-20T14:00:00Z'),
        },
      },
      (d) => d.toISOString().slice(0, 10),
    );
    expect(lines.find((l) => l.ritual === 'Live feeds')).toEqual({
      ritual: 'Live feeds',
      nist: ['Measure', 'Manage'],
      pdca: 'Check',
      fact: 'Check: 2 agents send a live feed, 41 days of daily totals kept, 3 drift incidents opened (1 open), the latest on 2026-10-20',
      lastAt: new Date('2026-10-20T14:00:00Z'),
    });
  });
});

describe('needsJudging', () => {
  const at = new Date('2026-10-20T14:00:00Z');
  const last = { tokenId: 7, day: '2026-10-20', silentAt: new Date('2026-10-22T14:00:00Z') };
  const now = { tokenId: 7, day: '2026-10-20', at, totalsChanged: false };

  it('leaves a feed alone while nothing it is judged on has changed', () => {
    expect(needsJudging(last, now)).toBe(false);
    expect(needsJudging({ ...last, silentAt: null }, now)).toBe(false);
  });

  it('judges a feed never judged, with new totals, another token, on a new day, or once its silence is due', () => {
    expect(needsJudging(undefined, now)).toBe(true);
    expect(needsJudging(last, { ...now, totalsChanged: true })).toBe(true);
    expect(needsJudging(last, { ...now, tokenId: 8 })).toBe(true);
    expect(needsJudging(last, { ...now, day: '2026-10-21' })).toBe(true);
    expect(needsJudging(last, { ...now, at: new Date('2026-10-22T14:00:00Z') })).toBe(true);
  });
});
