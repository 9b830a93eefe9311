import { describe, expect, it } from 'vitest';
import { type Answers, type Evidence, place, type StoredPlacement } from '../../src/domain/placement.js';
import { placementResultModal, RESULT_MONITORING_BLOCK_ID } from '../../src/views/placement/detail.js';
import { findBlock, textOf } from '../support/read-view.js';

const ANSWERS: Answers = {
  usesAiTools: true,
  agentInProduction: true,
  shipsInWeeks: false,
  everyAgentReports: true,
  aiInCoreDecisions: false,
  fundsLineLevelFirst: false,
};

const gated = (name: string) => ({
  name,
  ownerId: 'UOWNER',
  gatePassedAt: '2026-03-03T15:00:00.000Z',
  ownerLeft: false,
  lastReview: 'reported' as const,
});

function stored(evidence: Evidence): StoredPlacement {
  return {
    ...place(ANSWERS, evidence),
    id: 1,
    teamId: 'T1',
    userId: 'UADMIN',
    createdAt: new Date('2026-11-24T15:00:00Z'),
    answers: ANSWERS,
    evidence,
  };
}

const EVIDENCE: Evidence = {
  productionAgents: 2,
  officeSideInProduction: true,
  lineOrProductAgents: 0,
  shipsInWeeks: { value: 'no', sample: 2 },
  runningAgents: [gated('Order entry'), gated('Invoice matching')],
  lastReview: { month: '2026-10', postedAt: '2026-11-10T15:00:00.000Z' },
};

describe('the placement result', () => {
  it('says how many running agents count as monitored because of a healthy live feed', () => {
    const modal = placementResultModal(stored({ ...EVIDENCE, monitoredAgents: 1 }), 'UTC');
    expect(textOf([findBlock(modal, RESULT_MONITORING_BLOCK_ID)])).toBe(
      '*Monitoring:* Healthy live feeds (connected, not silent) show 1 of the 2 agents in production or scaling as monitored. For the other one, monitoring rests on what was claimed at the gate.',
    );
  });

  it('has no monitoring line for a placement stored before live feeds existed', () => {
    expect(
      findBlock(placementResultModal(stored(EVIDENCE), 'UTC'), RESULT_MONITORING_BLOCK_ID),
    ).toBeUndefined();
  });
});
