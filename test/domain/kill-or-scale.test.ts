import { describe, expect, it } from 'vitest';
import {
  canOverride,
  DEFAULT_VOTE_SETTINGS,
  monthRange,
  outcomeEffect,
  overrideUntil,
  planOverride,
  quarterReview,
  quarterTrend,
  reviewedQuarter,
  voteSchedule,
  voteTimeline,
} from '../../src/domain/kill-or-scale.js';
import { DEFAULT_VALUE_REVIEW } from '../../src/domain/value-review.js';

const ZONE = 'America/Chicago';

describe('the round timeline', () => {
  it('decides on the quarter before the one it is held in', () => {
    expect(reviewedQuarter('2026-Q4')).toBe('2026-Q3');
    expect(reviewedQuarter('2027-Q1')).toBe('2026-Q4');
    expect(() => reviewedQuarter('2026-10')).toThrow(RangeError);
  });

  it('opens at the settable time on the first business day of the quarter', () => {
    const schedule = voteSchedule({ ...DEFAULT_VOTE_SETTINGS, time: '14:30' });
    expect(schedule).toMatchObject({ cadence: 'quarterly', businessDay: 1, time: '14:30' });
  });

  it('closes after the business days, skipping the weekend, and reminds one business day before', () => {
    // Thursday 1 October 2026, 10:00 in Chicago.
    const openedAt = new Date('2026-10-01T15:00:00Z');
    const { deadline, remindAt } = voteTimeline(openedAt, 5, ZONE);
    expect(deadline.toISOString()).toBe('2026-10-08T15:00:00.000Z');
    expect(remindAt?.toISOString()).toBe('2026-10-07T15:00:00.000Z');
  });

  it('sends no reminder for a one-day vote: the day before is the open', () => {
    const openedAt = new Date('2026-10-01T15:00:00Z');
    expect(voteTimeline(openedAt, 1, ZONE)).toEqual({
      deadline: new Date('2026-10-02T15:00:00Z'),
      remindAt: null,
    });
  });

  it('keeps the override window open five business days after the close', () => {
    expect(overrideUntil(new Date('2026-10-08T15:00:00Z'), ZONE).toISOString()).toBe(
      '2026-10-15T15:00:00.000Z',
    );
  });

  it('lists the months between two months, both included', () => {
    expect(monthRange('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthRange('2026-11', '2026-10')).toEqual([]);
  });
});

describe('quarterTrend', () => {
  it('compares the first and last reported months', () => {
    expect(quarterTrend([900_000, null, 1_200_000])).toBe('rising');
    expect(quarterTrend([1_200_000, 1_000_000, 800_000])).toBe('falling');
    expect(quarterTrend([1_000_000, 1_040_000])).toBe('flat');
  });

  it('needs two reported months', () => {
    expect(quarterTrend([undefined, null, 500_000])).toBe('unknown');
  });
});

describe('quarterReview', () => {
  const quarterMonths = ['2026-07', '2026-08', '2026-09'];

  it('flags two missed reports in a row, naming the months', () => {
    const review = quarterReview({
      series: [
        { month: '2026-06', cents: 1_000_000, targetCents: 1_000_000 },
        { month: '2026-07', cents: 1_000_000, targetCents: 1_000_000 },
        { month: '2026-08', cents: null, targetCents: 1_000_000 },
        { month: '2026-09', cents: null, targetCents: 1_000_000 },
      ],
      quarterMonths,
      carriedOver: false,
    });
    expect(review.flags).toEqual([
      { id: 'missedTwice', message: 'Two monthly reports missed in a row (August 2026 and September 2026).' },
    ]);
    expect(review.numbers).toEqual([1_000_000, null, null]);
  });

  it('counts a miss just before the quarter towards two in a row', () => {
    const review = quarterReview({
      series: [
        { month: '2026-06', cents: null, targetCents: 500_000 },
        { month: '2026-07', cents: null, targetCents: 500_000 },
        { month: '2026-08', cents: 900_000, targetCents: 500_000 },
        { month: '2026-09', cents: 900_000, targetCents: 500_000 },
      ],
      quarterMonths,
      carriedOver: false,
    });
    expect(review.flags.map((f) => f.message)).toEqual([
      'Two monthly reports missed in a row (June 2026 and July 2026).',
    ]);
  });

  it('does not call the first month of a new agent a miss', () => {
    const review = quarterReview({
      series: [{ month: '2026-09', cents: null, targetCents: 500_000 }],
      quarterMonths,
      carriedOver: false,
    });
    expect(review.flags).toEqual([]);
    expect(review.numbers).toEqual([undefined, undefined, null]);
  });

  it('flags a negative number and keeps the other drift flags apart', () => {
    const review = quarterReview({
      series: [
        { month: '2026-07', cents: 1_000_000, targetCents: 1_000_000 },
        { month: '2026-08', cents: -300_000, targetCents: 1_000_000 },
        { month: '2026-09', cents: 400_000, targetCents: 1_000_000 },
      ],
      quarterMonths,
      carriedOver: false,
    });
    expect(review.flags).toEqual([
      { id: 'negative', message: 'Negative in August 2026: it cost more than it returned.' },
    ]);
    expect(review.drift).toContain('September 2026: Below target 2 months running');
    expect(review.drift).toContain('August 2026: 130% below its average (1 of the last 3 months reported)');
    expect(review.trend).toBe('falling');
  });

  it('judges each month against the target owed in it: an agent gated mid-September is not below target', () => {
    // Gated on 16 September: nothing owed in July and August, half of the 1,000,000 in September.
    const review = quarterReview({
      series: [
        { month: '2026-07', cents: 200_000, targetCents: 0 },
        { month: '2026-08', cents: 300_000, targetCents: 0 },
        { month: '2026-09', cents: 600_000, targetCents: 500_000 },
      ],
      quarterMonths,
      carriedOver: false,
      settings: { ...DEFAULT_VALUE_REVIEW, belowTargetMonths: 1 },
    });
    expect(review.drift).toEqual([]);
    const short = quarterReview({
      series: [
        { month: '2026-08', cents: 300_000, targetCents: 0 },
        { month: '2026-09', cents: 400_000, targetCents: 500_000 },
      ],
      quarterMonths,
      carriedOver: false,
      settings: { ...DEFAULT_VALUE_REVIEW, belowTargetMonths: 1 },
    });
    expect(short.drift).toEqual(['September 2026: Below target this month']);
  });

  it('flags an agent carried over from a vote without quorum', () => {
    const review = quarterReview({
      series: [{ month: '2026-07', cents: 1_000_000, targetCents: 500_000 }],
      quarterMonths,
      carriedOver: true,
    });
    expect(review.flags.map((f) => f.id)).toEqual(['carriedOver']);
  });
});

describe('outcomeEffect', () => {
  it('retires on kill from any running status', () => {
    for (const status of ['pilot', 'production', 'scaling'] as const) {
      expect(outcomeEffect(status, 'kill')).toEqual({ to: 'retired', note: null });
    }
  });

  it('scales a production agent, but not a pilot that has not passed its gate', () => {
    expect(outcomeEffect('production', 'scale')).toEqual({ to: 'scaling', note: null });
    expect(outcomeEffect('pilot', 'scale').to).toBeNull();
    expect(outcomeEffect('pilot', 'scale').note).toMatch(/production gate/);
    expect(outcomeEffect('scaling', 'scale')).toEqual({ to: null, note: 'It is already scaling.' });
  });

  it('changes nothing on keep or without a decision', () => {
    expect(outcomeEffect('production', 'keep')).toEqual({ to: null, note: null });
    expect(outcomeEffect('production', 'no_decision').to).toBeNull();
  });
});

describe('planOverride', () => {
  it('undoes a retirement the vote made when the override keeps the agent', () => {
    expect(
      planOverride({
        statusBeforeVote: 'production',
        statusAfterVote: 'retired',
        currentStatus: 'retired',
        outcome: 'keep',
      }),
    ).toEqual({ ok: true, to: 'production', note: null });
  });

  it('applies the new outcome from where the agent stood before the vote', () => {
    expect(
      planOverride({
        statusBeforeVote: 'production',
        statusAfterVote: 'production',
        currentStatus: 'production',
        outcome: 'scale',
      }),
    ).toEqual({ ok: true, to: 'scaling', note: null });
    expect(
      planOverride({
        statusBeforeVote: 'production',
        statusAfterVote: 'scaling',
        currentStatus: 'scaling',
        outcome: 'kill',
      }),
    ).toEqual({ ok: true, to: 'retired', note: null });
  });

  it('refuses once something else moved the agent after the close', () => {
    const plan = planOverride({
      statusBeforeVote: 'production',
      statusAfterVote: 'scaling',
      currentStatus: 'retired',
      outcome: 'keep',
    });
    expect(plan.ok).toBe(false);
  });
});

describe('canOverride', () => {
  const base = {
    userId: 'UPO',
    portfolioOwnerId: 'UPO',
    now: new Date('2026-10-12T12:00:00Z'),
    closedAt: new Date('2026-10-08T15:00:00Z'),
    overrideUntil: new Date('2026-10-15T15:00:00Z'),
    alreadyOverridden: false,
  };

  it('lets the portfolio owner overturn within the window', () => {
    expect(canOverride(base)).toEqual({ ok: true });
  });

  it('refuses anyone else, an open vote, a second override and a late one', () => {
    expect(canOverride({ ...base, userId: 'ULEAD' })).toMatchObject({
      ok: false,
      reason: 'not_portfolio_owner',
    });
    expect(canOverride({ ...base, portfolioOwnerId: null })).toMatchObject({
      ok: false,
      reason: 'not_portfolio_owner',
    });
    expect(canOverride({ ...base, closedAt: null, overrideUntil: null })).toMatchObject({
      ok: false,
      reason: 'still_open',
    });
    expect(canOverride({ ...base, alreadyOverridden: true })).toMatchObject({
      ok: false,
      reason: 'already_overridden',
    });
    expect(canOverride({ ...base, now: new Date('2026-10-15T15:00:01Z') })).toMatchObject({
      ok: false,
      reason: 'window_passed',
    });
  });
});
