import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTAGE_BACKOFF } from '../../src/rituals/pacing.js';
import { getAgent } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { getRound, getVoteSettings } from '../../src/store/votes.js';
import { saveSettings } from '../../src/usecases/settings.js';
import { castVote, saveVoteSettings } from '../../src/usecases/votes.js';
import { BALLOT_BLOCKS, PARENT_BLOCKS, VOTE_ACTION_IDS } from '../../src/views/votes/ballot.js';
import { HOME_VOTE_BLOCKS } from '../../src/views/votes/home.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage, FakeView } from '../support/fake-slack.js';
import { blockText, buttonsOf, fillView, findBlock, inputsOf, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent } from '../support/slack-request.js';
import {
  AT,
  ballotReplies,
  click,
  dmsTo,
  LEADERS,
  LEADERSHIP_CHANNEL,
  nextEphemeral,
  OUTSIDER,
  PORTFOLIO_OWNER,
  parentMessage,
  replyFor,
  seedAgent,
  seedWorkspace,
  tickVote,
  tickVoteAllowingFailure,
  vote,
  ZONE,
} from './votes-fixture.js';

const [L1, L2, L3, L4] = LEADERS;

function seedTwoAgents(app: TestApp): { order: number; invoice: number } {
  return {
    order: seedAgent(app.bot.db, {
      name: 'Order entry',
      ownerId: 'UOWNER1',
      status: 'production',
      reports: { '2026-07': 12000, '2026-08': 11000, '2026-09': 13000 },
    }),
    invoice: seedAgent(app.bot.db, {
      name: 'Invoice matching',
      ownerId: L3,
      status: 'production',
      reports: { '2026-07': 5000 },
    }),
  };
}

function outcomeNotes(app: TestApp): FakeMessage[] {
  const parent = parentMessage(app);
  return app.fake
    .messages(LEADERSHIP_CHANNEL)
    .filter((m) => m.thread_ts === parent.ts && !m.ephemeral_to && !findBlock(m, BALLOT_BLOCKS.agent));
}

