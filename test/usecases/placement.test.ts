import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Answers, QUESTION_IDS } from '../../src/domain/placement.js';
import type { Db } from '../../src/store/db.js';
import { countPlacements, latestPlacement } from '../../src/store/placements.js';
import { placeOperation } from '../../src/usecases/placement.js';
import { adoptTimeZone } from '../../src/usecases/settings.js';
import { testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const allYes = Object.fromEntries(QUESTION_IDS.map((id) => [id, true])) as Answers;

describe('placing the operation', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    ({ db, close } = testDatabase());
  });
  afterEach(() => close());

  it('stores one placement per modal, and the records overrule answers they contradict', () => {
    const input = { teamId: TEAM, userId: 'UADMIN', answers: allYes, sourceViewId: 'V1' };
    const first = placeOperation(db, NOW, input);
    const retried = placeOperation(db, NOW, input);
    expect(first.created).toBe(true);
    expect(retried).toEqual({ placement: first.placement, created: false, timeZone: 'UTC' });
    expect(countPlacements(db, TEAM)).toBe(1);
    // No agent is registered, so the records cannot back a stage above the one the answers claim.
    expect(first.placement.evidenceBased).toBeLessThan(first.placement.selfReported);
    expect(first.placement.overrides.length).toBeGreaterThan(0);
    expect(latestPlacement(db, TEAM)).toEqual(first.placement);
  });

  it("returns the workspace's zone, which the days in the records' reasons are shown in", () => {
    adoptTimeZone(db, NOW, { teamId: TEAM, adminId: 'UADMIN', zone: 'America/Chicago' });
    const placed = placeOperation(db, NOW, {
      teamId: TEAM,
      userId: 'UADMIN',
      answers: allYes,
      sourceViewId: 'V1',
    });
    expect(placed.timeZone).toBe('America/Chicago');
  });
});
