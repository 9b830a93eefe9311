import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BarClaim, GATE_BAR_IDS } from '../../src/domain/gate.js';
import type { Person } from '../../src/domain/roles.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import {
  checkGateClaim,
  checkGateDecision,
  claimGate,
  decideGate,
  gateCandidates,
} from '../../src/usecases/gate.js';
import { namePortfolioOwner, pilotAgent, testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const LATER = new Date('2026-11-26T10:00:00Z');
const allMet: BarClaim[] = GATE_BAR_IDS.map((bar) => ({ bar, pass: true, evidence: `${bar} ok` }));
const OWNER: Person = { userId: 'UOWNER', isAdmin: false };
const STRANGER: Person = { userId: 'USTRANGER', isAdmin: false };

describe('gate use cases', () => {
  let db: Db;
  let close: () => void;
  let agentId: number;
  beforeEach(() => {
    ({ db, close } = testDatabase());
    ensureWorkspace(db, TEAM, NOW);
    agentId = pilotAgent(db, NOW, TEAM).id;
  });
  afterEach(() => close());

  const claim = (claims: BarClaim[], sourceViewId = 'VGATE', claimant = OWNER) =>
    claimGate(db, NOW, { teamId: TEAM, agentId, claimant, claims, sourceViewId, feed: null });
  const decision = (reviewId: number, reviewerId = 'UPO', leaders: string[] = ['UPO']) =>
    ({ teamId: TEAM, reviewId, reviewerId, leaders, outcome: 'passed', reason: null }) as const;

  it('keeps a claim with a bar not met as failed, and files a full one as pending once', () => {
    const failing = claim(
      allMet.map((c, i) => (i === 0 ? { ...c, pass: false } : c)),
      'V0',
    );
    expect(failing).toMatchObject({ kind: 'filed', review: { state: 'failed' }, created: true });
    expect(claim(allMet)).toMatchObject({ kind: 'filed', review: { state: 'pending' }, created: true });
    expect(claim(allMet)).toMatchObject({ kind: 'filed', created: false });
    expect(claim(allMet, 'VOTHER')).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'already_pending', review: { claimantId: 'UOWNER' } },
    });
  });

  it('refuses a claim from someone who does not manage the agent, and writes nothing', () => {
    expect(claim(allMet, 'VGATE', STRANGER)).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'not_allowed' },
    });
    expect(checkGateClaim(db, { teamId: TEAM, agentId, person: STRANGER })).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'not_allowed' },
    });
    expect(checkGateClaim(db, { teamId: TEAM, agentId, person: OWNER })).toMatchObject({ kind: 'ready' });
    expect(auditTrail(db, TEAM, 'agent', agentId).map((r) => r.action)).toEqual(['register']);
    // Until a portfolio owner is named, a workspace admin stands in for an owner who cannot.
    expect(claim(allMet, 'VADMIN', { userId: 'UADMIN', isAdmin: true })).toMatchObject({ kind: 'filed' });
  });

  it('offers in the picker only the agents this person could claim now', () => {
    expect(gateCandidates(db, { teamId: TEAM, person: OWNER }).map((a) => a.id)).toEqual([agentId]);
    expect(gateCandidates(db, { teamId: TEAM, person: STRANGER })).toEqual([]);
    claim(allMet);
    expect(gateCandidates(db, { teamId: TEAM, person: OWNER })).toEqual([]);
  });

  it('moves the agent to production when the claim is confirmed, in the order its history reads', () => {
    const filed = claim(allMet);
    if (filed.kind !== 'filed') throw new Error('not filed');
    const decided = decideGate(db, LATER, decision(filed.review.id));
    expect(decided).toMatchObject({ kind: 'decided', agent: { status: 'production', gatePassedAt: LATER } });
    expect(decideGate(db, LATER, decision(filed.review.id))).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'already_decided', review: { state: 'passed', reviewerId: 'UPO' } },
    });
    expect(auditTrail(db, TEAM, 'agent', agentId).map((r) => r.action)).toEqual([
      'register',
      'gate_claim',
      'gate_decision',
      'status',
    ]);
    expect(claim(allMet, 'VAGAIN')).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'already_passed', passedAt: LATER },
    });
  });

  it('lets only the portfolio owner or a leader decide, never the owner or the claimant', () => {
    namePortfolioOwner(db, NOW, TEAM, 'UPO');
    const filed = claim(allMet);
    if (filed.kind !== 'filed') throw new Error('not filed');
    const id = filed.review.id;
    expect(decideGate(db, LATER, decision(id, 'UOWNER', ['UOWNER']))).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'not_allowed', reason: 'own_claim' },
    });
    expect(checkGateDecision(db, decision(id, 'ULEADER', []))).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'not_allowed', reason: 'not_reviewer' },
    });
    expect(checkGateDecision(db, decision(id, 'ULEADER', ['ULEADER']))).toMatchObject({ kind: 'ready' });
    expect(decideGate(db, LATER, decision(id, 'UPO', []))).toMatchObject({ kind: 'decided' });
  });

  it('leaves the agent in pilot when the claim is sent back', () => {
    const filed = claim(allMet);
    if (filed.kind !== 'filed') throw new Error('not filed');
    const sent = decideGate(db, LATER, {
      ...decision(filed.review.id),
      outcome: 'sent_back',
      reason: 'Show a month of numbers',
    });
    expect(sent).toMatchObject({
      kind: 'decided',
      review: { state: 'sent_back', reviewReason: 'Show a month of numbers' },
      agent: { status: 'pilot' },
    });
  });
});
