import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordValueReview, reviewAgentPage, reviewCounts } from '../../src/store/reports.js';
import { getRun, insertRun } from '../../src/store/ritual-runs.js';
import { saveReport } from '../../src/usecases/value-review.js';
import { testDatabase } from '../support/database.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

const TEAM = 'T0001';
const OTHER = 'T0THER';

describe("the review's agents, a page at a time", () => {
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

    const page = (teamId: string, month: string) =>
      new Map(reviewAgentPage(store.db, teamId, month, { offset: 0, limit: 10 }).map((s) => [s.agent.id, s]));
    const statuses = page(TEAM, '2026-09');
    expect([...statuses.keys()].sort()).toEqual([steady, corrected, silent].sort());
    expect(statuses.get(steady)?.latest).toMatchObject({
      month: '2026-09',
      amountCents: 300_000,
      corrections: 0,
    });
    expect(statuses.get(corrected)?.latest).toMatchObject({
      month: '2026-09',
      amountCents: 660_000,
      originalCents: 600_000,
      corrections: 2,
    });
    expect(statuses.get(corrected)?.current).toMatchObject({ month: '2026-09', amountCents: 660_000 });
    expect(statuses.get(silent)).toMatchObject({ latest: null, current: null });
    // The month asked for is the current one; the latest number can be an earlier month's.
    expect(page(TEAM, '2026-10').get(steady)).toMatchObject({ latest: { month: '2026-09' }, current: null });
    expect(page(OTHER, '2026-10').get(elsewhere)?.latest).toMatchObject({
      month: '2026-10',
      amountCents: 999_999,
    });
    expect(reviewCounts(store.db, TEAM, '2026-09')).toEqual({ agents: 3, reported: 2 });
    expect(reviewCounts(store.db, TEAM, '2026-10')).toEqual({ agents: 3, reported: 0 });
  });

  it('reads the running agents by name, a page at a time, leaving out the rest', () => {
    const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'];
    for (const [i, name] of names.entries()) seedAgent(store.db, { teamId: TEAM, name, ownerId: `U${i}` });
    seedAgent(store.db, { teamId: TEAM, name: 'Aardvark', ownerId: 'U9', status: 'retired' });
    seedAgent(store.db, { teamId: TEAM, name: 'Abacus', ownerId: 'U9', status: 'proposed' });
    const namesOf = (offset: number) =>
      reviewAgentPage(store.db, TEAM, '2026-09', { offset, limit: 2 }).map((s) => s.agent.name);
    expect([namesOf(0), namesOf(2), namesOf(4)]).toEqual([
      ['alpha', 'Bravo'],
      ['Charlie', 'Delta'],
      ['Echo'],
    ]);
    expect(reviewCounts(store.db, TEAM, '2026-09')).toEqual({ agents: 5, reported: 0 });
  });
});
