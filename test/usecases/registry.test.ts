import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentFields } from '../../src/domain/agents.js';
import type { Person } from '../../src/domain/roles.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import {
  changeAgentStatus,
  checkAgentChange,
  editAgent,
  handOverAgent,
  markOwnerLeft,
  type Registration,
  registerAgent,
} from '../../src/usecases/registry.js';
import { namePortfolioOwner, testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const LATER = new Date('2026-11-25T09:00:00Z');
const OWNER: Person = { userId: 'UOWNER', isAdmin: false };
const ADMIN: Person = { userId: 'UADMIN', isAdmin: true };
const STRANGER: Person = { userId: 'USTRANGER', isAdmin: false };

const FIELDS: AgentFields = {
  name: 'Order entry',
  workflow: 'emailed POs into the ERP',
  category: 'office',
  systemOfRecord: 'ERP',
  systemName: null,
  metric: 'hours saved x loaded rate',
  monthlyTargetCents: 1_200_000,
  confidenceThreshold: 85,
  buildCostCents: null,
};

const registration = (over: Partial<Registration> = {}): Registration => ({
  ...FIELDS,
  teamId: TEAM,
  ownerId: 'UOWNER',
  status: 'pilot',
  registeredBy: 'UOWNER',
  sourceViewId: 'V1',
  ...over,
});

function registered(db: Db, over: Partial<Registration> = {}) {
  const result = registerAgent(db, NOW, registration(over));
  if (result.kind !== 'registered') throw new Error('not registered');
  return result.agent;
}

describe('registry use cases', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    ({ db, close } = testDatabase());
    ensureWorkspace(db, TEAM, NOW);
  });
  afterEach(() => close());

  it('registers an agent once per modal, with one audit row, and refuses a name already taken', () => {
    const first = registerAgent(db, NOW, registration());
    const retried = registerAgent(db, LATER, registration());
    const clash = registerAgent(db, NOW, registration({ name: '  ORDER entry ', sourceViewId: 'V2' }));
    expect(first).toMatchObject({ kind: 'registered', created: true, nearDuplicateOf: null });
    expect(retried).toMatchObject({ kind: 'registered', created: false });
    expect(clash).toMatchObject({ kind: 'name_taken', existing: { name: 'Order entry' } });
    if (first.kind !== 'registered') return;
    expect(first.agent.registeredAt).toEqual(NOW);
    expect(auditTrail(db, TEAM, 'agent', first.agent.id).map((r) => r.action)).toEqual(['register']);
  });

  it('points out a name that looks like one already registered', () => {
    registered(db, { name: 'Invoice matching' });
    const close = registerAgent(db, NOW, registration({ name: 'Invoce matching', sourceViewId: 'V2' }));
    expect(close).toMatchObject({ kind: 'registered', nearDuplicateOf: 'Invoice matching' });
  });

  it('marks line work registered before any office agent is in production as skipping steps', () => {
    expect(registered(db, { category: 'line' }).skippingSteps).toBe(true);
  });

  it('audits only the fields an edit changes, and writes nothing when nothing changed', () => {
    const agent = registered(db);
    const same = editAgent(db, LATER, { teamId: TEAM, agentId: agent.id, actor: OWNER, fields: FIELDS });
    const edit = editAgent(db, LATER, {
      teamId: TEAM,
      agentId: agent.id,
      actor: OWNER,
      fields: { ...FIELDS, monthlyTargetCents: 1_500_000 },
    });
    expect(same).toMatchObject({ kind: 'edited', changed: [] });
    expect(edit).toMatchObject({ kind: 'edited', changed: ['monthlyTargetCents'] });
    const rows = auditTrail(db, TEAM, 'agent', agent.id);
    expect(rows.map((r) => r.action)).toEqual(['register', 'edit']);
    expect(rows[1]).toMatchObject({
      before: { monthlyTargetCents: 1_200_000 },
      after: { monthlyTargetCents: 1_500_000 },
    });
  });

  it('refuses an edit to a name another agent has', () => {
    const agent = registered(db);
    registered(db, { name: 'Quote prep', sourceViewId: 'V2' });
    const result = editAgent(db, LATER, {
      teamId: TEAM,
      agentId: agent.id,
      actor: OWNER,
      fields: { ...FIELDS, name: 'quote prep' },
    });
    expect(result).toMatchObject({ kind: 'name_taken', existing: { name: 'Quote prep' } });
  });

  it('hands over to a new owner once, clearing an owner who left', () => {
    const agent = registered(db);
    expect(markOwnerLeft(db, LATER, { teamId: TEAM, ownerId: 'UOWNER' }).map((a) => a.id)).toEqual([
      agent.id,
    ]);
    expect(markOwnerLeft(db, LATER, { teamId: TEAM, ownerId: 'UOWNER' })).toEqual([]);
    const change = { teamId: TEAM, agentId: agent.id, actor: ADMIN, newOwnerId: 'UNEW' };
    const handed = handOverAgent(db, LATER, change);
    expect(handed).toMatchObject({
      kind: 'handed_over',
      previousOwnerId: 'UOWNER',
      agent: { ownerLeftAt: null },
    });
    expect(handOverAgent(db, LATER, change)).toMatchObject({ kind: 'unchanged' });
  });

  it('moves an agent only as the lifecycle allows, stamping retirement', () => {
    const agent = registered(db, { status: 'proposed' });
    const change = { teamId: TEAM, agentId: agent.id, actor: OWNER };
    expect(changeAgentStatus(db, LATER, { ...change, to: 'production' })).toMatchObject({
      kind: 'refused',
    });
    const retired = changeAgentStatus(db, LATER, {
      ...change,
      to: 'retired',
      reason: 'dup',
    });
    expect(retired).toMatchObject({
      kind: 'moved',
      from: 'proposed',
      agent: { status: 'retired', retiredAt: LATER },
    });
    expect(changeAgentStatus(db, LATER, { ...change, agentId: 999, to: 'pilot' })).toEqual({
      kind: 'not_found',
    });
  });

  it('lets only those who manage an agent change it, and a refused change writes nothing', () => {
    const agent = registered(db);
    const by = (actor: Person) => ({ teamId: TEAM, agentId: agent.id, actor });
    expect(checkAgentChange(db, by(OWNER))).toMatchObject({ kind: 'allowed' });
    expect(checkAgentChange(db, by(STRANGER))).toMatchObject({
      kind: 'not_allowed',
      agent: { id: agent.id },
    });
    // Until a portfolio owner is named, an admin stands in; once one is, only they (and the owner) may.
    expect(checkAgentChange(db, by(ADMIN))).toMatchObject({ kind: 'allowed' });
    namePortfolioOwner(db, NOW, TEAM, 'UPO');
    expect(checkAgentChange(db, by(ADMIN))).toMatchObject({ kind: 'not_allowed' });
    expect(checkAgentChange(db, by({ userId: 'UPO', isAdmin: false }))).toMatchObject({ kind: 'allowed' });
    expect(editAgent(db, LATER, { ...by(STRANGER), fields: { ...FIELDS, name: 'Renamed' } })).toMatchObject({
      kind: 'not_allowed',
    });
    expect(handOverAgent(db, LATER, { ...by(ADMIN), newOwnerId: 'UADMIN' })).toMatchObject({
      kind: 'not_allowed',
    });
    expect(changeAgentStatus(db, LATER, { ...by(STRANGER), to: 'retired' })).toMatchObject({
      kind: 'not_allowed',
    });
    expect(checkAgentChange(db, { ...by(OWNER), agentId: 999 })).toEqual({ kind: 'not_found' });
    expect(auditTrail(db, TEAM, 'agent', agent.id).map((r) => r.action)).toEqual(['register']);
  });
});
