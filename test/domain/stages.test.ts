import { describe, expect, it } from 'vitest';
import { STAGES, type StageNumber, stageLabel, stageOf } from '../../src/domain/stages.js';

const NUMBERS: readonly StageNumber[] = [0, 1, 2, 3, 4];

describe('the five stages', () => {
  it('are listed in order, each at the index of its number', () => {
    expect(STAGES.map((stage) => stage.number)).toEqual(NUMBERS);
    expect(STAGES.map((stage) => stage.name)).toEqual([
      'Curious',
      'Assisted',
      'First Agent',
      'Portfolio',
      'Embedded',
    ]);
  });

  it.each(NUMBERS)('stage %i says what is true, the trap and one next move, briefly', (n) => {
    const stage = stageOf(n);
    expect(stage).toBe(STAGES[n]);
    for (const text of [stage.whatIsTrue, stage.trap, stage.nextMove]) {
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(20);
      expect(text.length).toBeLessThanOrEqual(160);
      expect(text).toMatch(/\.$/);
      // One or two short sentences, no more.
      expect(text.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length).toBeLessThanOrEqual(2);
    }
  });

  it('labels a stage with its number and name', () => {
    expect(stageLabel(2)).toBe('Stage 2 · First Agent');
    expect(NUMBERS.map(stageLabel)).toEqual([
      'Stage 0 · Curious',
      'Stage 1 · Assisted',
      'Stage 2 · First Agent',
      'Stage 3 · Portfolio',
      'Stage 4 · Embedded',
    ]);
  });
});
