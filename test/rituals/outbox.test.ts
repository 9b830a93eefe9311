/**
 * What the due checks owe (ship-by reminders, a feed incident's DM) goes through the outbox like the announcements
 * that follow a person's action: queued in the transaction that makes it due, sent one at a time per workspace,
 * claimed before the send and marked after. A restart, a second process, or a process killed mid-send never
 * doubles or loses one.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_TOKEN_BYTES } from '../../src/domain/feeds.js';
import { runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS } from '../../src/rituals/index.js';
import type { RitualDeps } from '../../src/rituals/job.js';
import { LEASE_MS } from '../../src/rituals/lease.js';
import { remindersOf } from '../../src/store/backlog.js';
import { openDatabase } from '../../src/store/db.js';
import { claimAnnouncement } from '../../src/store/outbox.js';
import { addCandidate, commitCandidate } from '../../src/usecases/backlog.js';
import { issueFeedToken } from '../../src/usecases/feeds.js';
import { fakePacerClock, pacedSlack } from '../slack/value-review-fixture.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { seedAgent, seedWorkspace } from '../support/seed.js';

const COMMITTED = new Date('2026-09-01T15:00:00Z');
/** Thirty days on: every 30-day reminder is due, and the feed connected then has long been silent. */
const DUE = new Date('2026-10-01T15:00:00Z');
const PO = 'UPO';
const SHIPPERS = Array.from({ length: 6 }, (_, i) => `USHIP${i}`);
const FEED_OWNER = 'UFEEDOWNER';

let app: TestApp;
afterEach(async () => {
  await app.close();
});

/** Six commitments, one per person shipping it, and an agent whose feed never spoke. */
async function startPlant(): Promise<{ candidateIds: number[] }> {
  app = await startTestApp({ now: COMMITTED.toISOString() });
  const db = app.bot.db;
  seedWorkspace(db, { createdAt: '2026-06-01T15:00:00Z', portfolioOwnerId: PO });
  const candidateIds = SHIPPERS.map((shipOwnerId, i) => {
    const { candidate } = addCandidate(db, COMMITTED, {
      teamId: TEAM_ID,
      process: `Process ${i}`,
      yearlyDollarsCents: 1_000_000,
      feasibility: 3,
      systemOfRecord: 'ERP',
      systemName: null,
      proposedBy: PO,
      sourceViewId: `V${i}`,
    });
    const actor = { userId: PO, isAdmin: false };
    const committed = commitCandidate(db, COMMITTED, {
      teamId: TEAM_ID,
      candidateId: candidate.id,
      actor,
      shipOwnerId,
    });
    if (committed.kind !== 'committed') throw new Error(`Candidate ${i} was not committed`);
    return candidate.id;
  });
  const agentId = seedAgent(db, { name: 'Order entry', ownerId: FEED_OWNER });
  issueFeedToken(db, COMMITTED, {
    teamId: TEAM_ID,
    agentId,
    actorId: FEED_OWNER,
    random: randomBytes(FEED_TOKEN_BYTES),
  });
  app.clock.set(DUE);
  return { candidateIds };
}

/** One heartbeat of the due checks, as one process: its own Slack client, on a pacer clock the test drives. */
function heartbeat(deps: Partial<RitualDeps> = {}) {
  return runDueChecks(
    { ...app.bot.ritualDeps, slack: pacedSlack(app, fakePacerClock()), ...deps },
    CHECKS,
    app.clock.now(),
  );
}

/** How many DMs Slack took for each person shipping a commitment, and for the feed's owner. */
function dmCounts(): number[] {
  return [...SHIPPERS, FEED_OWNER].map(
    (person) =>
      app.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.ok && c.args.channel === person)
        .length,
  );
}

const everyoneOnce = () => Array(SHIPPERS.length + 1).fill(1);

describe('the outbox of the due checks', () => {
  it('keeps what a failed heartbeat queued through a restart, and the next heartbeat sends each once', async () => {
    const { candidateIds } = await startPlant();
    app.fake.startOutage();
    const during = await heartbeat();
    expect(during.failed.length).toBeGreaterThan(0);
    expect(dmCounts()).toEqual(Array(SHIPPERS.length + 1).fill(0));
    // Queued, not lost: each reminder is handed to the outbox once, and stays there.
    for (const id of candidateIds)
      expect(remindersOf(app.bot.db, TEAM_ID, id)[0]).toMatchObject({ kind: 'day30', state: 'queued' });

    app.fake.endOutage();
    await app.restart();
    expect((await heartbeat()).failed).toEqual([]);
    await heartbeat();
    expect(dmCounts()).toEqual(everyoneOnce());
    for (const id of candidateIds)
      expect(remindersOf(app.bot.db, TEAM_ID, id)[0]).toMatchObject({ kind: 'day30', state: 'sent' });
  });

  it('two processes beating at once send each reminder and alert once', async () => {
    await startPlant();
    // Slow enough that the second process looks while the first is still sending.
    app.fake.slowDown('chat.postMessage', 30);
    const other = openDatabase(app.databasePath);
    try {
      const reports = await Promise.all([heartbeat(), heartbeat({ db: other })]);
      for (const report of reports) expect(report.failed).toEqual([]);
    } finally {
      other.close();
    }
    expect(dmCounts()).toEqual(everyoneOnce());
  });

  it('leaves a send claimed by a process killed mid-send to its lease, then sends it once', async () => {
    await startPlant();
    app.fake.startOutage();
    await heartbeat();
    app.fake.endOutage();
    // A process took the first of them and died before Slack answered: its claim holds for a minute of real time.
    const first = app.bot.db
      .prepare("SELECT id FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1")
      .get() as {
      id: number;
    };
    const now = new Date();
    expect(
      claimAnnouncement(
        app.bot.db,
        first.id,
        'plant-server pid 4242',
        now,
        new Date(now.getTime() + LEASE_MS),
      ),
    ).toBe(true);
    await heartbeat();
    expect(dmCounts().reduce((a, b) => a + b, 0)).toBe(SHIPPERS.length);

    await heartbeat({ wallClock: () => new Date(Date.now() + 2 * 60_000) });
    expect(dmCounts()).toEqual(everyoneOnce());
  });
});
