import { describe, expect, it } from 'vitest';
import {
  firstProductionMonth,
  isMonthComplete,
  type MonthReviewFacts,
  productionSince,
  targetForMonth,
  targetOver,
  targetOwed,
} from '../../src/domain/judged-months.js';
import { DEFAULT_REVIEW_SETTINGS } from '../../src/domain/value-review.js';

const CHICAGO = 'America/Chicago';

describe('complete months', () => {
  const settings = DEFAULT_REVIEW_SETTINGS;
  const october = { month: '2026-10', posted: false, run: null };
  // October's review posts on November's 7th business day at the latest: Tuesday 10 November, 09:00 in Chicago.
  const deadline = new Date('2026-11-10T15:00:00Z');
  const complete = (facts: MonthReviewFacts, now: Date) =>
    isMonthComplete(facts, { settings, days: CHICAGO, now });

  it('counts a month once its review posted, or once the latest it could post has passed', () => {
    expect(complete(october, new Date(deadline.getTime() - 60_000))).toBe(false);
    expect(complete({ ...october, posted: true }, new Date('2026-11-03T15:00:00Z'))).toBe(true);
    expect(complete(october, deadline)).toBe(true);
  });

  it('waits longer for a review whose run opened late, on that run’s own timeline', () => {
    // Opened on Wednesday 4 November instead of Monday the 2nd: six business days on is Thursday the 12th.
    const late = { ...october, run: { late: true, startedAt: new Date('2026-11-04T15:00:00Z') } };
    expect(complete(late, deadline)).toBe(false);
    expect(complete(late, new Date('2026-11-12T15:00:00Z'))).toBe(true);
    // A run that opened on time keeps the schedule's day.
    const onTime = { ...october, run: { late: false, startedAt: new Date('2026-11-02T15:00:00Z') } };
    expect(complete(onTime, deadline)).toBe(true);
  });
});

describe('fair targets', () => {
  const gatedMidSeptember = {
    status: 'production' as const,
    registeredAt: new Date('2026-06-01T15:00:00Z'),
    // 16 September, in Chicago: 15 of September's 30 days are left, the gate day included.
    gatePassedAt: new Date('2026-09-16T15:00:00Z'),
  };
  const since = productionSince(gatedMidSeptember);

  it('owes nothing before the gate month, a share of the days in it, the whole target after', () => {
    const target = { monthlyTargetCents: 1_000_000, since, zone: CHICAGO };
    expect(targetForMonth({ ...target, month: '2026-08' })).toBe(0);
    expect(targetForMonth({ ...target, month: '2026-09' })).toBe(500_000);
    expect(targetForMonth({ ...target, month: '2026-10' })).toBe(1_000_000);
    // The quarter the issue names: not a full quarter of target, half a month of it.
    const agent = { ...gatedMidSeptember, monthlyTargetCents: 1_000_000 };
    expect(targetOver(agent, ['2026-07', '2026-08', '2026-09'], CHICAGO)).toBe(500_000);
    expect(targetOwed(agent, '2026-09', CHICAGO)).toBe(500_000);
  });

  it('reads the gate day in the workspace zone', () => {
    // 1 October 03:00 UTC is still 30 September in Chicago: one day of September owed.
    const late = { ...gatedMidSeptember, gatePassedAt: new Date('2026-10-01T03:00:00Z') };
    expect(
      targetForMonth({
        monthlyTargetCents: 3_000_000,
        since: productionSince(late),
        zone: CHICAGO,
        month: '2026-09',
      }),
    ).toBe(100_000);
  });

  it('owes nothing in pilot; an agent in production without a gate date counts from registration', () => {
    expect(productionSince({ status: 'pilot', registeredAt: new Date(), gatePassedAt: null })).toBeNull();
    const legacy = {
      status: 'production' as const,
      registeredAt: new Date('2026-05-04T15:00:00Z'),
      gatePassedAt: null,
    };
    expect(productionSince(legacy)).toEqual(legacy.registeredAt);
    expect(firstProductionMonth([gatedMidSeptember, legacy], CHICAGO)).toBe('2026-05');
    expect(
      firstProductionMonth([{ status: 'proposed', registeredAt: new Date(), gatePassedAt: null }], CHICAGO),
    ).toBeNull();
  });
});
