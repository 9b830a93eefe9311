import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAgent } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { getRound, votesOn } from '../../src/store/votes.js';
import { BALLOT_BLOCKS, PARENT_BLOCKS, VOTE_ACTION_IDS } from '../../src/views/votes/ballot.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { blockText, buttonsOf, findBlock, textOf } from '../support/read-view.js';
import {
  AT,
  ballotReplies,
  click,
  dmsTo,
  LEADERS,
  LEADERSHIP_CHANNEL,
  nextEphemeral,
  OUTSIDER,
  parentMessage,
  replyFor,
  seedAgent,
  seedWorkspace,
  tickVote,
  vote,
} from './votes-fixture.js';

const [L1, L2, L3, L4] = LEADERS;

/**
 * Four agents on the ballot and two that are not: a pilot with two missed reports, a line agent that lost
 * money in August, an agent owned by a leader, a healthy one; a proposed and a retired agent.
 */
function seedPortfolio(app: TestApp) {
  const db = app.bot.db;
  seedWorkspace(db);
  const ids = {
    quote: seedAgent(db, {
      name: 'Quote prep',
      ownerId: 'UOWNER2',
      status: 'pilot',
      reports: { '2026-06': 3000, '2026-07': 2000 },
    }),
    vision: seedAgent(db, {
      name: 'Vision inspection',
      ownerId: 'UOWNER3',
      status: 'production',
      category: 'line',
      reports: { '2026-07': 8000, '2026-08': -3000, '2026-09': 6000 },
    }),
    invoice: seedAgent(db, {
      name: 'Invoice matching',
      ownerId: L3,
      status: 'production',
      reports: { '2026-07': 5000, '2026-08': 4000, '2026-09': 3000 },
    }),
    order: seedAgent(db, {
      name: 'Order entry',
      ownerId: 'UOWNER1',
      status: 'production',
      reports: { '2026-07': 12000, '2026-08': 11000, '2026-09': 13000 },
    }),
    proposed: seedAgent(db, { name: 'Demand sensing', ownerId: 'UOWNER1', status: 'proposed' }),
    retired: seedAgent(db, {
      name: 'Old chatbot',
      ownerId: 'UOWNER1',
      status: 'retired',
      reports: { '2026-07': 100 },
    }),
  };
  correctSeptember(db);
  return ids;
}

/** Order entry's September number was corrected after the review posted: the ballot shows the correction. */
function correctSeptember(db: TestApp['bot']['db']): void {
  const report = db
    .prepare(
      `SELECT r.id FROM monthly_reports r JOIN agents a ON a.id = r.agent_id WHERE a.name = 'Order entry' AND r.month = '2026-09'`,
    )
    .get() as { id: number };
  db.prepare(
    `INSERT INTO report_corrections (team_id, report_id, previous_cents, corrected_cents, corrected_by, corrected_at)
     VALUES (?, ?, 1300000, 1400000, 'UOWNER1', '2026-09-30T12:00:00.000Z')`,
  ).run(TEAM_ID, report.id);
}

