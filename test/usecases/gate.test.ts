import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BarClaim, GATE_BAR_IDS } from '../../src/domain/gate.js';
import { auditTrail } from '../../src/store/audit.js';
import type { Db } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { claimGate, decideGate } from '../../src/usecases/gate.js';
import { pilotAgent, testDatabase } from '../support/database.js';

const TEAM = 'T1';
const NOW = new Date('2026-11-24T15:00:00Z');
const LATER = new Date('2026-11-26T10:00:00Z');
const allMet: BarClaim[] = GATE_BAR_IDS.map((bar) => ({ bar, pass: true, evidence: `${bar} ok` }));

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

  const claim = (claims: BarClaim[], sourceViewId = 'VGATE') =>
    claimGate(db, NOW, { teamId: TEAM, agentId, claimantId: 'UOWNER', claims, sourceViewId, feed: null });

  it('keeps a claim with a bar not met as failed, and files a full one as pending once', () => {
    const failing = claim(
      allMet.map((c, i) => (i === 0 ? { ...c, pass: false } : c)),
      'V0',
    );
    expect(failing).toMatchObject({ kind: 'filed', review: { state: 'failed' }, created: true });
    expect(claim(allMet)).toMatchObject({ kind: 'filed', review: { state: 'pending' }, created: true });
    expect(claim(allMet)).toMatchObject({ kind: 'filed', created: false });
    expect(claim(allMet, 'VOTHER')).toMatchObject({ kind: 'already_pending' });
  });

  it('moves the agent to production when the claim is confirmed, in the order its history reads', () => {
    const filed = claim(allMet);
    if (filed.kind !== 'filed') throw new Error('not filed');
    const decision = {
      teamId: TEAM,
      reviewId: filed.review.id,
      reviewerId: 'UPO',
      outcome: 'passed',
      reason: null,
    } as const;
    const decided = decideGate(db, LATER, decision);
    expect(decided).toMatchObject({ kind: 'decided', agent: { status: 'production', gatePassedAt: LATER } });
    expect(decideGate(db, LATER, decision)).toMatchObject({ kind: 'already_decided' });
    expect(auditTrail(db, TEAM, 'agent', agentId).map((r) => r.action)).toEqual([
      'register',
      'gate_claim',
      'gate_decision',
      'status',
    ]);
    expect(claim(allMet, 'VAGAIN')).toMatchObject({ kind: 'not_ready' });
  });

  it('leaves the agent in pilot when the claim is sent back', () => {
    const filed = claim(allMet);
    if (filed.kind !== 'filed') throw new Error('not filed');
    const sent = decideGate(db, LATER, {
      teamId: TEAM,
      reviewId: filed.review.id,
      reviewerId: 'UPO',
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
