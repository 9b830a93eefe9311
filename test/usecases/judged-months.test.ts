import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { recordValueReview } from '../../src/store/reports.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { lastCompleteMonth, monthComplete, reviewPostsBy } from '../../src/usecases/judged-months.js';
import { portfolioSummary } from '../../src/usecases/summary.js';
import { TEAM_ID } from '../support/app.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';
import { openTestDatabase } from './db.js';

// A plant in Chicago, keeping US holidays (from its zone): Veterans Day, Wednesday 11 November, is not worked.
let handle: ReturnType<typeof openTestDatabase>;
let db: Db;

beforeEach(() => {
  handle = openTestDatabase();
  db = handle.db;
  seedWorkspace(db, { createdAt: '2026-07-01T12:00:00Z' });
});
afterEach(() => handle.close());

const workspace = () => ensureWorkspace(db, TEAM_ID, new Date('2026-07-01T12:00:00Z'));
const at = (iso: string) => new Date(iso);

function openReviewRun(period: string, startedAt: string, late: boolean): number {
  return (
    db
      .prepare(
        `INSERT INTO ritual_runs (team_id, ritual, period, state, due_at, late, started_at)
         VALUES (?, 'value-review', ?, 'running', ?, ?, ?) RETURNING id`,
      )
      .get(TEAM_ID, period, startedAt, late ? 1 : 0, startedAt) as { id: number }
  ).id;
}

function postReview(month: string, runId: number, postedAt: string): void {
  recordValueReview(db, TEAM_ID, {
    month,
    runId,
    postedAt: at(postedAt),
    channelId: 'CREVIEW',
    messageTs: '1.1',
    expected: 0,
    reported: 0,
    totalCents: 0,
    missingAgentIds: [],
    awayAgentIds: [],
    flags: {},
  });
}

describe('complete months, from the records', () => {
  it('counts October once its review posts, or from the 7th business day of November', () => {
    const w = workspace();
    // November's 7th business day is Tuesday the 10th, 09:00 in Chicago.
    expect(reviewPostsBy(db, w, '2026-11')).toEqual(at('2026-11-10T15:00:00Z'));
    expect(monthComplete(db, w, '2026-10', at('2026-11-10T14:59:00Z'))).toBe(false);
    expect(monthComplete(db, w, '2026-10', at('2026-11-10T15:00:00Z'))).toBe(true);

    postReview('2026-10', openReviewRun('2026-11', '2026-11-02T15:00:00Z', false), '2026-11-05T15:00:00Z');
    expect(monthComplete(db, w, '2026-10', at('2026-11-05T15:00:00Z'))).toBe(true);
  });

  it('waits for a review run that opened late on its own timeline, holidays skipped', () => {
    const w = workspace();
    // Opened late on Wednesday 4 November: six business days on, Veterans Day skipped, is Friday the 13th.
    openReviewRun('2026-11', '2026-11-04T15:00:00Z', true);
    expect(reviewPostsBy(db, w, '2026-11')).toEqual(at('2026-11-13T15:00:00Z'));
    expect(monthComplete(db, w, '2026-10', at('2026-11-12T15:00:00Z'))).toBe(false);
    expect(lastCompleteMonth(db, w, at('2026-11-12T15:00:00Z'))).toBe('2026-09');
    expect(lastCompleteMonth(db, w, at('2026-11-13T15:00:00Z'))).toBe('2026-10');
  });

  it('leaves a month still being reported out of the summary’s quarter', () => {
    seedAgent(db, { name: 'Order entry', ownerId: 'UANN', registeredAt: '2026-05-04T15:00:00Z' });
    // Monday 4 January 2027: December is being reported; October's and November's posting days have passed.
    const summary = portfolioSummary(db, at('2027-01-04T18:00:00Z'), workspace());
    expect(summary.quarter.quarter).toBe('2026-Q4');
    expect(summary.quarter.months).toEqual(['2026-10', '2026-11']);
  });
});
