import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUESTION_IDS } from '../../src/domain/placement.js';
import type { Db } from '../../src/store/db.js';
import { latestPlacement } from '../../src/store/placements.js';
import { getWorkspace } from '../../src/store/workspaces.js';
import { placeOperation } from '../../src/usecases/placement.js';
import { testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');

describe('JSON columns are read through their schema', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    ({ db, close } = testDatabase());
  });
  afterEach(() => close());

  it('names the table, row and column of a placement that does not match', () => {
    const answers = Object.fromEntries(QUESTION_IDS.map((id) => [id, false])) as Record<
      (typeof QUESTION_IDS)[number],
      boolean
    >;
    const { placement } = placeOperation(db, NOW, {
      teamId: TEAM,
      userId: 'U1',
      answers,
      sourceViewId: 'V1',
    });
    expect(latestPlacement(db, TEAM)?.answers).toEqual(answers);
    db.prepare(`UPDATE placements SET flags = '[{"id":"noSuchFlag"}]' WHERE id = ?`).run(placement.id);
    expect(() => latestPlacement(db, TEAM)).toThrow(
      `placements row ${placement.id}: column flags does not match`,
    );
    db.prepare(`UPDATE placements SET evidence = 'not json' WHERE id = ?`).run(placement.id);
    expect(() => latestPlacement(db, TEAM)).toThrow(
      `placements row ${placement.id}: column evidence is not JSON`,
    );
  });

  it('names the workspace whose leaders are not a list of user ids', () => {
    db.prepare(
      `INSERT INTO workspaces (team_id, created_at, leadership_user_ids) VALUES (?, ?, '{"U1": true}')`,
    ).run(TEAM, NOW.toISOString());
    expect(() => getWorkspace(db, TEAM)).toThrow(
      'workspaces row T1: column leadership_user_ids does not match',
    );
  });
});
