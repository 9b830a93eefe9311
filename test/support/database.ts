import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from '../../src/domain/agents.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { registerAgent } from '../../src/usecases/registry.js';
import { saveSettings } from '../../src/usecases/settings.js';

/** A real, migrated SQLite file for use-case tests; `close` deletes it. */
export function testDatabase(): { db: Db; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'maturity-usecase-'));
  const db = openDatabase(join(dir, 'maturity.db'));
  return {
    db,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A pilot agent registered through the use case, for tests that need one to act on. */
export function pilotAgent(db: Db, now: Date, teamId: string, name = 'Order entry bot'): Agent {
  const result = registerAgent(db, now, {
    teamId,
    name,
    workflow: 'POs into the ERP',
    category: 'office',
    systemOfRecord: 'ERP',
    systemName: null,
    metric: 'hours saved',
    monthlyTargetCents: 100_000,
    confidenceThreshold: 80,
    buildCostCents: null,
    ownerId: 'UOWNER',
    status: 'pilot',
    registeredBy: 'UOWNER',
    sourceViewId: `V-${name}`,
  });
  if (result.kind !== 'registered') throw new Error(`Could not register ${name}`);
  return result.agent;
}

/** Names the workspace's portfolio owner through the settings use case, the rest left as a new workspace has it. */
export function namePortfolioOwner(db: Db, now: Date, teamId: string, userId: string): void {
  saveSettings(db, now, {
    teamId,
    actorId: 'UADMIN',
    settings: {
      portfolioOwnerId: userId,
      leadershipGroupId: null,
      leadershipUserIds: [],
      reviewChannelId: null,
      leadershipChannelId: null,
      timeZone: 'UTC',
      currency: 'USD',
    },
  });
}
