import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkspaceSettings } from '../../src/domain/workspace.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { WORKSPACE_ENTITY } from '../../src/store/settings.js';
import { adoptTimeZone, saveSettings } from '../../src/usecases/settings.js';
import { testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const SETTINGS: WorkspaceSettings = {
  portfolioOwnerId: 'UPO',
  leadershipGroupId: null,
  leadershipUserIds: ['ULEAD', 'ULEAD'],
  reviewChannelId: 'CREVIEW',
  leadershipChannelId: null,
  timeZone: 'America/Chicago',
  currency: 'USD',
};

describe('settings use cases', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    ({ db, close } = testDatabase());
  });
  afterEach(() => close());

  const actions = () => auditTrail(db, TEAM, WORKSPACE_ENTITY, TEAM).map((r) => r.action);

  it('saves the settings once, naming each leader once, and audits only a real change', () => {
    const saved = saveSettings(db, NOW, { teamId: TEAM, actorId: 'UADMIN', settings: SETTINGS });
    expect(saved).toMatchObject({
      portfolioOwnerId: 'UPO',
      leadershipUserIds: ['ULEAD'],
      timeZone: 'America/Chicago',
    });
    saveSettings(db, NOW, { teamId: TEAM, actorId: 'UADMIN', settings: SETTINGS });
    expect(actions()).toEqual(['settings']);
  });

  it("adopts an admin's zone only while the workspace has none", () => {
    expect(adoptTimeZone(db, NOW, { teamId: TEAM, adminId: 'UADMIN', zone: 'Europe/Berlin' })).toBe(true);
    expect(adoptTimeZone(db, NOW, { teamId: TEAM, adminId: 'UADMIN', zone: 'Asia/Tokyo' })).toBe(false);
    const saved = saveSettings(db, NOW, { teamId: TEAM, actorId: 'UADMIN', settings: SETTINGS });
    expect(saved.timeZone).toBe('America/Chicago');
    expect(actions()).toEqual(['time_zone_adopted', 'settings']);
  });
});
