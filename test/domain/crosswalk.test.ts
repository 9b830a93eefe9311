import { describe, expect, it } from 'vitest';
import { crosswalk, type RitualEvidence } from '../../src/domain/crosswalk.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const NO_EVIDENCE: RitualEvidence = {
  registry: { agents: 0, lastRegisteredAt: null },
  gate: { reviews: 0, passed: 0, lastReviewAt: null },
  valueReview: { lastPostedAt: null, lastPeriod: null, reported: 0, expected: 0 },
  votes: { lastClosedAt: null, lastQuarter: null, decided: 0, agents: 0 },
  placements: { count: 0, lastAt: null },
};

const EVIDENCE: RitualEvidence = {
  registry: { agents: 8, lastRegisteredAt: new Date('2026-09-14T10:00:00Z') },
  gate: { reviews: 9, passed: 7, lastReviewAt: new Date('2026-10-02T15:00:00Z') },
  valueReview: {
    lastPostedAt: new Date('2026-11-03T08:00:00Z'),
    lastPeriod: '2026-10',
    reported: 7,
    expected: 8,
  },
  votes: { lastClosedAt: new Date('2026-10-09T17:00:00Z'), lastQuarter: '2026-Q3', decided: 6, agents: 7 },
  placements: { count: 1, lastAt: new Date('2026-01-20T12:00:00Z') },
};

describe('crosswalk', () => {
  it('maps each ritual to NIST functions and one PDCA phase, in loop order', () => {
    const lines = crosswalk(EVIDENCE, isoDay);
    expect(lines.map((l) => [l.ritual, l.pdca, l.nist])).toEqual([
      ['Placement', 'Plan', ['Govern']],
      ['Agent registry', 'Do', ['Map']],
      ['Production gate', 'Do', ['Measure']],
      ['Monthly value review', 'Check', ['Measure', 'Manage']],
      ['Quarterly kill-or-scale', 'Act', ['Manage', 'Govern']],
    ]);
  });

  it('states the facts the records hold', () => {
    const lines = crosswalk(EVIDENCE, isoDay);
    expect(lines.map((l) => l.fact)).toEqual([
      'Plan: 1 placement on record, the latest on 2026-01-20',
      'Do: 8 agents registered, the latest on 2026-09-14',
      'Do: 7 of 9 gate reviews passed, the latest on 2026-10-02',
      'Check: last value review 2026-11-03 for 2026-10, 7 of 8 agents reported',
      'Act: last kill-or-scale vote closed 2026-10-09 for 2026-Q3, 6 of 7 agents decided',
    ]);
    expect(lines.map((l) => l.lastAt?.toISOString())).toEqual([
      '2026-01-20T12:00:00.000Z',
      '2026-09-14T10:00:00.000Z',
      '2026-10-02T15:00:00.000Z',
      '2026-11-03T08:00:00.000Z',
      '2026-10-09T17:00:00.000Z',
    ]);
  });

  it('says "none yet" for every ritual without evidence', () => {
    const lines = crosswalk(NO_EVIDENCE, isoDay);
    expect(lines.map((l) => l.fact)).toEqual([
      'Plan: none yet, no placement on record',
      'Do: none yet, no agent registered',
      'Do: none yet, no gate review held',
      'Check: none yet, no value review posted',
      'Act: none yet, no kill-or-scale vote closed',
    ]);
    expect(lines.every((l) => l.lastAt === null)).toBe(true);
  });

  it('leaves out dates and periods the records do not have', () => {
    const [, registry, , review] = crosswalk(
      {
        ...NO_EVIDENCE,
        registry: { agents: 1, lastRegisteredAt: null },
        valueReview: {
          lastPostedAt: new Date('2026-11-03T08:00:00Z'),
          lastPeriod: null,
          reported: 1,
          expected: 1,
        },
      },
      isoDay,
    );
    expect(registry?.fact).toBe('Do: 1 agent registered');
    expect(review?.fact).toBe('Check: last value review 2026-11-03, 1 of 1 agent reported');
  });
});
