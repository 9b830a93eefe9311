import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/domain/agents.js';
import { portfolioHomeSection } from '../../src/views/agents/home.js';

const agent = (id: number, name: string, status: Agent['status']): Agent => ({
  id,
  teamId: 'T1',
  name,
  workflow: 'Order entry end to end',
  category: 'office',
  systemOfRecord: 'ERP',
  systemName: null,
  ownerId: `U${id}`,
  metric: 'Hours saved',
  monthlyTargetCents: 1_000_000,
  confidenceThreshold: 80,
  buildCostCents: null,
  status,
  skippingSteps: false,
  registeredBy: `U${id}`,
  registeredAt: new Date('2026-01-05T15:00:00Z'),
  gatePassedAt: null,
  retiredAt: null,
  ownerLeftAt: null,
});

const textOf = (blocks: KnownBlock[], blockId: string): string =>
  JSON.stringify(blocks.find((b) => 'block_id' in b && b.block_id === blockId));

describe('the portfolio section of a large registry', () => {
  const blocks = portfolioHomeSection({
    counts: { production: 480, pilot: 15, retired: 5 },
    first: [agent(1, 'Alpha', 'production'), agent(2, 'Bravo', 'production')],
    skipping: { names: ['Line one', 'Line two'], total: 12 },
    officeSideInProduction: false,
    toConfirm: [],
    orphaned: [],
    currency: 'USD',
    timeZone: 'America/Chicago',
    latestReview: new Map(),
  });

  it('counts every agent, and lists the first ones under their group with its size, retired left out', () => {
    expect(textOf(blocks, 'home_portfolio_counts')).toContain('480 in production · 15 pilot · 5 retired');
    expect(textOf(blocks, 'agents_group_production')).toContain('*In production* · 480');
    expect(textOf(blocks, 'agent_1')).toContain('Alpha');
    expect(textOf(blocks, 'agents_more')).toContain('Showing 2 of 495 agents.');
  });

  it('names the first line-level agents and says how many more skip steps', () => {
    expect(textOf(blocks, 'home_skipping_steps')).toContain('*Line one*, *Line two* and 10 more are');
  });
});
