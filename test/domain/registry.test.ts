import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/domain/registry.js';

const NAMES = [
  'Order entry',
  'Invoice matching',
  'Quote prep',
  'Predictive maintenance',
  'Vision inspection',
];

describe('closestNames', () => {
  it('puts names that contain what was typed first', () => {
    expect(closestNames('invoice', NAMES)[0]).toBe('Invoice matching');
    expect(closestNames('MAINTENANCE', NAMES)[0]).toBe('Predictive maintenance');
  });

  it('falls back to the fewest edits for a misspelling', () => {
    expect(closestNames('Qoute prep', NAMES)[0]).toBe('Quote prep');
    expect(closestNames('order entyr', NAMES)[0]).toBe('Order entry');
  });

  it('returns at most the limit, and nothing from an empty registry', () => {
    expect(closestNames('x', NAMES)).toHaveLength(3);
    expect(closestNames('x', NAMES, 2)).toHaveLength(2);
    expect(closestNames('anything', [])).toEqual([]);
  });
});
