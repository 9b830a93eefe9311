import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/domain/agents.js';
import { findAgentByName, listAgents } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { registerAgent as storeAgent } from '../../src/usecases/registry.js';
import {
  AGENT_DETAILS_ACTION_ID,
  AGENT_EDIT_ACTION_ID,
  AGENT_FORM_BLOCKS,
  AGENT_HAND_OVER_ACTION_ID,
  AGENT_REGISTER_ACTION_ID,
  AGENT_RETIRE_ACTION_ID,
  AGENT_START_PILOT_ACTION_ID,
  SKIPPING_STEPS_BLOCK_ID,
} from '../../src/views/agents/ids.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeView } from '../support/fake-slack.js';
import { blockText, buttonsOf, fillView, inputsOf, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, blockActionsPayload, eventCallback } from '../support/slack-request.js';
import {
  clickOnMessage,
  clickOnView,
  dmsTo,
  modalOpened,
  nameRoles,
  PEOPLE,
  registerAgent,
  submitted,
  withPeopleEachTest,
} from './registry-fixtures.js';

const agentNamed = (app: TestApp, name: string): Agent => {
  const agent = findAgentByName(app.bot.db, TEAM_ID, name);
  expect(agent, name).toBeDefined();
  return agent as Agent;
};

describe('the agent registry, end to end', () => {
  let app: TestApp;
  withPeopleEachTest('2026-11-24T15:00:00Z', (started) => {
    app = started;
  });

  /** `/maturity agents`, then Details on the named agent, as `user`. */
  async function openDetails(name: string, user: string): Promise<FakeView> {
    const list = (await app.command('agents', user)).json() as { blocks: unknown[] };
    const agent = agentNamed(app, name);
    app.fake.clear();
    await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user,
        actionId: AGENT_DETAILS_ACTION_ID,
        blockId: `agent_${agent.id}`,
        message: { blocks: list.blocks, ts: '1700000000.000100', channel: 'CGENERAL' },
        channel: 'CGENERAL',
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    return modalOpened(app, 'agent_details');
  }

  it('asks plainly for every field of a new agent', async () => {
    app.fake.clear();
    await app.command('register', PEOPLE.owner);
    const view = await modalOpened(app, 'agent_register');
    expect(inputsOf(view).map((i) => [i.label, i.optional])).toEqual([
      ['Agent name', false],
      ['Which workflow does it own end to end?', false],
      ['Category: where does it work?', false],
      ['Which system of record does it write back to?', false],
      ['Name of the system', true],
      ['Named owner', false],
      ['Dollar metric: what does its monthly number measure?', false],
      ['Monthly dollar target', false],
      ['Confidence threshold (%)', false],
      ['One-off build cost', true],
      ['Status: where is it today?', false],
    ]);
    // Slack itself marks optional inputs "(optional)"; a label that says it too reads it twice.
    expect(inputsOf(view).filter((i) => /optional/i.test(i.label))).toEqual([]);
    const where = inputsOf(view).find((i) => i.label === 'Status: where is it today?');
    expect(where?.options?.map((o) => o.text)).toEqual(['Proposed', 'Pilot']);
    expect(fillView(view, {})[AGENT_FORM_BLOCKS.owner]?.value?.selected_user).toBe(PEOPLE.owner);
  });

  it('registers an agent with one audit row, says so, and shows it on the Home tab', async () => {
    const answer = await registerAgent(app, { 'One-off build cost': '$40k' });
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('*Order entry* is registered as pilot');
    const agent = agentNamed(app, 'order ENTRY');
    expect(agent).toMatchObject({
      name: 'Order entry',
      category: 'office',
      systemOfRecord: 'ERP',
      ownerId: PEOPLE.owner,
      metric: 'hours saved x loaded rate',
      monthlyTargetCents: 1_250_000,
      confidenceThreshold: 85,
      buildCostCents: 4_000_000,
      status: 'pilot',
      skippingSteps: false,
      registeredBy: PEOPLE.owner,
    });
    const audit = auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: PEOPLE.owner,
      action: 'register',
      at: '2026-11-24T15:00:00.000Z',
    });
    expect(audit[0]?.after).toMatchObject({
      name: 'Order entry',
      status: 'pilot',
      monthlyTargetCents: 1_250_000,
    });

    const home = textOf(app.fake.homeView(PEOPLE.owner));
    expect(home).toContain('*Order entry* · Pilot · Office side · writes to ERP');
    expect(home).toContain('target $12,500 a month · gate not run yet');
  });

  it('answers bad input inline and registers nothing', async () => {
    await registerAgent(app, {});
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ 'Agent name': '   ' }, AGENT_FORM_BLOCKS.name, /give the agent a name/i],
      [{ 'Agent name': 'ORDER  Entry' }, AGENT_FORM_BLOCKS.name, /already registered/],
      [
        { 'Agent name': 'Quotes', 'Monthly dollar target': 'lots' },
        AGENT_FORM_BLOCKS.target,
        /dollar amount/,
      ],
      [{ 'Agent name': 'Quotes', 'Monthly dollar target': '0' }, AGENT_FORM_BLOCKS.target, /more than zero/],
      [
        { 'Agent name': 'Quotes', 'Confidence threshold': '150' },
        AGENT_FORM_BLOCKS.threshold,
        /between 0 and 100/,
      ],
      [
        { 'Agent name': 'Quotes', 'Confidence threshold': '-5%' },
        AGENT_FORM_BLOCKS.threshold,
        /between 0 and 100/,
      ],
      [
        { 'Agent name': 'Quotes', 'Which system of record': 'Other' },
        AGENT_FORM_BLOCKS.systemName,
        /name the system/i,
      ],
    ];
    for (const [answers, blockId, message] of cases) {
      const answer = await registerAgent(app, answers);
      expect(answer.response_action, JSON.stringify(answers)).toBe('errors');
      expect(answer.errors?.[blockId]).toMatch(message);
    }
    expect(listAgents(app.bot.db, TEAM_ID).map((a) => a.name)).toEqual(['Order entry']);
  });

  it('refuses an owner who has left the workspace, inline, and registers nothing', async () => {
    app.fake.setUser({ id: PEOPLE.member, name: 'dave', deleted: true });
    const answer = await registerAgent(app, { 'Named owner': PEOPLE.member });
    expect(answer.response_action).toBe('errors');
    expect(answer.errors?.[AGENT_FORM_BLOCKS.owner]).toMatch(/left the workspace/);
    expect(listAgents(app.bot.db, TEAM_ID)).toEqual([]);
  });

  it('stores a retried submission once', async () => {
    app.fake.clear();
    await app.command('register', PEOPLE.owner);
    const view = await modalOpened(app, 'agent_register');
    const values = fillView(view, {
      'Agent name': 'Invoice matching',
      'Which workflow': 'Matches invoices to POs and receipts.',
      Category: 'Office side',
      'Which system of record': 'ERP',
      'Dollar metric': 'hours saved',
      'Monthly dollar target': '5000',
      'Confidence threshold': '90',
      Status: 'Proposed',
    });
    const first = await submitted(await app.submit(view, values, PEOPLE.owner));
    const retry = await submitted(
      await app.submit(view, values, PEOPLE.owner, { retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(textOf(retry.view)).toBe(textOf(first.view));
    expect(listAgents(app.bot.db, TEAM_ID)).toHaveLength(1);
    await app.fake.waitFor('views.publish');
  });

  it('points out a near-duplicate name without refusing it', async () => {
    await registerAgent(app, { 'Agent name': 'Invoice matching' });
    const answer = await registerAgent(app, { 'Agent name': 'Invoice approval routing' });
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).not.toContain('looks a lot like');
    const close = await registerAgent(app, { 'Agent name': 'Invoce matching' });
    expect(textOf(close.view)).toContain('looks a lot like *Invoice matching*');
    const variant = await registerAgent(app, { 'Agent name': 'Invoice matcher' });
    expect(textOf(variant.view)).toContain('looks a lot like *Invoice matching*');
    expect(listAgents(app.bot.db, TEAM_ID)).toHaveLength(4);
  });

  it('warns about skipping steps in the modal, after registering and on the Home tab, and records it', async () => {
    app.fake.clear();
    await app.command('register', PEOPLE.owner);
    const modal = await modalOpened(app, 'agent_register');
    expect(blockText(modal, SKIPPING_STEPS_BLOCK_ID)).toMatch(/no office-side agent is in production/i);

    const answer = await registerAgent(app, {
      'Agent name': 'Press line vision',
      Category: 'Line level',
      'Which system of record': 'MES',
    });
    expect(answer.response_action).toBe('update');
    expect(blockText(answer.view, SKIPPING_STEPS_BLOCK_ID)).toMatch(/skipping steps/i);
    const agent = agentNamed(app, 'Press line vision');
    expect(agent.skippingSteps).toBe(true);
    expect(auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id)[0]?.after).toMatchObject({
      skippingSteps: true,
    });
    expect(blockText(app.fake.homeView(PEOPLE.owner), 'home_skipping_steps')).toContain(
      '*Press line vision*',
    );
  });

  it('lists agents by status and opens an agent with its history', async () => {
    await registerAgent(app, {});
    await registerAgent(app, { 'Agent name': 'Quote prep', Status: 'Proposed' });
    const list = (await app.command('agents', PEOPLE.member)).json() as {
      response_type: string;
      blocks: unknown[];
    };
    expect(list.response_type).toBe('ephemeral');
    const text = textOf(list.blocks);
    expect(text).toContain('1 pilot · 1 proposed');
    expect(text.indexOf('*Pilot* · 1')).toBeLessThan(text.indexOf('*Proposed* · 1'));
    expect(textOf((await app.command('agents quote', PEOPLE.member)).json())).not.toContain('Order entry');

    const details = await openDetails('Order entry', PEOPLE.member);
    const shown = textOf(details);
    expect(shown).toContain('hours saved x loaded rate');
    expect(shown).toMatch(/registered it as pilot/);
    expect(buttonsOf(details)).toEqual([]);
    const mine = await openDetails('Order entry', PEOPLE.owner);
    expect(buttonsOf(mine).map((b) => b.text)).toEqual([
      'Run the gate',
      'Edit',
      'Live feed',
      'Hand over',
      'Retire',
    ]);
  });

  it('lets the owner edit an agent, recording what changed, and refuses anyone else', async () => {
    await registerAgent(app, {});
    const agent = agentNamed(app, 'Order entry');
    const details = await openDetails('Order entry', PEOPLE.owner);

    app.fake.clear();
    await clickOnView(app, details, AGENT_EDIT_ACTION_ID, PEOPLE.owner);
    const edit = await modalOpened(app, 'agent_edit');
    expect(fillView(edit, {})[AGENT_FORM_BLOCKS.target]?.value?.value).toBe('12500');
    const answer = await submitted(
      await app.submit(
        edit,
        fillView(edit, { 'Monthly dollar target': '15,000', 'Agent name': 'PO entry' }),
        PEOPLE.owner,
      ),
    );
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('changed the name, monthly target');
    expect(agentNamed(app, 'PO entry').monthlyTargetCents).toBe(1_500_000);
    const audit = auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id).at(-1);
    expect(audit).toMatchObject({
      actorId: PEOPLE.owner,
      action: 'edit',
      before: { name: 'Order entry', monthlyTargetCents: 1_250_000 },
      after: { name: 'PO entry', monthlyTargetCents: 1_500_000 },
    });

    // Someone else clicking Edit (a forwarded or stale view) is told who can, in a small modal.
    app.fake.clear();
    await clickOnView(app, details, AGENT_EDIT_ACTION_ID, PEOPLE.member);
    const refusal = await modalOpened(app, 'notice');
    expect(textOf(refusal)).toContain(`Only the owner of *PO entry*, <@${PEOPLE.owner}>`);
    const crafted = await submitted(
      await app.submit(edit, fillView(edit, { 'Agent name': 'Mine now' }), PEOPLE.member),
    );
    expect(textOf(crafted.view)).toMatch(/only the owner/i);
    expect(agentNamed(app, 'PO entry').name).toBe('PO entry');
  });

  it('hands an agent over, tells the new owner, and retires it with a reason', async () => {
    await nameRoles(app);
    await registerAgent(app, { Status: 'Proposed' });
    const agent = agentNamed(app, 'Order entry');

    app.fake.clear();
    const details = await openDetails('Order entry', PEOPLE.portfolioOwner);
    await clickOnView(app, details, AGENT_START_PILOT_ACTION_ID, PEOPLE.portfolioOwner);
    await app.fake.waitFor('views.update');
    expect(agentNamed(app, 'Order entry').status).toBe('pilot');

    app.fake.clear();
    await clickOnView(app, details, AGENT_HAND_OVER_ACTION_ID, PEOPLE.portfolioOwner);
    const handOver = await modalOpened(app, 'agent_hand_over');
    await submitted(
      await app.submit(
        handOver,
        fillView(handOver, { 'Who owns this agent now': PEOPLE.leader }),
        PEOPLE.portfolioOwner,
      ),
    );
    expect(agentNamed(app, 'Order entry').ownerId).toBe(PEOPLE.leader);
    await app.fake.waitFor('chat.postMessage');
    expect(dmsTo(app, PEOPLE.leader).at(-1)?.text).toContain('handed *Order entry* to you');

    app.fake.clear();
    await clickOnView(app, details, AGENT_RETIRE_ACTION_ID, PEOPLE.portfolioOwner);
    const retire = await modalOpened(app, 'agent_retire');
    const empty = await submitted(
      await app.submit(retire, fillView(retire, { 'Why is it retired': ' ' }), PEOPLE.portfolioOwner),
    );
    expect(empty.response_action).toBe('errors');
    await submitted(
      await app.submit(
        retire,
        fillView(retire, { 'Why is it retired': 'Replaced by the ERP module.' }),
        PEOPLE.portfolioOwner,
      ),
    );
    const retired = agentNamed(app, 'Order entry');
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt?.toISOString()).toBe('2026-11-24T15:00:00.000Z');
    const actions = auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id).map((row) => [
      row.action,
      row.actorId,
    ]);
    expect(actions).toEqual([
      ['register', PEOPLE.owner],
      ['status', PEOPLE.portfolioOwner],
      ['hand_over', PEOPLE.portfolioOwner],
      ['status', PEOPLE.portfolioOwner],
    ]);
    await app.fake.waitFor(
      'chat.postMessage',
      (c) => c.args.channel === PEOPLE.leader && String(c.args.text).includes('retired'),
    );
  });

  it('tells the portfolio owner when an owner is deactivated, once, and lets them hand each agent over', async () => {
    await nameRoles(app);
    await registerAgent(app, {});
    await registerAgent(app, { 'Agent name': 'Quote prep' });
    app.fake.setUser({ id: PEOPLE.owner, name: 'alice', deleted: true });

    app.fake.clear();
    const event = eventCallback(TEAM_ID, {
      type: 'user_change',
      user: { id: PEOPLE.owner, deleted: true },
      event_ts: '1.0',
    });
    expect((await app.slack.event(event)).status).toBe(200);
    await app.fake.waitFor('chat.postMessage');
    const [dm] = dmsTo(app, PEOPLE.portfolioOwner);
    expect(dm?.text).toContain(`<@${PEOPLE.owner}> left the workspace`);
    expect(textOf(dm)).toContain('*Order entry*, *Quote prep*');
    expect(buttonsOf(dm).map((b) => [b.text, b.value])).toEqual([
      ['Hand over', String(agentNamed(app, 'Order entry').id)],
      ['Hand over', String(agentNamed(app, 'Quote prep').id)],
    ]);
    expect(agentNamed(app, 'Order entry').ownerLeftAt?.toISOString()).toBe('2026-11-24T15:00:00.000Z');

    await app.slack.event(
      eventCallback(TEAM_ID, {
        type: 'user_change',
        user: { id: PEOPLE.owner, deleted: true },
        event_ts: '2.0',
      }),
    );
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.portfolioOwner }));
    await app.fake.waitFor('views.publish');
    expect(dmsTo(app, PEOPLE.portfolioOwner)).toHaveLength(1);
    const home = app.fake.homeView(PEOPLE.portfolioOwner);
    expect(blockText(home, 'home_needs_action')).toBe('*Needs your action*');
    expect(blockText(home, `home_todo_owner_${agentNamed(app, 'Quote prep').id}`)).toContain(
      '*Quote prep* has no owner',
    );

    app.fake.clear();
    await clickOnMessage(app, dm as NonNullable<typeof dm>, AGENT_HAND_OVER_ACTION_ID, PEOPLE.portfolioOwner);
    const handOver = await modalOpened(app, 'agent_hand_over');
    const gone = await submitted(
      await app.submit(
        handOver,
        fillView(handOver, { 'Who owns this agent now': PEOPLE.owner }),
        PEOPLE.portfolioOwner,
      ),
    );
    expect(gone.errors?.agent_new_owner).toMatch(/left the workspace/);
    await submitted(
      await app.submit(
        handOver,
        fillView(handOver, { 'Who owns this agent now': PEOPLE.leader }),
        PEOPLE.portfolioOwner,
      ),
    );
    expect(agentNamed(app, 'Order entry')).toMatchObject({ ownerId: PEOPLE.leader, ownerLeftAt: null });
    expect(agentNamed(app, 'Quote prep').ownerLeftAt).not.toBeNull();
  });

  it('opens the register modal from the Home tab and stays inside 100 blocks with 200 agents', async () => {
    ensureWorkspace(app.bot.db, TEAM_ID, app.clock.now());
    for (let i = 1; i <= 200; i++) {
      storeAgent(app.bot.db, new Date('2026-11-01T00:00:00Z'), {
        teamId: TEAM_ID,
        name: `Agent ${String(i).padStart(3, '0')}`,
        workflow: 'A workflow',
        category: i % 3 === 0 ? 'line' : 'office',
        systemOfRecord: 'ERP',
        systemName: null,
        metric: 'hours saved',
        monthlyTargetCents: 100_000,
        confidenceThreshold: 80,
        buildCostCents: null,
        ownerId: PEOPLE.owner,
        status: i % 2 === 0 ? 'pilot' : 'proposed',
        registeredBy: PEOPLE.owner,
        sourceViewId: `V${i}`,
      });
    }
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.owner }));
    await app.fake.waitFor('views.publish');
    const home = app.fake.homeView(PEOPLE.owner) as FakeView;
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(textOf(home)).toContain('100 pilot · 100 proposed');
    expect(textOf(home)).toContain('Showing 15 of 200 agents. `/maturity agents` lists every one.');

    const list = (await app.command('agents', PEOPLE.owner)).json() as { blocks: unknown[] };
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(textOf(list.blocks)).toContain('Showing 40 of 200 agents');

    app.fake.clear();
    await clickOnView(app, home, AGENT_REGISTER_ACTION_ID, PEOPLE.owner);
    await modalOpened(app, 'agent_register');
  });
});
