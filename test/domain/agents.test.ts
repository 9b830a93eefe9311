import { describe, expect, it } from 'vitest';
import {
  AGENT_CATEGORIES,
  AGENT_STATUSES,
  type AgentStatus,
  CATEGORY_LABELS,
  canTransition,
  findNearDuplicate,
  isRunning,
  normaliseName,
  SHIPS_IN_WEEKS_DAYS,
  STATUS_LABELS,
  shipsInWeeksEvidence,
  skipsSteps,
  type TransitionCause,
} from '../../src/domain/agents.js';

describe('labels', () => {
  it('has a label for every category and status', () => {
    expect(AGENT_CATEGORIES.map((c) => CATEGORY_LABELS[c])).toEqual([
      'Office side',
      'Line level',
      'In the product',
    ]);
    for (const status of AGENT_STATUSES) expect(STATUS_LABELS[status].trim()).not.toBe('');
  });
});

describe('canTransition', () => {
  const CAUSES: readonly TransitionCause[] = ['manual', 'gate', 'vote'];
  // Every allowed move, with its causes; everything not listed here must be refused.
  const ALLOWED: readonly (readonly [AgentStatus, AgentStatus, TransitionCause])[] = [
    ['proposed', 'pilot', 'manual'],
    ['pilot', 'production', 'gate'],
    ['production', 'scaling', 'vote'],
    ['proposed', 'retired', 'manual'],
    ['proposed', 'retired', 'vote'],
    ['pilot', 'retired', 'manual'],
    ['pilot', 'retired', 'vote'],
    ['production', 'retired', 'manual'],
    ['production', 'retired', 'vote'],
    ['scaling', 'retired', 'manual'],
    ['scaling', 'retired', 'vote'],
  ];
  const allowed = new Set(ALLOWED.map((move) => move.join('>')));
  const everyMove = AGENT_STATUSES.flatMap((from) =>
    AGENT_STATUSES.flatMap((to) => CAUSES.map((cause) => [from, to, cause] as const)),
  );

  it.each(everyMove)('%s -> %s by %s', (from, to, cause) => {
    expect(canTransition(from, to, cause)).toBe(allowed.has([from, to, cause].join('>')));
  });

  it('puts an agent in production only through the gate', () => {
    expect(canTransition('pilot', 'production', 'manual')).toBe(false);
    expect(canTransition('pilot', 'production', 'vote')).toBe(false);
    expect(canTransition('pilot', 'production', 'gate')).toBe(true);
  });

  it('lets nothing leave retired, and scaling leave only to retired', () => {
    for (const to of AGENT_STATUSES) {
      for (const cause of CAUSES) {
        expect(canTransition('retired', to, cause)).toBe(false);
        expect(canTransition('scaling', to, cause)).toBe(to === 'retired' && cause !== 'gate');
      }
    }
  });
});

describe('isRunning', () => {
  it('counts pilot, production and scaling as running', () => {
    expect(AGENT_STATUSES.filter(isRunning)).toEqual(['pilot', 'production', 'scaling']);
  });
});

describe('normaliseName', () => {
  it('trims, collapses spaces and lowercases', () => {
    expect(normaliseName('  Invoice   Matching\t Bot ')).toBe('invoice matching bot');
    expect(normaliseName('ORDER ENTRY')).toBe(normaliseName('order entry'));
  });

  it('folds look-alike Unicode forms together', () => {
    expect(normaliseName('Ｑuote prep')).toBe('quote prep');
  });
});

describe('findNearDuplicate', () => {
  const existing = ['Invoice matching', 'Order entry', 'Quote prep', 'QC'];

  it('finds the same name written with other punctuation or spacing', () => {
    expect(findNearDuplicate('Invoice-Matching', existing)).toBe('Invoice matching');
    expect(findNearDuplicate('orderentry', existing)).toBe('Order entry');
    expect(findNearDuplicate('Q.C.', existing)).toBe('QC');
  });

  it('finds a name within two edits when both are at least five characters', () => {
    expect(findNearDuplicate('Invoce matching', existing)).toBe('Invoice matching');
    expect(findNearDuplicate('Quote preps', existing)).toBe('Quote prep');
    expect(findNearDuplicate('Order entry 12', existing)).toBe('Order entry');
  });

  it('finds a plural, a variant ending or a word added to a longer name', () => {
    expect(findNearDuplicate('Order entries', existing)).toBe('Order entry');
    expect(findNearDuplicate('Invoice matcher', existing)).toBe('Invoice matching');
    expect(findNearDuplicate('Order entry bot', existing)).toBe('Order entry');
  });

  it('ignores names that share only a word or two', () => {
    expect(findNearDuplicate('Invoice approval routing', existing)).toBeNull();
    expect(findNearDuplicate('Order tracking', existing)).toBeNull();
    expect(findNearDuplicate('Quote check', existing)).toBeNull();
  });

  it('does not use edit distance on short names', () => {
    expect(findNearDuplicate('QA', existing)).toBeNull();
    expect(findNearDuplicate('Scrap', ['Scr'])).toBeNull();
  });

  it('does not call an exact duplicate near: that name is simply taken', () => {
    expect(findNearDuplicate('  invoice   MATCHING ', existing)).toBeNull();
  });

  it('still finds a near name when another entry is an exact duplicate', () => {
    expect(findNearDuplicate('Quote prep', ['Quote prep', 'Quote-prep'])).toBe('Quote-prep');
  });

  it('returns the closest candidate', () => {
    expect(findNearDuplicate('Scheduler A', ['Scheduler BC', 'Scheduler B'])).toBe('Scheduler B');
  });

  it('finds nothing in an empty registry or for a name of punctuation only', () => {
    expect(findNearDuplicate('Order entry', [])).toBeNull();
    expect(findNearDuplicate('---', ['...'])).toBeNull();
  });
});

