import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CandidateFields } from '../../src/domain/backlog.js';
import type { Person } from '../../src/domain/roles.js';
import { auditTrail } from '../../src/store/audit.js';
import { CANDIDATE_ENTITY, remindersOf } from '../../src/store/backlog.js';
import type { Db } from '../../src/store/db.js';
import {
  addCandidate,
  checkCandidateChange,
  commitCandidate,
  editCandidate,
  linkAgentToCandidate,
  rejectCandidate,
} from '../../src/usecases/backlog.js';
import { namePortfolioOwner, pilotAgent, testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const PO: Person = { userId: 'UPO', isAdmin: false };
const ADMIN: Person = { userId: 'UADMIN', isAdmin: true };
const FIELDS: CandidateFields = {
  process: 'Order entry',
  yearlyDollarsCents: 12_000_000,
  feasibility: 4,
  systemOfRecord: 'ERP',
  systemName: null,
};

describe('backlog use cases', () => {
  let db: Db;
  let close: () => void;
  let candidateId: number;
  beforeEach(() => {
    ({ db, close } = testDatabase());
    namePortfolioOwner(db, NOW, TEAM, 'UPO');
    const added = addCandidate(db, NOW, {
      ...FIELDS,
      teamId: TEAM,
      proposedBy: 'UMEMBER',
      sourceViewId: 'V1',
    });
    candidateId = added.candidate.id;
  });
  afterEach(() => close());

  const change = (actor: Person = PO) => ({ teamId: TEAM, candidateId, actor });
  const actions = () => auditTrail(db, TEAM, CANDIDATE_ENTITY, candidateId).map((r) => r.action);

  it('adds once per modal and audits only what an edit changes', () => {
    const retried = addCandidate(db, NOW, {
      ...FIELDS,
      teamId: TEAM,
      proposedBy: 'UMEMBER',
      sourceViewId: 'V1',
    });
    expect(retried).toMatchObject({ created: false, candidate: { id: candidateId } });
    expect(editCandidate(db, NOW, { ...change(), fields: FIELDS })).toMatchObject({
      kind: 'edited',
      changed: [],
    });
    expect(editCandidate(db, NOW, { ...change(), fields: { ...FIELDS, feasibility: 5 } })).toMatchObject({
      kind: 'edited',
      changed: ['feasibility'],
    });
    expect(actions()).toEqual(['add', 'edit']);
  });

  it('commits with reminders at 30, 60 and 90 days, and a rejection drops them and closes the candidate', () => {
    expect(commitCandidate(db, NOW, { ...change(), shipOwnerId: 'UOWNER' })).toMatchObject({
      kind: 'committed',
      candidate: { status: 'committed', shipBy: new Date('2027-02-22T15:00:00Z') },
    });
    expect(commitCandidate(db, NOW, { ...change(), shipOwnerId: 'UOWNER' })).toMatchObject({
      kind: 'not_open',
    });
    expect(remindersOf(db, TEAM, candidateId).map((r) => [r.kind, r.state])).toEqual([
      ['day30', 'pending'],
      ['day60', 'pending'],
      ['day90', 'pending'],
    ]);
    expect(rejectCandidate(db, NOW, { ...change(), reason: 'no owner' })).toMatchObject({ kind: 'rejected' });
    expect(remindersOf(db, TEAM, candidateId).every((r) => r.state === 'skipped')).toBe(true);
    expect(editCandidate(db, NOW, { ...change(), fields: FIELDS })).toMatchObject({ kind: 'closed' });
    expect(actions()).toEqual(['add', 'commit', 'reject']);
  });

  it('links only a committed candidate, to an agent no other candidate has', () => {
    const agent = pilotAgent(db, NOW, TEAM);
    const link = { ...change(), agentId: agent.id };
    expect(linkAgentToCandidate(db, NOW, link)).toMatchObject({ kind: 'not_committed' });
    commitCandidate(db, NOW, { ...change(), shipOwnerId: 'UOWNER' });
    expect(linkAgentToCandidate(db, NOW, link)).toMatchObject({
      kind: 'linked',
      candidate: { status: 'committed', agent: { id: agent.id, gatePassedAt: null } },
    });
    expect(linkAgentToCandidate(db, NOW, { ...change(), agentId: 999 })).toEqual({ kind: 'not_found' });
  });

  it('lets only the portfolio owner change a candidate once one is named, and a refusal writes nothing', () => {
    expect(editCandidate(db, NOW, { ...change(ADMIN), fields: { ...FIELDS, feasibility: 1 } })).toEqual({
      kind: 'not_allowed',
    });
    expect(commitCandidate(db, NOW, { ...change(ADMIN), shipOwnerId: 'UOWNER' })).toEqual({
      kind: 'not_allowed',
    });
    expect(rejectCandidate(db, NOW, { ...change(ADMIN), reason: 'no' })).toEqual({ kind: 'not_allowed' });
    expect(checkCandidateChange(db, { ...change(ADMIN), action: 'edit' })).toEqual({ kind: 'not_allowed' });
    expect(actions()).toEqual(['add']);
  });

  it('checks before a form opens whether the candidate can still take the change', () => {
    expect(checkCandidateChange(db, { ...change(), action: 'commit' })).toMatchObject({ kind: 'allowed' });
    expect(checkCandidateChange(db, { ...change(), action: 'link' })).toMatchObject({
      kind: 'obstacle',
      obstacle: 'not_committed',
    });
    rejectCandidate(db, NOW, { ...change(), reason: 'no owner' });
    expect(checkCandidateChange(db, { ...change(), action: 'edit' })).toMatchObject({
      kind: 'obstacle',
      obstacle: 'rejected',
    });
    expect(checkCandidateChange(db, { ...change(), candidateId: 999, action: 'edit' })).toEqual({
      kind: 'not_found',
    });
  });
});
