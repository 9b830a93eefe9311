import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULES } from '../../src/domain/schedule.js';
import {
  type AgentMonth,
  DEFAULT_VALUE_REVIEW,
  driftFlags,
  type MonthValue,
  milestones,
  type PastMonth,
  reportedMonthFor,
  shouldPostEarly,
  summariseReview,
} from '../../src/domain/value-review.js';

const CHICAGO = 'America/Chicago';
const schedule = DEFAULT_SCHEDULES['value-review'];

function wall(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: CHICAGO }).toFormat('ccc yyyy-MM-dd HH:mm');
}

/** Earlier months, newest first, each owing `targetCents`. */
const past = (values: readonly MonthValue[], targetCents = 0): PastMonth[] =>
  values.map((value) => ({ value, targetCents }));

/** An agent owing the same target this month and every month before. */
function agent(reportedCents: number | null, history: MonthValue[] = [], targetCents = 0): AgentMonth {
  return { agentId: 1, targetCents, reportedCents, history: past(history, targetCents) };
}

function flagIds(a: AgentMonth, settings = DEFAULT_VALUE_REVIEW): string[] {
  return driftFlags(a, settings).map((flag) => flag.id);
}

describe('reportedMonthFor', () => {
  it('collects the month before the run', () => {
    expect(reportedMonthFor('2026-11')).toBe('2026-10');
    expect(reportedMonthFor('2026-01')).toBe('2025-12');
    expect(() => reportedMonthFor('2026-Q1')).toThrow(RangeError);
  });
});

