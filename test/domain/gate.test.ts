import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/domain/agents.js';
import {
  type BarClaim,
  canConfirmGate,
  GATE_BAR_IDS,
  GATE_BARS,
  type GateBarId,
  type GateReview,
  gateClaimRefusal,
  gateDecisionRefusal,
  judgeGate,
} from '../../src/domain/gate.js';

function claimAll(overrides: Partial<Record<GateBarId, Omit<BarClaim, 'bar'>>> = {}): BarClaim[] {
  return GATE_BAR_IDS.map((bar) => ({
    bar,
    pass: true,
    evidence: `Checked ${bar} on site.`,
    ...overrides[bar],
  }));
}

describe('the five gate bars', () => {
  it('lists the five bars in order with short titles and a question and hint each', () => {
    expect(GATE_BARS.map((bar) => bar.id)).toEqual([...GATE_BAR_IDS]);
    for (const bar of GATE_BARS) {
      expect(bar.title.length).toBeGreaterThan(0);
      expect(bar.title.length).toBeLessThanOrEqual(60);
      expect(bar.question.endsWith('?')).toBe(true);
      expect(bar.hint.trim()).not.toBe('');
      expect(bar.hint.length).toBeLessThanOrEqual(150);
    }
  });
});

describe('judgeGate', () => {
  it('passes when all five bars are met with evidence, in any order', () => {
    expect(judgeGate(claimAll().reverse())).toEqual({ passed: true, failing: [] });
  });

  it('fails a bar marked as not met, even with evidence', () => {
    const verdict = judgeGate(
      claimAll({ writesBack: { pass: false, evidence: 'Writes to a spreadsheet.' } }),
    );
    expect(verdict).toEqual({
      passed: false,
      failing: [{ bar: 'writesBack', reason: 'Marked as not met.' }],
    });
  });

  it('fails a bar marked as met with blank evidence', () => {
    const verdict = judgeGate(claimAll({ monitoring: { pass: true, evidence: '  \n ' } }));
    expect(verdict.passed).toBe(false);
    expect(verdict.failing).toEqual([
      { bar: 'monitoring', reason: 'Marked as met, but with no evidence. Say what shows it.' },
    ]);
  });

  it('fails every bar that was not answered', () => {
    const verdict = judgeGate(claimAll().filter((claim) => claim.bar === 'realData'));
    expect(verdict.passed).toBe(false);
    expect(verdict.failing).toEqual(
      ['writesBack', 'handsOff', 'namedOwner', 'monitoring'].map((bar) => ({ bar, reason: 'Not answered.' })),
    );
    expect(judgeGate([]).failing).toHaveLength(5);
  });

  it('fails a bar answered twice rather than pick one answer', () => {
    const verdict = judgeGate([...claimAll(), { bar: 'handsOff', pass: false, evidence: 'No queue yet.' }]);
    expect(verdict).toEqual({
      passed: false,
      failing: [{ bar: 'handsOff', reason: 'Answered more than once. Give one answer per bar.' }],
    });
  });

  it('lists failures in bar order', () => {
    const verdict = judgeGate(
      claimAll({ monitoring: { pass: false, evidence: '' }, realData: { pass: false, evidence: '' } }),
    );
    expect(verdict.failing.map((f) => f.bar)).toEqual(['realData', 'monitoring']);
  });
});