describe('kill-or-scale rounds: restarts, settings, and what is shown where', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ now: AT.beforeOpen });
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  it('resumes after a restart between the parent and the replies, posting each once', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    // Slack takes the parent, then fails the first reply for longer than the pacer waits out an outage.
    void app.fake
      .waitFor('chat.postMessage')
      .then(() => app.fake.failNext('chat.postMessage', { times: OUTAGE_BACKOFF.tries }));
    const broken = await tickVoteAllowingFailure(app, AT.open);
    expect(broken.failed).toHaveLength(1);
    expect(ballotReplies(app)).toHaveLength(0);

    await app.restart();
    await tickVote(app, AT.open);
    await tickVote(app, AT.open);
    const parent = parentMessage(app);
    expect(ballotReplies(app).map((m) => [m.text.split(':')[0], m.thread_ts])).toEqual([
      ['Invoice matching', parent.ts],
      ['Order entry', parent.ts],
    ]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(3);
  });

  it('closes without quorum as no decision, carries the agent to next quarter flagged, and refuses a late click', async () => {
    seedWorkspace(app.bot.db);
    const ids = seedTwoAgents(app);
    await tickVote(app, AT.open);
    app.clock.set(AT.midVote);
    await vote(app, L1, 'Order entry', VOTE_ACTION_IDS.kill);
    await vote(app, L2, 'Order entry', VOTE_ACTION_IDS.kill);
    await vote(app, L1, 'Invoice matching', VOTE_ACTION_IDS.keep);
    await vote(app, L2, 'Invoice matching', VOTE_ACTION_IDS.keep);
    const staleCopy = structuredClone(replyFor(app, 'Order entry'));

    await tickVote(app, AT.afterDeadline);
    // Two of four eligible is not more than half: no decision, and the agent keeps running.
    expect(blockText(replyFor(app, 'Order entry'), BALLOT_BLOCKS.outcome)).toContain(
      'No decision (no quorum)',
    );
    expect(getAgent(app.bot.db, TEAM_ID, ids.order)?.status).toBe('production');
    expect(app.events('vote.closed')).toEqual([
      expect.objectContaining({ teamId: TEAM_ID, quarter: '2026-Q4' }),
    ]);

    // A click from a copy of the message that still had its buttons is refused and not counted.
    const res = await click(app, L4, staleCopy, VOTE_ACTION_IDS.scale);
    expect(res.status).toBe(200);
    expect((await nextEphemeral(app, L4, 0)).text).toContain('This vote has closed');
    const round = getRound(app.bot.db, TEAM_ID, '2026-Q4');
    expect(app.bot.db.prepare('SELECT COUNT(*) AS n FROM votes').get()).toEqual({ n: 4 });
    // The store refuses too, whatever time the caller says it is: another process may have closed the round.
    const ballotId = (
      app.bot.db.prepare('SELECT id FROM vote_ballots WHERE agent_id = ?').get(ids.order) as { id: number }
    ).id;
    const direct = { teamId: TEAM_ID, ballotId, voterId: L4, choice: 'scale' as const };
    expect(castVote(app.bot.db, new Date(AT.midVote), direct)).toMatchObject({
      kind: 'refused',
      message: expect.stringContaining('This vote has closed'),
    });
    expect(round?.state).toBe('closed');

    // Next quarter the agent is back, flagged, at the top of the ballot.
    await tickVote(app, AT.afterOverrideWindow);
    app.fake.clear();
    await tickVote(app, '2027-01-04T16:00:00Z');
    const parents = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === undefined && c.args.channel === LEADERSHIP_CHANNEL);
    expect(parents).toHaveLength(1);
    const replies = app.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts !== undefined);
    // Neither reported in Q4, so both are flagged for that; only Order entry was carried over.
    const byName = new Map(replies.map((c) => [String(c.args.text).split(':')[0], textOf(c.args)]));
    expect([...byName.keys()]).toEqual(['Invoice matching', 'Order entry']);
    expect(byName.get('Order entry')).toContain('No decision last quarter (no quorum)');
    expect(byName.get('Invoice matching')).not.toContain('No decision last quarter');
    expect(byName.get('Invoice matching')).toContain('Two monthly reports missed in a row');
  });

  it('follows the vote settings: opening time, deadline, quorum and full visibility', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    saveVoteSettings(app.bot.db, new Date('2026-09-01T12:00:00Z'), {
      teamId: TEAM_ID,
      actorId: PORTFOLIO_OWNER,
      settings: { time: '14:00', deadlineBusinessDays: 2, quorumFraction: 0.25, visibility: 'full' },
    });
    await tickVote(app, AT.open);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
    await tickVote(app, '2026-10-01T19:00:00Z');
    expect(blockText(parentMessage(app), PARENT_BLOCKS.facts)).toContain('Closes:* Oct 5, 2026, 14:00 CDT');
    // The parent states the quorum this round was opened with, and its fallback never counts replies not yet posted.
    expect(blockText(parentMessage(app), PARENT_BLOCKS.rules)).toContain(
      'An agent is decided when more than a quarter of the leaders who may vote on it have voted',
    );
    expect(parentMessage(app).text).toBe(
      'Kill-or-scale: Q4 2026 vote on Q3 2026: open until Oct 5, 2026, 14:00 CDT. Each agent has its own reply in the thread.',
    );

    app.clock.set('2026-10-02T15:00:00Z');
    await vote(app, L1, 'Order entry', VOTE_ACTION_IDS.scale);
    expect(blockText(replyFor(app, 'Order entry'), BALLOT_BLOCKS.tally)).toContain(
      `1 of 4 leaders voted: <@${L1}> Scale.`,
    );
    // One business day before the close is the Friday: L1 still has Invoice matching to vote on.
    await tickVote(app, '2026-10-02T19:00:00Z');
    expect(dmsTo(app, L1)).toHaveLength(1);

    // More than a quarter of four is two voters: one is not enough.
    await vote(app, L2, 'Order entry', VOTE_ACTION_IDS.kill);
    await tickVote(app, '2026-10-05T19:00:00Z');
    expect(blockText(replyFor(app, 'Order entry'), BALLOT_BLOCKS.outcome)).toContain('A tie keeps the agent');
    expect(
      outcomeNotes(app)
        .map((m) => m.text)
        .sort(),
    ).toEqual(['Invoice matching: No decision (no quorum).', 'Order entry: Keep.']);
  });

  it('lets the portfolio owner set the vote from /maturity votes settings, and nobody else', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    app.fake.setUser({ id: PORTFOLIO_OWNER, name: 'pat', tz: ZONE });
    app.fake.setUser({ id: L1, name: 'lee', tz: ZONE });
    const refused = (await app.command('votes settings', L1)).json() as { text: string };
    expect(refused.text).toBe(
      `Only a workspace admin, or the portfolio owner, <@${PORTFOLIO_OWNER}>, can change the vote settings.`,
    );

    app.fake.clear();
    await app.command('votes settings', PORTFOLIO_OWNER);
    await app.fake.waitFor('views.open');
    const view = app.fake.lastView() as FakeView;
    expect(inputsOf(view).map((i) => i.label)).toEqual([
      'Time the vote opens',
      'Business days leaders have to vote',
      'An agent is decided when this share of its leaders have voted',
      'What everyone sees before the close',
    ]);
    const answers = {
      'Time the vote opens': '14:00',
      'Business days leaders have to vote': '3',
      'An agent is decided when this share of its leaders have voted': 'More than two thirds',
      'What everyone sees before the close': 'Also what each leader voted',
    };
    const saved = await app.submit(view, fillView(view, answers), PORTFOLIO_OWNER);
    expect(textOf((saved.json() as { view: object }).view)).toContain(
      'Saved. The vote opens on the first business day of each quarter at 14:00 (America/Chicago) and closes 3 business days later. An agent is decided when more than two thirds of its leaders have voted.',
    );
    await app.fake.waitFor('views.publish');
    // A retried submission saves nothing twice.
    await app.submit(view, fillView(view, answers), PORTFOLIO_OWNER);
    expect(getVoteSettings(app.bot.db, TEAM_ID)).toEqual({
      time: '14:00',
      deadlineBusinessDays: 3,
      quorumFraction: 2 / 3,
      visibility: 'full',
    });
    const changes = auditTrail(app.bot.db, TEAM_ID, 'workspace', TEAM_ID).filter(
      (a) => a.action === 'vote_settings',
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]?.actorId).toBe(PORTFOLIO_OWNER);

    // The Home tab shows the portfolio owner the settings, with the button to change them.
    const home = app.fake.homeView(PORTFOLIO_OWNER);
    expect(textOf(home)).toContain('closes 3 business days later');
    expect(buttonsOf(home).map((b) => b.text)).toContain('Vote settings');

    await tickVote(app, AT.open);
    expect(app.fake.messages(LEADERSHIP_CHANNEL)).toEqual([]);
    await tickVote(app, '2026-10-01T19:00:00Z');
    expect(blockText(parentMessage(app), PARENT_BLOCKS.facts)).toContain('Closes:* Oct 6, 2026, 14:00 CDT');
  });

  it('waits for a leadership channel, telling the portfolio owner once, then opens', async () => {
    seedWorkspace(app.bot.db, { channel: null });
    seedTwoAgents(app);
    await tickVote(app, AT.open);
    await tickVote(app, '2026-10-01T15:01:00Z');
    expect(dmsTo(app, PORTFOLIO_OWNER).map((m) => m.text)).toEqual([
      'The quarterly kill-or-scale vote is due, but a leadership channel is not set.',
    ]);
    expect(app.fake.messages(LEADERSHIP_CHANNEL)).toEqual([]);

    saveSettings(app.bot.db, new Date('2026-10-01T16:00:00Z'), {
      teamId: TEAM_ID,
      actorId: PORTFOLIO_OWNER,
      settings: {
        portfolioOwnerId: PORTFOLIO_OWNER,
        leadershipGroupId: null,
        leadershipUserIds: LEADERS,
        reviewChannelId: null,
        leadershipChannelId: LEADERSHIP_CHANNEL,
        timeZone: ZONE,
        currency: 'USD',
      },
    });
    await tickVote(app, '2026-10-01T16:05:00Z');
    expect(ballotReplies(app)).toHaveLength(2);
    // Leaders get their full five business days from the moment it opened.
    expect(blockText(parentMessage(app), PARENT_BLOCKS.facts)).toContain('Closes:* Oct 8, 2026, 11:05 CDT');
  });

  it('waits to be invited to a private leadership channel, telling the portfolio owner once', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    app.fake.setChannel({ id: LEADERSHIP_CHANNEL, name: 'leadership', is_private: true, is_member: false });
    await tickVote(app, AT.open);
    await tickVote(app, '2026-10-01T15:01:00Z');
    expect(dmsTo(app, PORTFOLIO_OWNER).map((m) => m.text)).toEqual([
      "The quarterly kill-or-scale vote is due, but I can't post in <#CLEAD>. Invite me there (type `/invite @maturity` in the channel) or pick another leadership channel in `/maturity settings`, and the vote opens within a minute.",
    ]);
    expect(getRound(app.bot.db, TEAM_ID, '2026-Q4')).toBeUndefined();

    // Invited the next morning: the vote opens then, with its full five business days.
    app.fake.setChannel({ id: LEADERSHIP_CHANNEL, name: 'leadership', is_private: true, is_member: true });
    await tickVote(app, '2026-10-02T14:00:00Z');
    expect(ballotReplies(app)).toHaveLength(2);
    expect(blockText(parentMessage(app), PARENT_BLOCKS.facts)).toContain('Closes:* Oct 9, 2026, 09:00 CDT');
    expect(getRound(app.bot.db, TEAM_ID, '2026-Q4')?.deadline.toISOString()).toBe('2026-10-09T14:00:00.000Z');
  });

  it('reads the leadership from a Slack user group as well as the named leaders', async () => {
    seedWorkspace(app.bot.db, { leaders: [L1] });
    app.bot.db
      .prepare('UPDATE workspaces SET leadership_group_id = ? WHERE team_id = ?')
      .run('S0LEADS', TEAM_ID);
    app.fake.setUserGroup('S0LEADS', [L2, L3]);
    seedTwoAgents(app);
    await tickVote(app, AT.open);
    expect(getRound(app.bot.db, TEAM_ID, '2026-Q4')?.leaderIds).toEqual([L1, L2, L3]);
  });

  it('posts one line and finishes when no agent is running', async () => {
    seedWorkspace(app.bot.db);
    seedAgent(app.bot.db, { name: 'Demand sensing', ownerId: 'UOWNER1', status: 'proposed' });
    const report = await tickVote(app, AT.open);
    expect(report.finished).toEqual([{ teamId: TEAM_ID, ritual: 'kill-or-scale', period: '2026-Q4' }]);
    expect(app.fake.messages(LEADERSHIP_CHANNEL).map((m) => m.text)).toEqual([
      'No agent is in pilot, production or scaling, so there is nothing to decide in the Q4 2026 vote on Q3 2026.',
    ]);
    expect(getRound(app.bot.db, TEAM_ID, '2026-Q4')).toBeUndefined();
  });

  it('shows the open vote on the Home tab and what the viewer still has to vote on', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    await tickVote(app, AT.open);
    app.clock.set(AT.midVote);
    await vote(app, L1, 'Order entry', VOTE_ACTION_IDS.keep);

    const homeOf = async (user: string) => {
      app.fake.clear();
      await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user }));
      await app.fake.waitFor('views.publish', (c) => c.args.user_id === user);
      return app.fake.homeView(user);
    };
    const l1 = await homeOf(L1);
    expect(blockText({ blocks: l1?.blocks } as FakeMessage, HOME_VOTE_BLOCKS.status)).toContain(
      'The Q4 2026 vote on Q3 2026 is in <#CLEAD>, open until Oct 8, 2026, 10:00 CDT.',
    );
    expect(blockText({ blocks: l1?.blocks } as FakeMessage, HOME_VOTE_BLOCKS.todo)).toBe(
      '*You still have to vote on:* *Invoice matching*',
    );
    // The owner of Invoice matching has nothing to vote on there.
    const l3 = await homeOf(L3);
    expect(blockText({ blocks: l3?.blocks } as FakeMessage, HOME_VOTE_BLOCKS.todo)).toBe(
      '*You still have to vote on:* *Order entry*',
    );
    const outsider = await homeOf(OUTSIDER);
    expect(blockText({ blocks: outsider?.blocks } as FakeMessage, HOME_VOTE_BLOCKS.todo)).toBe(
      'Only the leadership group votes.',
    );
  });

  it('lists past outcomes with /maturity votes', async () => {
    seedWorkspace(app.bot.db);
    seedTwoAgents(app);
    app.clock.set(AT.open);
    const before = (await app.command('votes', L1)).json() as { text: string; blocks: unknown[] };
    expect(textOf(before)).toContain('No kill-or-scale vote has closed yet.');

    await tickVote(app, AT.open);
    app.clock.set(AT.midVote);
    for (const leader of [L1, L2, L4]) await vote(app, leader, 'Order entry', VOTE_ACTION_IDS.scale);
    const during = (await app.command('votes', OUTSIDER)).json() as { blocks: unknown[] };
    expect(textOf(during)).toContain('Open now:* the Q4 2026 vote on Q3 2026 in <#CLEAD>');

    await tickVote(app, AT.afterDeadline);
    const after = (await app.command('votes', OUTSIDER)).json() as {
      response_type: string;
      blocks: unknown[];
    };
    expect(after.response_type).toBe('ephemeral');
    const history = textOf(after);
    expect(history).toContain('*Q4 2026 vote on Q3 2026*, closed Oct 8, 2026');
    expect(history).toContain('• *Order entry*: Scale (3 of 4 voted)');
    expect(history).toContain('• *Invoice matching*: No decision (no quorum) (0 of 3 voted)');
    expect(buttonsOf(replyFor(app, 'Order entry')).map((b) => b.text)).toEqual([
      'Overturn (portfolio owner)',
    ]);
  });
});
