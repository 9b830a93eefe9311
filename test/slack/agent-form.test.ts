import { describe, expect, it } from 'vitest';
import type { Agent, AgentCategory } from '../../src/domain/agents.js';
import { openDatabase } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { registerAgent } from '../../src/usecases/registry.js';
import { agentFormModal } from '../../src/views/agents/form.js';
import { SKIPPING_STEPS_BLOCK_ID } from '../../src/views/agents/ids.js';
import { findBlock } from '../support/read-view.js';

function agentIn(category: AgentCategory): Agent {
  const db = openDatabase(':memory:');
  const at = new Date('2026-11-24T15:00:00Z');
  ensureWorkspace(db, 'T1', at);
  const result = registerAgent(db, at, {
    teamId: 'T1',
    name: `A ${category} agent`,
    workflow: 'one workflow end to end',
    category,
    systemOfRecord: 'ERP',
    systemName: null,
    metric: 'hours saved x rate',
    monthlyTargetCents: 100_000,
    confidenceThreshold: 80,
    buildCostCents: null,
    ownerId: 'UOWNER',
    status: 'pilot',
    registeredBy: 'UOWNER',
    sourceViewId: 'V1',
  });
  if (result.kind !== 'registered') throw new Error('not registered');
  return result.agent;
}

describe('the agent form', () => {
  const form = (p: Partial<Parameters<typeof agentFormModal>[0]>) =>
    agentFormModal({ mode: 'register', currency: 'USD', officeSideInProduction: false, ...p });

  it('cautions about skipping steps while no office-side agent is in production', () => {
    expect(findBlock(form({}), SKIPPING_STEPS_BLOCK_ID)).toBeDefined();
    expect(findBlock(form({ officeSideInProduction: true }), SKIPPING_STEPS_BLOCK_ID)).toBeUndefined();
  });

  it('does not caution someone editing an office-side agent, only line-level or product ones', () => {
    expect(
      findBlock(form({ mode: 'edit', agent: agentIn('office') }), SKIPPING_STEPS_BLOCK_ID),
    ).toBeUndefined();
    expect(findBlock(form({ mode: 'edit', agent: agentIn('line') }), SKIPPING_STEPS_BLOCK_ID)).toBeDefined();
  });
});
