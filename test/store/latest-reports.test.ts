import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestReports, recordValueReview } from '../../src/store/reports.js';
import { getRun, insertRun } from '../../src/store/ritual-runs.js';
import { saveReport } from '../../src/usecases/value-review.js';
import { testDatabase } from '../support/database.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

const TEAM = 'T0001';
const OTHER = 'T0THER';

describe('latestReports', () => {
  let store: ReturnType<typeof testDatabase>;
  beforeEach(() => {
    store = testDatabase();
    seedWorkspace(store.db, { teamId: TEAM, createdAt: '2026-01-01T00:00:00Z' });
    seedWorkspace(store.db, { teamId: OTHER, createdAt: '2026-01-01T00:00:00Z' });
  });
  afterEach(() => store.close());

  const report = (teamId: string, agentId: number, month: string, cents: number, view: string) =>
    saveReport(store.db, new Date(`${month}-28T15:00:00Z`), {
      teamId,
      agentId,
      month,
      amountCents: cents,
      note: null,
      evidenceUrl: null,
      handoffPercent: null,
      actorId: 'UOWNER',
      onBehalfOf: null,
      sourceViewId: view,
    });

  function closeMonth(month: string): void {
    insertRun(store.db, {
      teamId: TEAM,
      ritual: 'value-review',
      period: month,
      dueAt: new Date(`${month}-28T15:00:00Z`),
      late: false,
      state: 'running',
      at: new Date(`${month}-28T15:00:00Z`),
    });
    const run = getRun(store.db, TEAM, 'value-review', month);
    if (!run) throw new Error('no run');
    recordValueReview(store.db, TEAM, {
      month,
      runId: run.id,
      postedAt: new Date(`${month}-28T16:00:00Z`),
      channelId: null,
      messageTs: null,
      expected: 1,
      reported: 1,
      totalCents: 0,
      missingAgentIds: [],
      awayAgentIds: [],
      flags: {},
    });
  }

  it("gives each agent its latest month, with that month's latest correction laid over it", () => {
    const steady = seedAgent(store.db, { teamId: TEAM, name: 'Steady', ownerId: 'U1' });
    const corrected = seedAgent(store.db, { teamId: TEAM, name: 'Corrected', ownerId: 'U2' });
    const silent = seedAgent(store.db, { teamId: TEAM, name: 'Silent', ownerId: 'U3' });
    const elsewhere = seedAgent(store.db, { teamId: OTHER, name: 'Elsewhere', ownerId: 'U4' });
    for (const [i, month] of ['2026-07', '2026-08', '2026-09'].entries()) {
      report(TEAM, steady, month, 100_000 * (i + 1), `VS${month}`);
      report(TEAM, corrected, month, 200_000 * (i + 1), `VC${month}`);
    }
    // A later month for the other workspace must not hide this one's latest.
    report(OTHER, elsewhere, '2026-10', 999_999, 'VOTHER');
    closeMonth('2026-09');
    report(TEAM, corrected, '2026-09', 650_000, 'VFIX1');
    report(TEAM, corrected, '2026-09', 660_000, 'VFIX2');

    const latest = latestReports(store.db, TEAM);
    expect([...latest.keys()].sort()).toEqual([steady, corrected].sort());
    expect(latest.get(steady)).toMatchObject({ month: '2026-09', amountCents: 300_000, corrections: 0 });
    expect(latest.get(corrected)).toMatchObject({
      month: '2026-09',
      amountCents: 660_000,
      originalCents: 600_000,
      corrections: 2,
    });
    expect(latest.has(silent)).toBe(false);
    expect(latestReports(store.db, OTHER).get(elsewhere)).toMatchObject({
      month: '2026-10',
      amountCents: 999_999,
    });
  });
});