describe('milestones', () => {
  it('prompts, nudges, escalates and posts on business days', () => {
    const m = milestones('2026-11', schedule, CHICAGO, DEFAULT_VALUE_REVIEW);
    expect(wall(m.promptAt)).toBe('Mon 2026-11-02 09:00');
    expect(wall(m.nudgeAt)).toBe('Thu 2026-11-05 09:00');
    expect(wall(m.escalateAt)).toBe('Mon 2026-11-09 09:00');
    expect(wall(m.postAt)).toBe('Tue 2026-11-10 09:00');
  });

  it('keeps 09:00 local when the month crosses the spring change', () => {
    const m = milestones('2026-03', schedule, CHICAGO, DEFAULT_VALUE_REVIEW);
    expect(m.promptAt.toISOString()).toBe('2026-03-02T15:00:00.000Z');
    expect(m.escalateAt.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(wall(m.postAt)).toBe('Tue 2026-03-10 09:00');
  });
});

describe('driftFlags: dropVsTrailing', () => {
  it('does not flag a drop of exactly the threshold', () => {
    expect(flagIds(agent(7_500, [10_000, 10_000, 10_000]))).toEqual([]);
  });

  it('flags a drop just past the threshold', () => {
    expect(flagIds(agent(7_499, [10_000, 10_000, 10_000]))).toEqual(['dropVsTrailing']);
  });

  it('explains the drop as a plain percentage', () => {
    const [flag] = driftFlags(agent(5_900, [10_000, 10_000, 10_000]), DEFAULT_VALUE_REVIEW);
    expect(flag).toEqual({ id: 'dropVsTrailing', message: '41% below its 3-month average' });
  });

  it('averages only the reported months among the last three', () => {
    // Trailing average is 8,000 (the null is skipped); the fourth month back is outside the window.
    const [flag] = driftFlags(agent(5_000, [null, 8_000, null, 1_000_000]), DEFAULT_VALUE_REVIEW);
    expect(flag).toEqual({
      id: 'dropVsTrailing',
      message: '38% below its average (1 of the last 3 months reported)',
    });
    expect(flagIds(agent(6_000, [null, 8_000, null, 1_000_000]))).toEqual([]);
  });

  it('needs at least one reported month and a positive average', () => {
    expect(flagIds(agent(1, []))).toEqual([]);
    expect(flagIds(agent(1, [null, null, null, 10_000]))).toEqual([]);
    expect(flagIds(agent(0, [0, 0, 0]))).toEqual([]);
  });

  it('follows the configured percentage', () => {
    const strict = { ...DEFAULT_VALUE_REVIEW, dropPercent: 10 };
    expect(flagIds(agent(9_000, [10_000]), strict)).toEqual([]);
    expect(flagIds(agent(8_999, [10_000]), strict)).toEqual(['dropVsTrailing']);
  });
});

describe('driftFlags: belowTargetRunning', () => {
  const target = 10_000;

  it('flags two months below target in a row', () => {
    const [flag] = driftFlags(agent(9_999, [9_999], target), DEFAULT_VALUE_REVIEW);
    expect(flag).toEqual({ id: 'belowTargetRunning', message: 'Below target 2 months running' });
  });

  it('does not flag hitting the target exactly, or a single month below', () => {
    expect(flagIds(agent(10_000, [9_999], target))).toEqual([]);
    expect(flagIds(agent(9_999, [10_000], target))).toEqual([]);
    expect(flagIds(agent(9_999, [], target))).toEqual([]);
  });

  it('does not count an unreported month as below target', () => {
    expect(flagIds(agent(9_999, [null, 9_999], target))).toEqual([]);
  });

  it('says how long the run has lasted', () => {
    const [flag] = driftFlags(agent(9_000, [9_000, 9_000, 9_000, 12_000], target), DEFAULT_VALUE_REVIEW);
    expect(flag?.message).toBe('Below target 4 months running');
  });

  it('follows the configured number of months', () => {
    const oneMonth = { ...DEFAULT_VALUE_REVIEW, belowTargetMonths: 1 };
    expect(driftFlags(agent(9_999, [], target), oneMonth)).toEqual([
      { id: 'belowTargetRunning', message: 'Below target this month' },
    ]);
    const threeMonths = { ...DEFAULT_VALUE_REVIEW, belowTargetMonths: 3 };
    expect(flagIds(agent(9_999, [9_999], target), threeMonths)).toEqual([]);
    expect(flagIds(agent(9_999, [9_999, 9_999], target), threeMonths)).toEqual(['belowTargetRunning']);
  });
});

describe('driftFlags: below target, judged against the target owed each month', () => {
  it('judges a first month against its pro-rated share, not the whole target', () => {
    // Gated mid-month: 5,000 of the 10,000 owed in its first month, and 6,000 reported, which meets it.
    const second: AgentMonth = {
      agentId: 1,
      targetCents: 10_000,
      reportedCents: 8_000,
      history: [{ value: 6_000, targetCents: 5_000 }],
    };
    expect(flagIds(second)).toEqual([]);
    // Below even its share, the first month does count.
    expect(flagIds({ ...second, history: [{ value: 4_000, targetCents: 5_000 }] })).toEqual([
      'belowTargetRunning',
    ]);
  });

  it('never calls a month below target when nothing was owed in it (before production)', () => {
    const pilot: AgentMonth = { agentId: 1, targetCents: 0, reportedCents: 100, history: past([50, 50]) };
    expect(flagIds(pilot, { ...DEFAULT_VALUE_REVIEW, belowTargetMonths: 1 })).toEqual([]);
    const firstFullMonth: AgentMonth = {
      agentId: 1,
      targetCents: 10_000,
      reportedCents: 9_000,
      history: past([50], 0),
    };
    expect(flagIds(firstFullMonth)).toEqual([]);
  });
});

describe('driftFlags: negative', () => {
  it('flags a number below zero and not zero itself', () => {
    expect(flagIds(agent(-1))).toEqual(['negative']);
    expect(flagIds(agent(0))).toEqual([]);
  });

  it('can come with other flags', () => {
    expect(flagIds(agent(-500, [10_000, 10_000], 20_000))).toEqual([
      'negative',
      'dropVsTrailing',
      'belowTargetRunning',
    ]);
  });
});

describe('driftFlags: missedTwice', () => {
  it('flags no number this month nor last', () => {
    expect(driftFlags(agent(null, [null, 10_000]), DEFAULT_VALUE_REVIEW)).toEqual([
      { id: 'missedTwice', message: 'No number two months running: it goes on the next kill-or-scale vote' },
    ]);
  });

  it('does not flag a single miss, a miss last month alone, or a brand-new agent', () => {
    expect(flagIds(agent(null, [10_000, null]))).toEqual([]);
    expect(flagIds(agent(10_000, [null, null]))).toEqual([]);
    expect(flagIds(agent(null, []))).toEqual([]);
  });
});

describe('summariseReview', () => {
  it('totals the reported numbers and lists who is missing and who is flagged', () => {
    const agents: AgentMonth[] = [
      { agentId: 1, targetCents: 100_000, reportedCents: 120_000, history: past([110_000], 100_000) },
      { agentId: 2, targetCents: 50_000, reportedCents: -20_000, history: [] },
      { agentId: 3, targetCents: 50_000, reportedCents: null, history: past([60_000], 50_000) },
      { agentId: 4, targetCents: 50_000, reportedCents: null, history: past([null], 50_000) },
    ];
    const summary = summariseReview(agents, DEFAULT_VALUE_REVIEW);
    expect(summary.totalCents).toBe(100_000);
    expect(summary.reported).toBe(2);
    expect(summary.missing).toEqual([3, 4]);
    expect([...summary.flagged.keys()]).toEqual([2, 4]);
    expect(summary.flagged.get(2)?.map((flag) => flag.id)).toEqual(['negative']);
    expect(summary.flagged.get(4)?.map((flag) => flag.id)).toEqual(['missedTwice']);
  });

  it('is empty for no agents', () => {
    const summary = summariseReview([], DEFAULT_VALUE_REVIEW);
    expect(summary).toEqual({ totalCents: 0, reported: 0, missing: [], away: [], flagged: new Map() });
  });
});

describe('shouldPostEarly', () => {
  it('is true once every number is in, zero and negative included', () => {
    expect(shouldPostEarly([agent(1), agent(0), agent(-5)])).toBe(true);
    expect(shouldPostEarly([agent(1), agent(null)])).toBe(false);
    expect(shouldPostEarly([])).toBe(false);
  });
});

describe('an owner away with nobody reporting', () => {
  it('is not a miss this month, and an away month before is not the first of two', () => {
    const base = { agentId: 1, targetCents: 1_000_000 };
    const away = summariseReview(
      [{ ...base, reportedCents: null, away: true, history: past([null]) }],
      DEFAULT_VALUE_REVIEW,
    );
    expect(away).toMatchObject({ missing: [], away: [1], flagged: new Map() });
    expect(
      driftFlags({ ...base, reportedCents: null, history: past(['away']) }, DEFAULT_VALUE_REVIEW),
    ).toEqual([]);
    expect(
      driftFlags({ ...base, reportedCents: null, history: past([null]) }, DEFAULT_VALUE_REVIEW).map(
        (f) => f.id,
      ),
    ).toEqual(['missedTwice']);
  });
});
