/**
 * Leases on the wall clock: a run held by a live process is reported, never advanced twice or skipped silently;
 * a dead holder's run is taken over once its lease has lapsed; the ritual's own instant never decides.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LEASE_MS } from '../../src/rituals/lease.js';
import { ritualStatuses } from '../../src/rituals/status.js';
import { valueReviewJob } from '../../src/rituals/value-review.js';
import { getRun, insertRun, leaseRun } from '../../src/store/ritual-runs.js';
import { getWorkspace } from '../../src/store/workspaces.js';
import { ANN, BEN, startReviewPlant, tick } from '../slack/value-review-fixture.js';
import { TEAM_ID, type TestApp } from '../support/app.js';

const DUE = '2026-11-02T15:00:00Z';
const DEAD = 'plant-server pid 4242 (dead)';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

/** Opens November's run and leases it to a holder that is not this process, as of real time now. */
function holdRun(holder: string): void {
  const db = app.bot.db;
  insertRun(db, {
    teamId: TEAM_ID,
    ritual: 'value-review',
    period: '2026-11',
    dueAt: new Date(DUE),
    late: false,
    state: 'running',
    at: new Date(DUE),
  });
  const run = getRun(db, TEAM_ID, 'value-review', '2026-11');
  if (!run) throw new Error('the run was not opened');
  const now = new Date();
  expect(leaseRun(db, run.id, holder, now, new Date(now.getTime() + LEASE_MS))).toBe(true);
}

const prompted = () => [ANN, BEN].map((owner) => app.fake.messages(owner).length);

describe('Ritual leases', () => {
  it('reports a run a live process holds, with who and since when, and sends nothing for it', async () => {
    ({ app } = await startReviewPlant());
    holdRun(DEAD);
    // Weeks ahead on the ritual's clock: the lease is judged on real time, so it is still live.
    const report = await tick(app, '2026-11-20T15:00:00Z');
    expect(report.held).toEqual([
      expect.objectContaining({ teamId: TEAM_ID, ritual: 'value-review', period: '2026-11', holder: DEAD }),
    ]);
    expect(prompted()).toEqual([0, 0]);
    const workspace = getWorkspace(app.bot.db, TEAM_ID);
    if (!workspace) throw new Error('no workspace');
    const [status] = ritualStatuses(app.bot.db, [valueReviewJob], workspace, new Date(DUE));
    expect(status?.running[0]?.heldBy?.holder).toBe(DEAD);
  });

  it("takes over a dead holder's run once its lease has lapsed, within two minutes", async () => {
    ({ app } = await startReviewPlant());
    holdRun(DEAD);
    const inTwoMinutes = () => new Date(Date.now() + 2 * 60_000);
    const report = await tick(app, DUE, { wallClock: inTwoMinutes });
    expect(report.held).toEqual([]);
    expect(prompted()).toEqual([1, 1]);
    // Released when the heartbeat is done with it: nobody holds it now.
    const run = getRun(app.bot.db, TEAM_ID, 'value-review', '2026-11');
    expect(run?.lease).toBeNull();
  });
});
