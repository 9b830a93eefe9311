import { describe, expect, it } from 'vitest';
import type { Agent } from '../../src/domain/agents.js';
import { GATE_BARS } from '../../src/domain/gate.js';
import { QUESTIONS } from '../../src/domain/placement.js';
import { findAgentByName } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { placementEvidence } from '../../src/store/evidence.js';
import { reviewsForAgent } from '../../src/store/gate-reviews.js';
import { recentPlacements } from '../../src/store/placements.js';
import { AGENT_DETAILS_ACTION_ID } from '../../src/views/agents/ids.js';
import {
  barBlockId,
  evidenceBlockId,
  GATE_CONFIRM_ACTION_ID,
  GATE_DECISION_BLOCK_ID,
  GATE_OPEN_ACTION_ID,
  GATE_PICK_ACTION_ID,
  GATE_REVIEW_OPEN_ACTION_ID,
  GATE_SEND_BACK_ACTION_ID,
} from '../../src/views/gate/ids.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage, FakeView } from '../support/fake-slack.js';
import { blockText, buttonsOf, fillView, inputsOf, textOf } from '../support/read-view.js';
import { appHomeOpenedEvent, eventCallback } from '../support/slack-request.js';
import {
  allMet,
  clickOnMessage,
  clickOnView,
  dmsTo,
  fileGate,
  modalOpened,
  nameRoles,
  PEOPLE,
  registerAgent,
  submitted,
  withPeopleEachTest,
} from './registry-fixtures.js';

const [REAL_DATA, WRITES_BACK, , , MONITORING] = GATE_BARS;

