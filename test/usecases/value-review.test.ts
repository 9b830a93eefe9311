import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import {
  REPORT_ENTITY,
  recordValueReview,
  reportFor,
  reviewSettings,
  valueReviewFor,
  WORKSPACE_ENTITY,
} from '../../src/store/reports.js';
import { type ReportInput, saveReport, saveReviewSettings } from '../../src/usecases/value-review.js';
import { TEAM_ID } from '../support/app.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';
import { openTestDatabase } from './db.js';

const OWNER = 'UOWNER';
const PO = 'UPO';
const MONTH = '2026-10';

let handle: ReturnType<typeof openTestDatabase>;
let db: Db;
let agentId: number;

const number = (amountCents: number, sourceViewId: string, actorId = OWNER): ReportInput => ({
  teamId: TEAM_ID,
  agentId,
  month: MONTH,
  amountCents,
  note: null,
  evidenceUrl: null,
  handoffPercent: null,
  actorId,
  onBehalfOf: actorId === OWNER ? null : OWNER,
  sourceViewId,
});

function postReview() {
  recordValueReview(db, TEAM_ID, {
    month: MONTH,
    runId: (
      db
        .prepare(
          `INSERT INTO ritual_runs (team_id, ritual, period, state, due_at, started_at)
           VALUES (?, 'value-review', '2026-11', 'done', ?, ?) RETURNING id`,
        )
        .get(TEAM_ID, '2026-11-02T15:00:00Z', '2026-11-02T15:00:00Z') as { id: number }
    ).id,
    postedAt: new Date('2026-11-10T15:00:00Z'),
    channelId: 'CREVIEW',
    messageTs: '1.1',
    expected: 1,
    reported: 1,
    totalCents: 900_000,
    missingAgentIds: [],
    awayAgentIds: [],
    flags: { [agentId]: ['negative'] },
  });
}

beforeEach(() => {
  handle = openTestDatabase();
  db = handle.db;
  seedWorkspace(db, { createdAt: '2026-01-01T00:00:00Z', portfolioOwnerId: PO });
  agentId = seedAgent(db, { name: 'Order entry', ownerId: OWNER });
});

afterEach(() => handle.close());

describe('saveReport', () => {
  it('reports, replaces until the review posts, then keeps a correction beside the posted original', () => {
    const at = new Date('2026-11-03T15:00:00Z');
    expect(saveReport(db, at, number(900_000, 'V1')).outcome).toBe('reported');
    expect(saveReport(db, at, number(950_000, 'V2')).outcome).toBe('updated');
    postReview();
    const corrected = saveReport(db, at, number(1_000_000, 'V3', PO));
    expect(corrected.outcome).toBe('corrected');
    expect(corrected.report).toMatchObject({
      amountCents: 1_000_000,
      originalCents: 950_000,
      reportedBy: PO,
      onBehalfOf: OWNER,
      corrections: 1,
    });
    const reportId = reportFor(db, TEAM_ID, agentId, MONTH)?.id ?? 0;
    const trail = auditTrail(db, TEAM_ID, REPORT_ENTITY, reportId);
    expect(trail.map((row) => row.action)).toEqual(['reported', 'updated', 'corrected']);
    expect(trail[0]?.before).toBeNull();
    expect(trail[2]?.before).toMatchObject({ amountCents: 950_000 });
  });

  it('writes nothing for a retried submission of the same modal, original or correction', () => {
    const at = new Date('2026-11-03T15:00:00Z');
    saveReport(db, at, number(900_000, 'V1'));
    expect(saveReport(db, at, number(900_000, 'V1'))).toMatchObject({
      outcome: 'repeat',
      report: { amountCents: 900_000 },
    });
    postReview();
    saveReport(db, at, number(800_000, 'V2'));
    expect(saveReport(db, at, number(800_000, 'V2')).outcome).toBe('repeat');
    const reportId = reportFor(db, TEAM_ID, agentId, MONTH)?.id ?? 0;
    expect(auditTrail(db, TEAM_ID, REPORT_ENTITY, reportId)).toHaveLength(2);
  });
});

describe("a report's source", () => {
  it('is the feed, the feed changed by hand, or typed, on the report and its correction and in the audit row', () => {
    const at = new Date('2026-11-03T15:00:00Z');
    const fromFeed = saveReport(db, at, { ...number(300_075, 'V1'), feedCents: 300_075 });
    expect(fromFeed.report).toMatchObject({ source: 'feed', feedCents: 300_075 });
    const changed = saveReport(db, at, { ...number(280_000, 'V2'), feedCents: 300_075 });
    expect(changed.report).toMatchObject({ source: 'feed_changed', feedCents: 300_075 });
    postReview();
    const typed = saveReport(db, at, number(290_000, 'V3'));
    expect(typed.report).toMatchObject({ source: 'typed', feedCents: null, corrections: 1 });
    const trail = auditTrail(db, TEAM_ID, REPORT_ENTITY, typed.report.id);
    expect(trail.map((row) => [row.before, row.after])).toEqual([
      [null, expect.objectContaining({ source: 'feed', feedCents: 300_075 })],
      [
        expect.objectContaining({ source: 'feed', feedCents: 300_075 }),
        expect.objectContaining({ source: 'feed_changed', feedCents: 300_075 }),
      ],
      [
        expect.objectContaining({ source: 'feed_changed', feedCents: 300_075 }),
        expect.objectContaining({ source: 'typed', feedCents: null }),
      ],
    ]);
  });
});

describe('saveReviewSettings', () => {
  it('saves with one audit row, and saving the same again writes none', () => {
    const settings = { time: '10:30', dropPercent: 40, belowTargetMonths: 3 };
    const at = new Date('2026-11-03T15:00:00Z');
    expect(saveReviewSettings(db, at, { teamId: TEAM_ID, actorId: PO, settings })).toEqual(settings);
    saveReviewSettings(db, at, { teamId: TEAM_ID, actorId: PO, settings });
    expect(reviewSettings(db, TEAM_ID)).toEqual(settings);
    expect(
      auditTrail(db, TEAM_ID, WORKSPACE_ENTITY, TEAM_ID).filter((r) => r.action === 'review-settings'),
    ).toHaveLength(1);
  });
});

describe('the posted review', () => {
  it('reads its JSON columns through their schemas: a malformed row names the table and the row', () => {
    postReview();
    expect(valueReviewFor(db, TEAM_ID, MONTH)?.flags).toEqual({ [agentId]: ['negative'] });
    const id = (db.prepare('SELECT id FROM value_reviews').get() as { id: number }).id;
    db.prepare(`UPDATE value_reviews SET flags = '{"1": ["sunny"]}'`).run();
    expect(() => valueReviewFor(db, TEAM_ID, MONTH)).toThrow(
      `value_reviews row ${id}: column flags does not match`,
    );
  });
});