describe('the quarterly kill-or-scale vote, end to end', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: AT.beforeOpen });
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  it('runs a full quarter: open, votes and changes, refusals, reminder, close, outcomes applied', async () => {
    const ids = seedPortfolio(app);

    // Nothing before 10:00 on the first business day of the quarter.
    await tickVote(app, AT.beforeOpen);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);

    // ---- Open ----
    const opened = await tickVote(app, AT.open);
    expect(opened.opened).toEqual([
      { teamId: TEAM_ID, ritual: 'kill-or-scale', period: '2026-Q4', late: false },
    ]);
    const parent = parentMessage(app);
    const facts = blockText(parent, PARENT_BLOCKS.facts);
    expect(facts).toContain('Q3 2026 contribution:* $62,100');
    expect(facts).toContain('Closes:* Oct 8, 2026, 10:00 CDT');
    for (const leader of LEADERS) expect(facts).toContain(`<@${leader}>`);

    // One reply per running agent, flagged ones first, each with the three buttons.
    const replies = ballotReplies(app);
    expect(replies.map((r) => r.text.split(':')[0])).toEqual([
      'Quote prep',
      'Vision inspection',
      'Invoice matching',
      'Order entry',
    ]);
    for (const reply of replies) {
      expect(buttonsOf(reply).map((b) => b.text)).toEqual(['Kill', 'Keep', 'Scale']);
    }
    const quote = replyFor(app, 'Quote prep');
    expect(blockText(quote, BALLOT_BLOCKS.flags)).toContain(
      'Two monthly reports missed in a row (August 2026 and September 2026)',
    );
    expect(blockText(replyFor(app, 'Vision inspection'), BALLOT_BLOCKS.flags)).toContain(
      'Negative in August 2026',
    );
    const order = replyFor(app, 'Order entry');
    expect(findBlock(order, BALLOT_BLOCKS.flags)).toBeUndefined();
    expect(blockText(order, BALLOT_BLOCKS.numbers)).toContain(
      'July 2026: $12,000 · August 2026: $11,000 · September 2026: $14,000',
    );
    expect(blockText(order, BALLOT_BLOCKS.numbers)).toContain('Trend:* rising');
    expect(blockText(order, BALLOT_BLOCKS.facts)).toContain('Gate: gate passed');

    // A second heartbeat posts nothing again.
    const posted = app.fake.callsTo('chat.postMessage').length;
    await tickVote(app, AT.open);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(posted);

    // ---- Votes ----
    app.clock.set(AT.midVote);
    const confirmed = await vote(app, L1, 'Quote prep', VOTE_ACTION_IDS.kill);
    expect(confirmed.text).toContain('You voted *Kill* on *Quote prep*');

    // A double click, sent twice at once, counts once.
    const [first, second] = await Promise.all([
      click(app, L2, replyFor(app, 'Quote prep'), VOTE_ACTION_IDS.kill),
      click(app, L2, replyFor(app, 'Quote prep'), VOTE_ACTION_IDS.kill),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    await nextEphemeral(app, L2, 0);
    await vote(app, L4, 'Quote prep', VOTE_ACTION_IDS.kill);

    // Order entry: L2 changes their mind, and the vote that counts is the last one.
    await vote(app, L1, 'Order entry', VOTE_ACTION_IDS.scale);
    await vote(app, L2, 'Order entry', VOTE_ACTION_IDS.keep);
    const changed = await vote(app, L2, 'Order entry', VOTE_ACTION_IDS.scale);
    expect(changed.text).toContain('Your vote is now *Scale*');
    await vote(app, L4, 'Order entry', VOTE_ACTION_IDS.scale);

    // Invoice matching: its owner is a leader and is recused; the other three split three ways.
    const recused = await vote(app, L3, 'Invoice matching', VOTE_ACTION_IDS.keep);
    expect(recused.text).toContain("You own this agent, so you don't vote on it.");
    await vote(app, L1, 'Invoice matching', VOTE_ACTION_IDS.kill);
    await vote(app, L2, 'Invoice matching', VOTE_ACTION_IDS.scale);
    await vote(app, L4, 'Invoice matching', VOTE_ACTION_IDS.keep);

    // Vision inspection: one vote out of four eligible is no quorum.
    await vote(app, L1, 'Vision inspection', VOTE_ACTION_IDS.kill);

    // Someone outside leadership is told why, and nothing is counted.
    const refused = await vote(app, OUTSIDER, 'Order entry', VOTE_ACTION_IDS.kill);
    expect(refused.text).toContain('Only the leadership group votes');

    const db = app.bot.db;
    const round = getRound(db, TEAM_ID, '2026-Q4');
    expect(round?.state).toBe('open');
    const ballotAudit = (agentId: number) => {
      const ballotId = db.prepare('SELECT id FROM vote_ballots WHERE agent_id = ?').get(agentId) as {
        id: number;
      };
      return { ballotId: ballotId.id, trail: auditTrail(db, TEAM_ID, 'vote_ballot', ballotId.id) };
    };
    const quoteBallot = ballotAudit(ids.quote);
    expect(votesOn(db, quoteBallot.ballotId).map((v) => [v.voterId, v.choice])).toEqual([
      [L1, 'kill'],
      [L2, 'kill'],
      [L4, 'kill'],
    ]);
    expect(quoteBallot.trail.filter((a) => a.action === 'vote')).toHaveLength(3);
    const orderBallot = ballotAudit(ids.order);
    expect(votesOn(db, orderBallot.ballotId).map((v) => [v.voterId, v.choice])).toEqual([
      [L1, 'scale'],
      [L2, 'scale'],
      [L4, 'scale'],
    ]);
    expect(orderBallot.trail.map((a) => [a.actorId, a.action, a.before, a.after])).toEqual([
      [L1, 'vote', null, { choice: 'scale' }],
      [L2, 'vote', null, { choice: 'keep' }],
      [L2, 'vote_change', { choice: 'keep' }, { choice: 'scale' }],
      [L4, 'vote', null, { choice: 'scale' }],
    ]);
    expect(votesOn(db, ballotAudit(ids.invoice).ballotId).map((v) => v.voterId)).toEqual([L1, L2, L4]);

    // The running tally shows counts and who voted, not what they voted.
    const tally = blockText(replyFor(app, 'Order entry'), BALLOT_BLOCKS.tally);
    expect(tally).toContain('Kill 0 · Keep 0 · Scale 3');
    expect(tally).toContain(`3 of 4 leaders voted: <@${L1}>, <@${L2}>, <@${L4}>`);
    expect(tally).not.toMatch(/<@ULEAD1> Scale/);
    const invoiceTally = blockText(replyFor(app, 'Invoice matching'), BALLOT_BLOCKS.tally);
    expect(invoiceTally).toContain(`<@${L3}> owns it and does not vote on it`);

    // ---- Reminder, a business day before the close, once, to leaders with votes left ----
    await tickVote(app, AT.dayBeforeRemind);
    expect(LEADERS.flatMap((leader) => dmsTo(app, leader))).toEqual([]);
    await tickVote(app, AT.remind);
    await tickVote(app, AT.remind);
    expect(dmsTo(app, L1)).toEqual([]);
    expect(dmsTo(app, L2).map((m) => m.text)).toEqual([
      'Reminder: the kill-or-scale vote closes Oct 8, 2026, 10:00 CDT.',
    ]);
    expect(textOf(dmsTo(app, L2)[0])).toContain('*Vision inspection*');
    expect(textOf(dmsTo(app, L3)[0])).toContain('*Quote prep*, *Vision inspection*, *Order entry*');
    expect(textOf(dmsTo(app, L3)[0])).not.toContain('Invoice matching');
    expect(dmsTo(app, L4)).toHaveLength(1);

    // ---- After the deadline, before the close: a click is refused and not counted ----
    app.clock.set(AT.afterDeadline);
    const late = await vote(app, L3, 'Order entry', VOTE_ACTION_IDS.kill);
    expect(late.text).toContain('This vote has closed');
    expect(votesOn(db, orderBallot.ballotId)).toHaveLength(3);

    // ---- Close ----
    await tickVote(app, AT.afterDeadline);
    const statusOf = (id: number) => getAgent(db, TEAM_ID, id)?.status;
    expect(statusOf(ids.quote)).toBe('retired');
    expect(statusOf(ids.order)).toBe('scaling');
    expect(statusOf(ids.invoice)).toBe('production');
    expect(statusOf(ids.vision)).toBe('production');
    expect(statusOf(ids.proposed)).toBe('proposed');
    expect(db.prepare('SELECT scaling_quarter FROM agents WHERE id = ?').get(ids.order)).toEqual({
      scaling_quarter: '2026-Q4',
    });

    // The buttons are gone; each reply shows its outcome and the final votes in full.
    for (const reply of ballotReplies(app)) {
      expect(buttonsOf(reply).map((b) => b.text)).toEqual(['Overturn (portfolio owner)']);
    }
    expect(blockText(replyFor(app, 'Quote prep'), BALLOT_BLOCKS.outcome)).toContain('Outcome: Kill.');
    expect(blockText(replyFor(app, 'Order entry'), BALLOT_BLOCKS.tally)).toContain(
      `<@${L1}> Scale, <@${L2}> Scale, <@${L4}> Scale`,
    );
    expect(blockText(replyFor(app, 'Invoice matching'), BALLOT_BLOCKS.outcome)).toContain(
      'Outcome: Keep.* A tie keeps the agent, so nothing changes.',
    );
    expect(blockText(replyFor(app, 'Vision inspection'), BALLOT_BLOCKS.outcome)).toContain(
      'No decision (no quorum)',
    );

    // One outcome note in each agent's thread, and the summary on the parent.
    const notes = app.fake
      .messages(LEADERSHIP_CHANNEL)
      .filter((m) => m.thread_ts === parent.ts && !m.ephemeral_to && !findBlock(m, BALLOT_BLOCKS.agent));
    expect(notes.map((m) => m.text).sort()).toEqual([
      'Invoice matching: Keep.',
      'Order entry: Scale.',
      'Quote prep: Kill.',
      'Vision inspection: No decision (no quorum).',
    ]);
    const summary = blockText(parentMessage(app), PARENT_BLOCKS.summary);
    expect(summary).toContain('Kill: *Quote prep*');
    expect(summary).toContain('Scale: *Order entry*');
    expect(summary).toContain('Keep: *Invoice matching*');
    expect(summary).toContain('No decision (no quorum): *Vision inspection*: carried to next quarter');

    // The owner of the retired agent is told; nobody else.
    expect(dmsTo(app, 'UOWNER2').map((m) => m.text)).toEqual([
      'Quote prep was retired by the Q4 2026 vote on Q3 2026.',
    ]);
    expect(dmsTo(app, 'UOWNER1')).toEqual([]);

    // Audit: every outcome, the agent changes, and the close.
    expect(ballotAudit(ids.quote).trail.at(-1)).toMatchObject({
      action: 'outcome',
      after: { outcome: 'kill' },
    });
    expect(auditTrail(db, TEAM_ID, 'agent', ids.quote).at(-1)).toMatchObject({
      action: 'status',
      before: { status: 'pilot' },
      after: { status: 'retired', cause: 'vote' },
    });
    expect(auditTrail(db, TEAM_ID, 'vote_round', round?.id ?? 0).map((a) => a.action)).toEqual([
      'open',
      'close',
    ]);

    // A heartbeat after the close, or a restart, sends nothing again.
    const sent = app.fake.calls.length;
    await tickVote(app, AT.afterDeadline);
    await app.restart();
    await tickVote(app, AT.overrideWindow);
    // Only the restarted app's check of its token, and its question for the workspace's name.
    expect(app.fake.calls.slice(sent).map((c) => c.method)).toEqual(['auth.test', 'auth.test']);

    // When the override window ends the Overturn buttons go, and the run is done.
    const done = await tickVote(app, AT.afterOverrideWindow);
    expect(done.finished).toEqual([{ teamId: TEAM_ID, ritual: 'kill-or-scale', period: '2026-Q4' }]);
    for (const reply of ballotReplies(app)) expect(buttonsOf(reply)).toEqual([]);
  });
});