describe('the production gate, end to end', () => {
  let app: TestApp;
  withPeopleEachTest('2026-11-24T15:00:00Z', (started) => {
    app = started;
  });

  const orderEntry = (): Agent => {
    const agent = findAgentByName(app.bot.db, TEAM_ID, 'Order entry');
    expect(agent).toBeDefined();
    return agent as Agent;
  };

  /** Roles named, one office agent in pilot owned by Alice, and her claim that all five bars hold. */
  async function pendingClaim(): Promise<{ toCarol: FakeMessage; toBob: FakeMessage }> {
    await nameRoles(app);
    await registerAgent(app, {});
    const answer = await fileGate(app, 'order entry', allMet());
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain(`<@${PEOPLE.portfolioOwner}>, <@${PEOPLE.leader}> can confirm it`);
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.leader);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);
    const [toCarol] = dmsTo(app, PEOPLE.portfolioOwner);
    const [toBob] = dmsTo(app, PEOPLE.leader);
    expect(toCarol && toBob).toBeTruthy();
    return { toCarol: toCarol as FakeMessage, toBob: toBob as FakeMessage };
  }

  it('shows the five bars, each a met/not met choice with an evidence field', async () => {
    await registerAgent(app, {});
    app.fake.clear();
    await app.command('gate Order entry', PEOPLE.owner);
    const view = await modalOpened(app, 'gate_claim');
    const inputs = inputsOf(view);
    expect(inputs).toHaveLength(10);
    GATE_BARS.forEach((bar, i) => {
      expect(inputs[2 * i]).toMatchObject({
        blockId: barBlockId(bar.id),
        label: `${i + 1}. ${bar.question}`,
        optional: false,
      });
      expect(inputs[2 * i]?.options?.map((o) => o.text)).toEqual(['Met', 'Not met']);
      expect(inputs[2 * i + 1]).toMatchObject({
        blockId: evidenceBlockId(bar.id),
        label: `Evidence: ${bar.title}`,
      });
    });
  });

  it('answers an unknown name with the closest names, and refuses who may not file or what is not ready', async () => {
    await registerAgent(app, {});
    await registerAgent(app, { 'Agent name': 'Quote prep', Status: 'Proposed' });
    app.fake.clear();
    const unknown = (await app.command('gate order entyr', PEOPLE.owner)).json() as {
      response_type: string;
      text: string;
    };
    expect(unknown.response_type).toBe('ephemeral');
    expect(unknown.text).toBe(
      'No agent is called "order entyr". The closest names: *Order entry*, *Quote prep*.',
    );

    const notOwner = (await app.command('gate Order entry', PEOPLE.member)).json() as { text: string };
    expect(notOwner.text).toContain(`Only the owner of *Order entry*, <@${PEOPLE.owner}>`);
    const proposed = (await app.command('gate Quote prep', PEOPLE.owner)).json() as { text: string };
    expect(proposed.text).toMatch(/still proposed\. Start its pilot first/);
    const bare = (await app.command('gate', PEOPLE.owner)).json() as { text: string };
    expect(bare.text).toContain('Agents in pilot: *Order entry*');
    expect(app.fake.callsTo('views.open').filter((c) => c.ok)).toHaveLength(0);
  });

  it('asks for evidence on a bar claimed as met, inline, and files nothing', async () => {
    await registerAgent(app, {});
    const answer = await fileGate(app, 'Order entry', {
      ...allMet(),
      [`Evidence: ${MONITORING?.title}`]: '  ',
    });
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors ?? {})).toEqual([evidenceBlockId('monitoring')]);
    expect(reviewsForAgent(app.bot.db, TEAM_ID, orderEntry().id)).toHaveLength(0);
  });

  it('fails a claim with a bar not met at once, says which bars and why, and keeps it', async () => {
    await nameRoles(app);
    await registerAgent(app, {});
    const answer = await fileGate(app, 'Order entry', {
      ...allMet(),
      [REAL_DATA?.question ?? '']: 'Not met',
      [`Evidence: ${REAL_DATA?.title}`]: 'Only tested on last year’s curated orders.',
      [WRITES_BACK?.question ?? '']: 'Not met',
    });
    expect(answer.response_action).toBe('update');
    const shown = textOf(answer.view);
    expect(shown).toContain('does not pass the gate: 2 of 5 bars are not met');
    expect(shown).toContain(
      `*${REAL_DATA?.title}:* Marked as not met. Your note: "Only tested on last year’s curated orders."`,
    );
    expect(shown).toContain(`*${WRITES_BACK?.title}:* Marked as not met.`);
    const [review] = reviewsForAgent(app.bot.db, TEAM_ID, orderEntry().id);
    expect(review).toMatchObject({ state: 'failed', claimantId: PEOPLE.owner, reviewerId: null });
    expect(review?.claims).toHaveLength(5);
    expect(orderEntry().status).toBe('pilot');
    expect(dmsTo(app, PEOPLE.portfolioOwner)).toHaveLength(0);
  });

  it('sends a full claim to the portfolio owner and leaders, and a confirmation moves the agent to production once', async () => {
    const { toCarol, toBob } = await pendingClaim();
    // Bob's copy as his Slack client showed it before the decision updated it.
    const bobsStaleCopy = structuredClone(toBob);
    const agent = orderEntry();
    const [review] = reviewsForAgent(app.bot.db, TEAM_ID, agent.id);
    expect(review).toMatchObject({ state: 'pending', claimantId: PEOPLE.owner });
    expect(review?.claims.every((c) => c.pass && c.evidence.startsWith('Checked'))).toBe(true);
    expect(dmsTo(app, PEOPLE.owner)).toHaveLength(0);
    expect(textOf(toCarol)).toContain(`<@${PEOPLE.owner}> claims *Order entry* clears all five bars`);
    expect(textOf(toCarol)).toContain('"Checked: monitoring shows drift before a customer does."');
    expect(buttonsOf(toCarol).map((b) => b.text)).toEqual(['Confirm', 'Send back']);

    app.fake.clear();
    await clickOnMessage(app, toCarol, GATE_CONFIRM_ACTION_ID, PEOPLE.portfolioOwner);
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.owner);
    expect(orderEntry()).toMatchObject({ status: 'production' });
    expect(orderEntry().gatePassedAt?.toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(reviewsForAgent(app.bot.db, TEAM_ID, agent.id)[0]).toMatchObject({
      state: 'passed',
      reviewerId: PEOPLE.portfolioOwner,
    });
    expect(app.events('gate.decided')).toEqual([
      expect.objectContaining({
        teamId: TEAM_ID,
        agentId: agent.id,
        decision: 'passed',
        reviewerId: PEOPLE.portfolioOwner,
      }),
    ]);
    expect(dmsTo(app, PEOPLE.owner).at(-1)?.text).toContain('*Order entry* passed the production gate');
    // Both reviewers' copies now say who confirmed it, and lose their buttons.
    for (const user of [PEOPLE.portfolioOwner, PEOPLE.leader]) {
      const copy = dmsTo(app, user)[0];
      expect(buttonsOf(copy)).toEqual([]);
      expect(blockText(copy, GATE_DECISION_BLOCK_ID)).toContain(`Confirmed by <@${PEOPLE.portfolioOwner}>`);
    }
    const actions = auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id).map((r) => r.action);
    expect(actions).toEqual(['register', 'gate_claim', 'gate_decision', 'status']);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.owner);

    // Bob clicks his (old) Confirm too: nothing changes, and he is told so.
    app.fake.clear();
    await clickOnMessage(app, bobsStaleCopy, GATE_CONFIRM_ACTION_ID, PEOPLE.leader);
    const told = await app.fake.waitFor('chat.postEphemeral');
    expect(told.args).toMatchObject({ user: PEOPLE.leader, channel: toBob.channel });
    expect(String(told.args.text)).toContain(`already confirmed by <@${PEOPLE.portfolioOwner}>`);
    expect(String(told.args.text)).toContain('Nothing changed.');
    expect(auditTrail(app.bot.db, TEAM_ID, 'agent', agent.id)).toHaveLength(4);
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('does not let the owner confirm their own claim, nor anyone outside the portfolio owner and leaders', async () => {
    const { toCarol } = await pendingClaim();
    for (const [user, why] of [
      [PEOPLE.owner, 'You filed this gate review, so someone else has to confirm it.'],
      [PEOPLE.member, 'Only the portfolio owner or a leader can confirm a gate review.'],
    ] as const) {
      app.fake.clear();
      await clickOnMessage(app, toCarol, GATE_CONFIRM_ACTION_ID, user);
      const told = await app.fake.waitFor('chat.postEphemeral');
      expect(told.args.user).toBe(user);
      expect(String(told.args.text)).toContain(why);
    }
    expect(orderEntry().status).toBe('pilot');
    expect(reviewsForAgent(app.bot.db, TEAM_ID, orderEntry().id)[0]?.state).toBe('pending');
  });

  it('sends a claim back with a reason: the owner is told, and the agent stays in pilot', async () => {
    const { toBob } = await pendingClaim();
    app.fake.clear();
    await clickOnMessage(app, toBob, GATE_SEND_BACK_ACTION_ID, PEOPLE.leader);
    const modal = await modalOpened(app, 'gate_send_back');
    const empty = await submitted(
      await app.submit(modal, fillView(modal, { 'What has to change': '' }), PEOPLE.leader),
    );
    expect(empty.response_action).toBe('errors');
    const answer = await submitted(
      await app.submit(
        modal,
        fillView(modal, { 'What has to change': 'Show a month of drift alerts, not a plan.' }),
        PEOPLE.leader,
      ),
    );
    expect(textOf(answer.view)).toContain(`went back to <@${PEOPLE.owner}>`);
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.owner);
    expect(dmsTo(app, PEOPLE.owner).at(-1)?.text).toContain(
      `<@${PEOPLE.leader}> sent the gate claim for *Order entry* back: "Show a month of drift alerts, not a plan."`,
    );
    expect(reviewsForAgent(app.bot.db, TEAM_ID, orderEntry().id)[0]).toMatchObject({
      state: 'sent_back',
      reviewerId: PEOPLE.leader,
      reviewReason: 'Show a month of drift alerts, not a plan.',
    });
    expect(orderEntry().status).toBe('pilot');
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);

    // A new claim can be filed after a send-back.
    expect((await fileGate(app, 'Order entry', allMet())).response_action).toBe('update');
    expect(reviewsForAgent(app.bot.db, TEAM_ID, orderEntry().id).map((r) => r.state)).toEqual([
      'pending',
      'sent_back',
    ]);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);
  });

  it('says plainly why nobody can confirm a claim the portfolio owner filed for the only leader', async () => {
    await nameRoles(app);
    await registerAgent(app, { 'Named owner': PEOPLE.leader });
    const answer = await fileGate(app, 'order entry', allMet(), PEOPLE.portfolioOwner);
    const sent = textOf(answer.view);
    expect(sent).toContain('Nobody can confirm it yet');
    expect(sent).toContain('neither owns the agent nor filed the claim');
    expect(dmsTo(app, PEOPLE.leader).filter((m) => m.text.includes('Gate review'))).toEqual([]);
  });

  it('shows the reviewer the evidence of every bar in full, however long each note is', async () => {
    await nameRoles(app);
    await registerAgent(app, {});
    const longNotes = Object.fromEntries(
      GATE_BARS.map((bar, i) => [
        `Evidence: ${bar.title}`,
        `${'Checked on the real order log. '.repeat(30)}Bar ${i + 1} end.`,
      ]),
    );
    await fileGate(app, 'order entry', { ...allMet(), ...longNotes });
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.leader);
    const [toBob] = dmsTo(app, PEOPLE.leader);
    for (const i of [1, 2, 3, 4, 5]) expect(textOf(toBob)).toContain(`Bar ${i} end.`);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);
  });

  it('counts members of the leadership user group as leaders who can confirm', async () => {
    app.fake.setUserGroup('S0LEADS', [PEOPLE.member]);
    await nameRoles(app, { portfolioOwner: PEOPLE.portfolioOwner, leaders: [], group: 'S0LEADS' });
    await registerAgent(app, {});
    await fileGate(app, 'Order entry', allMet());
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.member);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.member);
    const [toDave] = dmsTo(app, PEOPLE.member);
    app.fake.clear();
    await clickOnMessage(app, toDave as FakeMessage, GATE_CONFIRM_ACTION_ID, PEOPLE.member);
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.owner);
    expect(orderEntry().status).toBe('production');
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.member);
  });

  it('puts a claim to confirm on the Home tab, where it can be reviewed and confirmed', async () => {
    await pendingClaim();
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.portfolioOwner }));
    await app.fake.waitFor('views.publish');
    const home = app.fake.homeView(PEOPLE.portfolioOwner) as FakeView;
    expect(textOf(home)).toContain('Confirm or send back the gate for *Order entry*');
    expect(textOf(home)).toContain('gate claim waiting for confirmation');

    app.fake.clear();
    await clickOnView(app, home, GATE_REVIEW_OPEN_ACTION_ID, PEOPLE.portfolioOwner);
    const review = await modalOpened(app, 'gate_review');
    app.fake.clear();
    await clickOnView(app, review, GATE_CONFIRM_ACTION_ID, PEOPLE.portfolioOwner);
    const updated = await app.fake.waitFor('views.update');
    expect(textOf(updated.args.view)).toContain(`Confirmed by <@${PEOPLE.portfolioOwner}>`);
    expect(orderEntry().status).toBe('production');
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.owner);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.portfolioOwner);
    expect(textOf(app.fake.homeView(PEOPLE.owner))).toContain('gate passed Nov 24, 2026');
  });

  it('runs the gate from the Home tab and from the agent details', async () => {
    await registerAgent(app, {});
    const home = app.fake.homeView(PEOPLE.owner) as FakeView;
    app.fake.clear();
    await clickOnView(app, home, GATE_PICK_ACTION_ID, PEOPLE.owner);
    const picker = await modalOpened(app, 'gate_pick');
    const next = await submitted(
      await app.submit(picker, fillView(picker, { 'Which agent': 'Order entry' }), PEOPLE.owner),
    );
    expect(next.response_action).toBe('update');
    expect(inputsOf(next.view)).toHaveLength(10);

    app.fake.clear();
    await clickOnView(app, home, GATE_PICK_ACTION_ID, PEOPLE.member);
    expect(textOf(await modalOpened(app, 'notice'))).toMatch(/none of your agents is ready for the gate/i);

    app.fake.clear();
    await clickOnView(app, home, AGENT_DETAILS_ACTION_ID, PEOPLE.owner);
    const details = await modalOpened(app, 'agent_details');
    app.fake.clear();
    await clickOnView(app, details, GATE_OPEN_ACTION_ID, PEOPLE.owner);
    const pushed = await app.fake.waitFor('views.push');
    expect((pushed.args.view as { callback_id: string }).callback_id).toBe('gate_claim');
  });

  it('lets the records keep placement honest once an agent passed its gate', async () => {
    const { toCarol } = await pendingClaim();
    await clickOnMessage(app, toCarol, GATE_CONFIRM_ACTION_ID, PEOPLE.portfolioOwner);
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.owner);
    app.fake.clear();
    await app.command('', PEOPLE.owner);
    const view = await modalOpened(app, 'placement');
    const allYes = Object.fromEntries(
      QUESTIONS.map((q) => [q.text, q.id === 'fundsLineLevelFirst' ? 'No' : 'Yes']),
    );
    const answer = await submitted(await app.submit(view, fillView(view, allYes), PEOPLE.owner));
    expect(textOf(answer.view)).toContain('Stage 2 · First Agent');
    const [placement] = recentPlacements(app.bot.db, TEAM_ID, 1);
    expect(placement).toMatchObject({ selfReported: 4, evidenceBased: 2, final: 2 });
    expect(placement?.evidence).toMatchObject({ productionAgents: 1, officeSideInProduction: true });
    expect(placement?.overrides.map((o) => o.question)).toEqual([
      'threeOrMoreAgents',
      'shipsInWeeks',
      'everyAgentReports',
    ]);
    await app.fake.waitFor('views.publish');

    // Once its owner leaves, the agent has no named owner: the records no longer count it.
    app.fake.clear();
    await app.slack.event(
      eventCallback(TEAM_ID, {
        type: 'user_change',
        user: { id: PEOPLE.owner, deleted: true },
        event_ts: '1.0',
      }),
    );
    await app.fake.waitFor('chat.postMessage', (c) => c.args.channel === PEOPLE.portfolioOwner);
    expect(placementEvidence(app.bot.db, TEAM_ID)).toMatchObject({
      productionAgents: 0,
      officeSideInProduction: true,
    });
    // The result says why the agent no longer counts, not that none ever passed.
    app.fake.clear();
    await app.command('', PEOPLE.leader);
    const again = await modalOpened(app, 'placement');
    const after = await submitted(await app.submit(again, fillView(again, allYes), PEOPLE.leader));
    const overrides = blockText(after.view, 'result_overrides');
    expect(overrides).toContain('The one agent that passed the production gate has no named owner');
    expect(overrides).not.toContain('no agent that passed');
    await app.fake.waitFor('views.publish');
  });
});
