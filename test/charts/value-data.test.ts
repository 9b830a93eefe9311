import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monthlyValueData } from '../../src/charts/portfolio.js';
import { monthlyValueSpec } from '../../src/charts/specs.js';
import type { Db } from '../../src/store/db.js';
import { TEAM_ID } from '../support/app.js';
import { seedAgent, seedReport, seedWorkspace } from '../support/seed.js';
import { openTestDatabase } from '../usecases/db.js';

let handle: ReturnType<typeof openTestDatabase>;
let db: Db;

beforeEach(() => {
  handle = openTestDatabase();
  db = handle.db;
  seedWorkspace(db, { createdAt: '2026-01-01T12:00:00Z' });
});
afterEach(() => handle.close());

describe('the monthly value chart’s targets', () => {
  it('draws each agent’s target as owed each month: none before its gate, pro-rated in its first month', () => {
    // $12,000 a month, in pilot from July, gated on Wednesday 16 September: 15 of 30 days owed in September.
    const agentId = seedAgent(db, {
      name: 'Scheduling',
      ownerId: 'UANN',
      monthlyTargetCents: 1_200_000,
      registeredAt: '2026-07-01T15:00:00Z',
      gatePassedAt: '2026-09-16T15:00:00Z',
    });
    for (const [month, cents] of [
      ['2026-08', 300_000],
      ['2026-09', 700_000],
      ['2026-10', 1_300_000],
    ] as const) {
      seedReport(db, { agentId, month, cents, by: 'UANN' });
    }
    const data = monthlyValueData(db, {
      teamId: TEAM_ID,
      currency: 'USD',
      lastMonth: '2026-10',
      zone: 'America/Chicago',
    });
    // The chart begins at the first month in production, so no year of "missed target" before it.
    expect(data?.months).toEqual(['2026-09', '2026-10']);
    expect([...(data?.agents[0]?.targets ?? [])]).toEqual([
      ['2026-09', 600_000],
      ['2026-10', 1_200_000],
    ]);

    // What the picture draws: the panel's dashed line and the total's follow the month's target.
    const spec = JSON.stringify(data && monthlyValueSpec(data));
    expect(spec).toContain('{"agent":"Scheduling","month":"Sep 26","value":7000,"target":6000}');
    expect(spec).toContain('{"month":"Oct 26","value":13000,"target":12000}');
  });
});
