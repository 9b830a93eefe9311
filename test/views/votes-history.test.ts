import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { VoteRound } from '../../src/domain/vote-round.js';
import { votesHistoryBlocks, votesRoundBlockId } from '../../src/views/votes/list.js';

const round: VoteRound = {
  id: 7,
  teamId: 'T1',
  quarter: '2026-Q4',
  reviewedQuarter: '2026-Q3',
  channelId: 'CLEADERS',
  parentTs: '1.0001',
  openedAt: new Date('2026-10-01T15:00:00Z'),
  deadline: new Date('2026-10-08T15:00:00Z'),
  leaderIds: ['UL1', 'UL2'],
  quorumFraction: 0.5,
  visibility: 'tally',
  stage: 3,
  totalCents: 0,
  state: 'closed',
  closedAt: new Date('2026-10-08T15:00:00Z'),
  overrideUntil: new Date('2026-10-15T15:00:00Z'),
};

const textOf = (blocks: KnownBlock[], blockId: string): string =>
  JSON.stringify(blocks.find((b) => 'block_id' in b && b.block_id === blockId));

describe('/maturity votes, a round of many ballots', () => {
  const blocks = votesHistoryBlocks({
    progress: { kind: 'none' },
    zone: 'America/Chicago',
    closed: [
      {
        round,
        decided: 500,
        verdicts: [
          { agentId: 1, name: 'Order entry', outcome: 'keep', voters: 2, eligible: 2, override: null },
          {
            agentId: 2,
            name: 'Quote prep',
            outcome: 'scale',
            voters: 1,
            eligible: 2,
            override: { by: 'UPO', reason: 'Plant two asked for it', votedOutcome: 'kill' },
          },
        ],
      },
    ],
  });
  const text = textOf(blocks, votesRoundBlockId('2026-Q4'));

  it('lists the verdicts it read: what the vote decided, how many voted, and an override beside it', () => {
    expect(text).toContain('*Order entry*: Keep (2 of 2 voted)');
    expect(text).toContain(
      '*Quote prep*: Kill (1 of 2 voted), overturned to Scale by <@UPO>: Plant two asked for it',
    );
  });

  it('says how many more agents the round decided than it lists', () => {
    expect(text).toContain("…and 498 more agents: the round's thread has every ballot.");
  });
});
