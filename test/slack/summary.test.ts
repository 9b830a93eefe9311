import { describe, expect, it, vi } from 'vitest';
import { monthlyValueChart, monthlyValueData } from '../../src/charts/portfolio.js';
import { CHART_WIDTH_PX } from '../../src/charts/render.js';
import type { Agent } from '../../src/domain/agents.js';
import { QUESTIONS } from '../../src/domain/placement.js';
import { stageLabel } from '../../src/domain/stages.js';
import type { BallotCard } from '../../src/domain/vote-round.js';
import { findAgentByName } from '../../src/store/agents.js';
import { latestPlacement } from '../../src/store/placements.js';
import { ballotsOf } from '../../src/store/votes.js';
import { moveAgent } from '../../src/usecases/registry.js';
import { saveReport } from '../../src/usecases/value-review.js';
import { castVote, closeRound, openRound } from '../../src/usecases/votes.js';
import { SUMMARY_BLOCKS, SUMMARY_POST_ACTION_ID } from '../../src/views/summary/detail.js';
import { pngSize } from '../charts/png.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { fillView, findBlock, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, blockActionsPayload } from '../support/slack-request.js';
import {
  modalOpened,
  nameRoles,
  PEOPLE,
  registerAgent,
  submitted,
  withPeopleEachTest,
} from './registry-fixtures.js';

vi.mock('../../src/charts/render.js', async () =>
  (await import('../support/charts.js')).chartsOnThisThread(),
);

const NOW = '2026-11-24T15:00:00Z';

interface Ephemeral {
  readonly text: string;
  readonly blocks: unknown[];
}