describe('canConfirmGate', () => {
  const base = {
    confirmerId: 'U_REVIEWER',
    claimantId: 'U_CLAIMANT',
    ownerId: 'U_OWNER',
    portfolioOwnerId: 'U_REVIEWER',
    leaders: ['U_LEADER'],
  };

  it('lets the portfolio owner confirm someone else’s claim', () => {
    expect(canConfirmGate(base)).toEqual({ ok: true });
  });

  it('lets a leader confirm when there is no portfolio owner', () => {
    expect(canConfirmGate({ ...base, confirmerId: 'U_LEADER', portfolioOwnerId: null })).toEqual({
      ok: true,
    });
  });

  it('refuses the person who filed the claim, even the portfolio owner', () => {
    const result = canConfirmGate({ ...base, claimantId: 'U_REVIEWER' });
    expect(result).toMatchObject({ ok: false, reason: 'own_claim' });
  });

  it('refuses the agent’s owner, even a leader', () => {
    const result = canConfirmGate({ ...base, confirmerId: 'U_LEADER', ownerId: 'U_LEADER' });
    expect(result).toMatchObject({ ok: false, reason: 'is_owner' });
  });

  it('refuses anyone who is neither the portfolio owner nor a leader', () => {
    const result = canConfirmGate({ ...base, confirmerId: 'U_BYSTANDER' });
    expect(result).toEqual({
      ok: false,
      reason: 'not_reviewer',
      message: 'Only the portfolio owner or a leader can confirm a gate review.',
    });
    expect(canConfirmGate({ ...base, confirmerId: 'U_BYSTANDER', portfolioOwnerId: null }).ok).toBe(false);
  });

  it('gives a plain sentence with every refusal', () => {
    for (const input of [
      { ...base, claimantId: 'U_REVIEWER' },
      { ...base, ownerId: 'U_REVIEWER' },
      { ...base, confirmerId: 'U_BYSTANDER' },
    ]) {
      const result = canConfirmGate(input);
      if (result.ok) throw new Error('expected a refusal');
      expect(result.message).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('gateClaimRefusal', () => {
  const owner = { userId: 'UOWNER', isAdmin: false };
  const pilot = { ownerId: 'UOWNER', status: 'pilot', gatePassedAt: null } as const;
  const refusal = (agent: Partial<Agent>, person = owner, pending?: GateReview) =>
    gateClaimRefusal({ person, agent: { ...pilot, ...agent } as Agent, portfolioOwnerId: 'UPO', pending });

  it('lets whoever manages an agent in pilot claim its gate', () => {
    expect(refusal({})).toBeNull();
    expect(refusal({}, { userId: 'UPO', isAdmin: false })).toBeNull();
  });

  it('refuses anyone else first, an admin too once a portfolio owner is named', () => {
    expect(refusal({ status: 'retired' }, { userId: 'UADMIN', isAdmin: true })).toEqual({
      kind: 'not_allowed',
    });
  });

  it('says where the agent stands when it is not in pilot', () => {
    const passedAt = new Date('2026-10-01T00:00:00Z');
    expect(refusal({ status: 'proposed' })).toEqual({ kind: 'still_proposed' });
    expect(refusal({ status: 'production', gatePassedAt: passedAt })).toEqual({
      kind: 'already_passed',
      passedAt,
    });
    expect(refusal({ status: 'retired' })).toEqual({ kind: 'retired' });
  });

  it('keeps one waiting claim at a time', () => {
    const pending = { id: 7, state: 'pending' } as GateReview;
    expect(refusal({}, owner, pending)).toEqual({ kind: 'already_pending', review: pending });
  });
});

describe('gateDecisionRefusal', () => {
  const review = { id: 7, state: 'pending', claimantId: 'UOWNER' } as GateReview;
  const decider = { confirmerId: 'UPO', portfolioOwnerId: 'UPO', leaders: [] };

  it('lets the portfolio owner decide a pending claim', () => {
    expect(gateDecisionRefusal(review, { ownerId: 'UOWNER' }, decider)).toBeNull();
  });

  it('finds a decided claim decided, whoever asks', () => {
    const decided = { ...review, state: 'passed' } as const;
    expect(gateDecisionRefusal(decided, { ownerId: 'UOWNER' }, decider)).toEqual({
      kind: 'already_decided',
      review: decided,
    });
  });

  it('refuses the agent owner with the reason canConfirmGate gives', () => {
    expect(gateDecisionRefusal(review, { ownerId: 'UPO' }, decider)).toMatchObject({
      kind: 'not_allowed',
      reason: 'is_owner',
      message: 'You own this agent, so someone else has to confirm its gate.',
    });
  });
});
