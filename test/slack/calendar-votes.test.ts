/**
 * The plant's calendar in the quarterly vote, end to end: leaders away get no reminder (nor do their delegates,
 * who are no voters) and leave the quorum's count at the close, and an agent gated mid-quarter is judged on the
 * ballot against the target it owed, not a full quarter of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markAway } from '../../src/usecases/calendar.js';
import { BALLOT_BLOCKS, VOTE_ACTION_IDS } from '../../src/views/votes/ballot.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { blockText } from '../support/read-view.js';
import { AT, dmsTo, LEADERS, replyFor, seedAgent, seedWorkspace, tickVote, vote } from './votes-fixture.js';

const [L1, L2, L3, L4] = LEADERS;
const DELEGATE = 'UDELEGATE';

let app: TestApp;

beforeEach(async () => {
  app = await startTestApp({ now: AT.beforeOpen });
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

function away(personId: string, firstDay: string, lastDay: string, delegateId: string | null): void {
  markAway(app.bot.db, new Date('2026-09-20T12:00:00Z'), {
    teamId: TEAM_ID,
    actorId: personId,
    range: { personId, firstDay, lastDay, delegateId },
    viewId: `away-${personId}`,
  });
}

function gatedOn(agentId: number, at: string): void {
  app.bot.db.prepare('UPDATE agents SET gate_passed_at = ? WHERE id = ?').run(at, agentId);
}

describe('leaders away during the Q4 2026 vote', () => {
  it('reminds nobody away, nor their delegate, reminds a leader back before the close, and leaves the away out of the quorum', async () => {
    seedWorkspace(app.bot.db);
    seedAgent(app.bot.db, {
      name: 'Order entry',
      ownerId: 'UOWNER1',
      status: 'production',
      reports: { '2026-07': 12000, '2026-08': 11000, '2026-09': 13000 },
    });
    // Leader 2 is away all week and names someone to report for them; leader 3 only on the reminder's day.
    away(L2, '2026-10-06', '2026-10-09', DELEGATE);
    away(L3, '2026-10-07', '2026-10-07', null);

    await tickVote(app, AT.open);
    await vote(app, L1, 'Order entry', VOTE_ACTION_IDS.keep);

    // Wednesday the 7th, a business day before the close: only leader 4, here and with a vote left, hears.
    await tickVote(app, AT.remind);
    expect(dmsTo(app, L4).map((m) => m.text)).toEqual([
      'Reminder: the kill-or-scale vote closes Oct 8, 2026, 10:00 CDT.',
    ]);
    for (const quiet of [L1, L2, L3, DELEGATE]) expect(dmsTo(app, quiet)).toEqual([]);

    // Back on Thursday the 8th, leader 3 is reminded on the first heartbeat of the day; leader 2 is still away.
    await tickVote(app, '2026-10-08T05:01:00Z');
    expect(dmsTo(app, L3)).toHaveLength(1);
    expect(dmsTo(app, L2)).toEqual([]);
    expect(dmsTo(app, DELEGATE)).toEqual([]);

    // Two of the three leaders here vote: leader 2, away at the close, does not count against the quorum.
    await vote(app, L4, 'Order entry', VOTE_ACTION_IDS.keep);
    await tickVote(app, AT.afterDeadline);
    const reply = replyFor(app, 'Order entry');
    expect(blockText(reply, BALLOT_BLOCKS.outcome)).toContain('*Outcome: Keep.*');
    expect(blockText(reply, BALLOT_BLOCKS.tally)).toContain('2 of 3 leaders voted');
  });
});

describe('fair targets on the ballot', () => {
  it('judges an agent gated mid-September on the half month it owed, and one gated since on nothing', async () => {
    seedWorkspace(app.bot.db);
    // $10,000 a month, gated on Wednesday 16 September: 15 of September's 30 days, $5,000, owed in Q3.
    const scheduling = seedAgent(app.bot.db, {
      name: 'Scheduling',
      ownerId: 'UOWNER1',
      status: 'production',
      targetCents: 1_000_000,
      reports: { '2026-07': 2000, '2026-08': 3000, '2026-09': 5000 },
    });
    gatedOn(scheduling, '2026-09-16T15:00:00.000Z');
    const demand = seedAgent(app.bot.db, {
      name: 'Demand sensing',
      ownerId: 'UOWNER2',
      status: 'production',
      targetCents: 1_000_000,
      reports: { '2026-07': 1000, '2026-08': 1000, '2026-09': 1000 },
    });
    gatedOn(demand, '2026-10-01T14:00:00.000Z');

    await tickVote(app, AT.open);
    const gated = replyFor(app, 'Scheduling');
    expect(blockText(gated, BALLOT_BLOCKS.numbers)).toContain(
      'July 2026: $2,000 (not in production yet: no target) · August 2026: $3,000 (not in production yet: no target) · September 2026: $5,000 (first month in production: $5,000 of target)',
    );
    // Not "below target 2 months running": nothing was owed in August, and September met its share.
    expect(blockText(gated, BALLOT_BLOCKS.facts)).toContain('No drift flags this quarter');
    const fresh = replyFor(app, 'Demand sensing');
    expect(blockText(fresh, BALLOT_BLOCKS.numbers)).toContain(
      '*Target:* $10,000 a month from its production gate; none owed in Q3 2026',
    );
    expect(blockText(fresh, BALLOT_BLOCKS.facts)).toContain('No drift flags this quarter');
  });
});