describe('skipsSteps', () => {
  it('flags line-level and product agents only while no office-side agent is in production', () => {
    expect(skipsSteps('line', false)).toBe(true);
    expect(skipsSteps('product', false)).toBe(true);
    expect(skipsSteps('line', true)).toBe(false);
    expect(skipsSteps('product', true)).toBe(false);
    expect(skipsSteps('office', false)).toBe(false);
  });
});

describe('shipsInWeeksEvidence', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  function agent(registeredDay: number, daysToGate: number | null) {
    const registeredAt = new Date(start.getTime() + registeredDay * 86_400_000);
    return {
      registeredAt,
      gatePassedAt: daysToGate === null ? null : new Date(registeredAt.getTime() + daysToGate * 86_400_000),
    };
  }

  it('is unknown with fewer than two agents through the gate', () => {
    expect(shipsInWeeksEvidence([])).toEqual({ value: 'unknown', sample: 0 });
    expect(shipsInWeeksEvidence([agent(0, 10), agent(5, null)])).toEqual({ value: 'unknown', sample: 1 });
  });

  it('is yes when the median is six weeks or less, counting the boundary', () => {
    expect(SHIPS_IN_WEEKS_DAYS).toBe(42);
    expect(shipsInWeeksEvidence([agent(0, 30), agent(10, 42), agent(20, 90)])).toEqual({
      value: 'yes',
      medianDays: 42,
      sample: 3,
    });
  });

  it('is no when the median is over six weeks', () => {
    expect(shipsInWeeksEvidence([agent(0, 43), agent(10, 60)])).toEqual({
      value: 'no',
      medianDays: 51.5,
      sample: 2,
    });
  });

  it('uses the last five agents by gate date, not by registration', () => {
    // The slow early agents passed first; the five most recent gates were fast.
    const slowAndEarly = [agent(0, 100), agent(1, 100), agent(2, 100)];
    const fastAndRecent = [agent(200, 10), agent(201, 10), agent(202, 10), agent(203, 10), agent(204, 10)];
    const result = shipsInWeeksEvidence([...fastAndRecent, ...slowAndEarly]);
    expect(result).toEqual({ value: 'yes', medianDays: 10, sample: 5 });
  });

  it('orders by gate date even when a late registration passed early', () => {
    // Registered last but passed first: it drops out of a last-2 window.
    const agents = [agent(50, 5), agent(0, 100), agent(10, 100)];
    expect(shipsInWeeksEvidence(agents, { lastN: 2 })).toEqual({ value: 'no', medianDays: 100, sample: 2 });
  });

  it('takes its window, threshold and minimum sample from options', () => {
    const agents = [agent(0, 20), agent(1, 30), agent(2, 40)];
    expect(shipsInWeeksEvidence(agents, { weeksDays: 25 })).toMatchObject({ value: 'no', medianDays: 30 });
    expect(shipsInWeeksEvidence(agents, { minSample: 4 })).toEqual({ value: 'unknown', sample: 3 });
    expect(shipsInWeeksEvidence(agents, { lastN: 1, minSample: 1 })).toEqual({
      value: 'yes',
      medianDays: 40,
      sample: 1,
    });
  });

  it('rounds the median to a tenth of a day and judges the rounded number', () => {
    const hours = (h: number) => ({
      registeredAt: start,
      gatePassedAt: new Date(start.getTime() + h * 3_600_000),
    });
    // 42.02 days rounds to 42.0: what is shown (42 days) is what is judged (yes).
    expect(shipsInWeeksEvidence([hours(42 * 24 + 0.5), hours(42 * 24 + 0.5)])).toEqual({
      value: 'yes',
      medianDays: 42,
      sample: 2,
    });
  });
});