describe('/maturity summary, end to end', () => {
  let app: TestApp;
  withPeopleEachTest(NOW, (started) => {
    app = started;
  });

  /** The answer: in the acknowledgement, or (the summary itself) through the response URL right after it. */
  async function summaryAs(user: string, text = 'summary'): Promise<Ephemeral> {
    const before = app.fake.callsTo('response_url').length;
    const res = await app.command(text, user);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    if (res.text !== '') return res.json() as Ephemeral;
    await vi.waitFor(() => expect(app.fake.callsTo('response_url').length).toBeGreaterThan(before));
    return app.fake.callsTo('response_url')[before]?.args as unknown as Ephemeral;
  }

  const sectionText = (list: Ephemeral, blockId: string): string => textOf([findBlock(list.blocks, blockId)]);

  /** The file the fake Slack received in `channelId`, once the app has finished uploading it. */
  async function uploaded(filename: string, channelId: string) {
    const find = () =>
      app.fake.uploadedFiles().find((f) => f.filename === filename && f.channel_id === channelId);
    await app.fake.waitFor('files.completeUploadExternal', () => find() !== undefined);
    const file = find();
    if (!file) throw new Error(`${filename} was not shared in ${channelId}`);
    return file;
  }

  /** Registers an agent at `registeredAt` and passes its gate `daysToGate` later (the gate flow is the registry's). */
  async function shippedAgent(
    name: string,
    p: { registeredAt: string; daysToGate: number; target: string; buildCost: string },
  ): Promise<Agent> {
    app.clock.set(p.registeredAt);
    await registerAgent(app, {
      'Agent name': name,
      'Monthly dollar target': p.target,
      'One-off build cost': p.buildCost,
    });
    const agent = findAgentByName(app.bot.db, TEAM_ID, name);
    if (!agent) throw new Error(`${name} was not registered`);
    moveAgent(app.bot.db, new Date(Date.parse(p.registeredAt) + p.daysToGate * 86_400_000), {
      teamId: TEAM_ID,
      agentId: agent.id,
      actorId: PEOPLE.leader,
      to: 'production',
      cause: 'gate',
    });
    return agent;
  }

  function report(agent: Agent, month: string, dollars: number) {
    saveReport(app.bot.db, new Date(`${month}-28T12:00:00Z`), {
      teamId: TEAM_ID,
      agentId: agent.id,
      month,
      amountCents: dollars * 100,
      note: null,
      evidenceUrl: null,
      handoffPercent: null,
      actorId: agent.ownerId,
      onBehalfOf: null,
      sourceViewId: `V-${agent.id}-${month}`,
    });
  }

  /** A closed kill-or-scale round on Q3 in which both leaders voted to scale `agent`. */
  function closedVote(agent: Agent) {
    const card = {
      name: agent.name,
      category: agent.category,
      status: agent.status,
      metric: agent.metric,
      targetCents: agent.monthlyTargetCents,
      numbers: [],
      trend: 'flat',
      flags: [],
      drift: [],
      gate: 'Passed',
    } satisfies BallotCard;
    const round = openRound(app.bot.db, {
      teamId: TEAM_ID,
      quarter: '2026-Q4',
      reviewedQuarter: '2026-Q3',
      channelId: 'CLEADERS',
      parentTs: '1700000000.000001',
      openedAt: new Date('2026-10-01T15:00:00Z'),
      deadline: new Date('2026-10-08T15:00:00Z'),
      leaderIds: [PEOPLE.leader, PEOPLE.admin],
      quorumFraction: 0.5,
      visibility: 'tally',
      stage: 2,
      totalCents: 0,
      ballots: [{ agentId: agent.id, ownerId: agent.ownerId, card }],
    });
    const [ballot] = ballotsOf(app.bot.db, round.id);
    for (const voterId of [PEOPLE.leader, PEOPLE.admin]) {
      castVote(app.bot.db, new Date('2026-10-02T15:00:00Z'), {
        teamId: TEAM_ID,
        ballotId: ballot?.id ?? 0,
        voterId,
        choice: 'scale',
      });
    }
    closeRound(app.bot.db, new Date('2026-10-08T15:00:00Z'), {
      teamId: TEAM_ID,
      roundId: round.id,
      overrideUntil: new Date('2026-10-13T15:00:00Z'),
      reason: 'Q3 kill-or-scale vote',
    });
  }

  async function place() {
    app.clock.set(NOW);
    app.fake.clear();
    await app.command('', PEOPLE.member);
    const view = await modalOpened(app, 'placement');
    const answers = Object.fromEntries(QUESTIONS.map((q) => [q.text, 'Yes']));
    await app.submit(view, fillView(view, answers), PEOPLE.member);
  }

  async function addCandidates(count: number) {
    for (let i = 1; i <= count; i += 1) {
      app.fake.clear();
      await app.command('backlog add', PEOPLE.member);
      const view = await modalOpened(app, 'backlog_candidate_add');
      await app.submit(
        view,
        fillView(view, {
          'Which process': `Process ${i}`,
          'Yearly dollars at stake': `${i * 10},000`,
          'How feasible': '5 · Ready',
          'Which system of record': 'ERP',
        }),
        PEOPLE.member,
      );
    }
  }

  /** Two agents through the gate (the second faster and cheaper), Q3 numbers, a closed vote, six candidates. */
  async function portfolio() {
    await nameRoles(app);
    const orders = await shippedAgent('Order entry', {
      registeredAt: '2026-05-01T15:00:00Z',
      daysToGate: 40,
      target: '12,500',
      buildCost: '20,000',
    });
    const invoices = await shippedAgent('Invoice matching', {
      registeredAt: '2026-07-01T15:00:00Z',
      daysToGate: 14,
      target: '10,000',
      buildCost: '8,000',
    });
    for (const month of ['2026-07', '2026-08', '2026-09']) report(orders, month, 12_500);
    for (const month of ['2026-07', '2026-09']) report(invoices, month, 5_000);
    report(orders, '2026-10', 13_000);
    closedVote(orders);
    await place();
    await addCandidates(6);
    app.clock.set(NOW);
    return { orders, invoices };
  }

  it('shows stage with evidence, last quarter per agent, the last vote, the backlog top five and reuse; the chart goes to the DM', async () => {
    await portfolio();
    app.fake.clear();
    const list = await summaryAs(PEOPLE.member);

    const placement = latestPlacement(app.bot.db, TEAM_ID);
    expect(sectionText(list, SUMMARY_BLOCKS.stage)).toContain(stageLabel(placement?.final ?? 0));
    expect(sectionText(list, SUMMARY_BLOCKS.stage)).toContain('2 agents in production');

    const agents = sectionText(list, SUMMARY_BLOCKS.agents);
    expect(agents).toContain('Agents, Q3 2026');
    // The vote scaled it.
    expect(agents).toContain('*Order entry* · Scaling');
    expect(agents).toContain('$37,500 of $37,500 target (100%), 3 of 3 months reported');
    // Gated on 15 July: July owes 17 of its 31 days of target ($5,484), August and September all of it.
    expect(agents).toContain('$10,000 of $25,484 target (39%), 2 of 3 months reported');
    expect(agents).toContain('Portfolio total: *$47,500*');

    expect(sectionText(list, SUMMARY_BLOCKS.vote)).toContain('*Order entry*: Scale (2 of 2 voted)');

    const backlog = sectionText(list, SUMMARY_BLOCKS.backlog);
    expect(backlog).toContain('1. *Process 6*: $60,000 expected a year');
    expect(backlog).toContain('5. *Process 2*');
    expect(backlog).not.toContain('Process 1*');

    const reuse = sectionText(list, SUMMARY_BLOCKS.reuse);
    expect(reuse).toContain(
      'Days from registration to a passed gate is falling: 40 days for the first agent, 14 days for the latest',
    );
    expect(reuse).toContain(
      'Build cost per new agent is falling: $20,000 for the first agent, $8,000 for the latest',
    );

    expect(textOf(list.blocks)).toContain('on its way to your DM');
    const file = await uploaded('monthly-value-2026-10.png', app.fake.dmChannel(PEOPLE.member));
    // The chart starts at the first month an agent was in production, not twelve months back.
    expect(file.title).toBe('Monthly value, June 2026 to October 2026');
    // The expected size is what the renderer makes of the same records.
    const data = monthlyValueData(app.bot.db, {
      teamId: TEAM_ID,
      currency: 'USD',
      lastMonth: '2026-10',
      zone: 'America/Chicago',
    });
    const expected = data && (await monthlyValueChart(data));
    expect(pngSize(file.bytes)).toEqual({ width: CHART_WIDTH_PX, height: expected?.height });
    expect(expected?.height).toBeGreaterThan(400);
  });

  it('says plainly what is missing in an empty workspace, and sends no chart', async () => {
    const list = await summaryAs(PEOPLE.member);
    const shown = textOf(list.blocks);
    for (const sentence of [
      'No placement yet',
      'No agent ran or reported in Q3 2026',
      'No vote has closed yet',
      'Empty. `/maturity backlog` adds candidates.',
      'not enough agents yet to show a trend',
      'No agent has a monthly number yet, so there is no chart.',
    ]) {
      expect(shown).toContain(sentence);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('charts placement stage over time on request', async () => {
    const none = await summaryAs(PEOPLE.member, 'summary stages');
    expect(none.text).toContain('No placements yet');
    await place();
    app.fake.clear();
    const asked = await summaryAs(PEOPLE.member, 'summary stages');
    expect(asked.text).toContain('in your DM');
    const file = await uploaded('placement-stages.png', app.fake.dmChannel(PEOPLE.member));
    expect(pngSize(file.bytes).width).toBe(CHART_WIDTH_PX);
  });

  it('posts to a channel picked from the button, with the chart in the thread; a channel the app is not in is said beside the picker', async () => {
    await portfolio();
    app.fake.setChannel({ id: 'CPRIVATE', name: 'board', is_private: true, is_member: false });
    const list = await summaryAs(PEOPLE.member);
    const message: FakeMessage = {
      channel: 'CGENERAL',
      ts: '1700000000.000100',
      text: list.text,
      blocks: list.blocks,
      user: 'UBOT',
      bot_id: 'BBOT',
      ephemeral_to: PEOPLE.member,
    };
    const pick = async () => {
      app.fake.clear();
      await app.slack.interaction(
        blockActionsPayload({
          team: TEAM_ID,
          user: PEOPLE.member,
          actionId: SUMMARY_POST_ACTION_ID,
          message,
          channel: 'CGENERAL',
          triggerId: app.fake.issueTriggerId(),
        }),
      );
      return modalOpened(app, 'summary_channel');
    };

    const refused = await pick();
    const answer = await submitted(
      await app.submit(refused, fillView(refused, { 'Which channel': 'CPRIVATE' }), PEOPLE.member),
    );
    expect(answer.errors?.summary_channel_pick).toContain('Invite the app there first');
    expect(app.fake.messages('CPRIVATE')).toHaveLength(0);

    const modal = await pick();
    const posted = await submitted(
      await app.submit(modal, fillView(modal, { 'Which channel': 'COPS' }), PEOPLE.member),
    );
    expect(textOf(posted.view)).toContain('Posted to <#COPS>');
    const [summary] = app.fake.messages('COPS');
    expect(textOf(summary)).toContain('Portfolio summary');
    expect(textOf(summary)).toContain('The chart of monthly value is in the thread.');
    expect(JSON.stringify(summary?.blocks)).not.toContain(SUMMARY_POST_ACTION_ID);
    const file = await uploaded('monthly-value-2026-10.png', 'COPS');
    expect(file.thread_ts).toBe(summary?.ts);
    expect(pngSize(file.bytes).width).toBe(CHART_WIDTH_PX);
  });

  it('posts to a channel Slack escaped in the command text', async () => {
    await portfolio();
    app.fake.clear();
    const res = await summaryAs(PEOPLE.member, 'summary <#COPS|ops>');
    expect(res.text).toContain('Posting the summary to <#COPS>');
    await uploaded('monthly-value-2026-10.png', 'COPS');
    expect(textOf(app.fake.messages('COPS')[0])).toContain('Portfolio summary');
  });

  it('shares the monthly value chart in the thread of the review post, once, and the Home tab shows the crosswalk from those records', async () => {
    app.fake.clear();
    await app.command('settings', PEOPLE.admin);
    const settings = await modalOpened(app, 'settings');
    await app.submit(
      settings,
      fillView(settings, {
        'Who owns the portfolio': PEOPLE.portfolioOwner,
        'Who is on the leadership team': [PEOPLE.leader],
        'Where does the monthly value review post': 'CREVIEW',
      }),
      PEOPLE.admin,
    );
    await registerAgent(app, { 'Agent name': 'Order entry' });
    const agent = findAgentByName(app.bot.db, TEAM_ID, 'Order entry');
    if (!agent) throw new Error('Order entry was not registered');
    report(agent, '2026-11', 11_000);

    // Every number is in, so the December run posts the November review on its first heartbeat.
    await app.tick('2026-12-01T16:00:00Z');
    const [review, ...others] = app.fake.messages('CREVIEW').filter((m) => m.thread_ts === undefined);
    expect(others).toEqual([]);
    expect(textOf(review)).toContain('Order entry');
    const file = await uploaded('monthly-value-2026-11.png', 'CREVIEW');
    expect(file.thread_ts).toBe(review?.ts);
    expect(pngSize(file.bytes).width).toBe(CHART_WIDTH_PX);

    await app.tick('2026-12-01T16:05:00Z');
    expect(app.fake.uploadedFiles().filter((f) => f.channel_id === 'CREVIEW')).toHaveLength(1);

    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.member }));
    await app.fake.waitFor('views.publish');
    const home = textOf(app.fake.homeView(PEOPLE.member));
    expect(home).toContain('Framework crosswalk');
    expect(home).toContain(
      '*Monthly value review* · NIST Measure, Manage · Check: last value review 2026-12-01 for 2026-11, 1 of 1 agent reported',
    );
    expect(home).toContain('*Agent registry* · NIST Map · Do: 1 agent registered');
    expect(home).toContain('Evidence, not a certification.');
  });
});
