import { describe, expect, it } from 'vitest';
import { backlogReminders } from '../../src/rituals/backlog-reminders.js';
import { type CheckReport, runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS } from '../../src/rituals/index.js';
import { findAgentByName } from '../../src/store/agents.js';
import { auditTrail } from '../../src/store/audit.js';
import { CANDIDATE_ENTITY, getCandidate, listCandidates, remindersOf } from '../../src/store/backlog.js';
import { moveAgent } from '../../src/usecases/registry.js';
import {
  BACKLOG_ADD_ACTION_ID,
  BACKLOG_LIST_BLOCK_PREFIX,
  BACKLOG_MANAGE_ACTION_ID,
  type ManageAction,
  manageValue,
} from '../../src/views/backlog/ids.js';
import { TEAM_ID, type TestApp } from '../support/app.js';
import type { FakeMessage } from '../support/fake-slack.js';
import { type Answer, fillView, inputsOf, textOf } from '../support/read-view.js';
import { blockActionsPayload } from '../support/slack-request.js';
import {
  dmsTo,
  modalOpened,
  nameRoles,
  PEOPLE,
  registerAgent,
  submitted,
  withPeopleEachTest,
} from './registry-fixtures.js';

const START = '2026-11-24T15:00:00Z';
const DAY_MS = 24 * 60 * 60 * 1000;

const ORDER_ENTRY: Record<string, Answer> = {
  'Which process': 'Enter customer orders from email into the ERP',
  'Yearly dollars at stake': '120,000',
  'How feasible': '4 · Likely',
  'Which system of record': 'ERP',
};

interface Ephemeral {
  readonly text: string;
  readonly blocks: unknown[];
}

describe('/maturity backlog, end to end', () => {
  let app: TestApp;
  withPeopleEachTest(START, (started) => {
    app = started;
  });

  async function backlogAs(user: string): Promise<Ephemeral> {
    const res = await app.command('backlog', user);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    return res.json() as Ephemeral;
  }

  /** Clicks "Add a candidate" on the list and submits the modal with `answers`. */
  async function addCandidate(answers: Record<string, Answer>, user: string = PEOPLE.member) {
    const list = await backlogAs(user);
    app.fake.clear();
    await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user,
        actionId: BACKLOG_ADD_ACTION_ID,
        message: asMessage(list, user),
        channel: 'CGENERAL',
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    const view = await modalOpened(app, 'backlog_candidate_add');
    return { view, answer: await submitted(await app.submit(view, fillView(view, answers), user)) };
  }

  function asMessage(list: Ephemeral, user: string): FakeMessage {
    return {
      channel: 'CGENERAL',
      ts: '1700000000.000100',
      text: list.text,
      blocks: list.blocks,
      user: 'UBOT',
      bot_id: 'BBOT',
      ephemeral_to: user,
    };
  }

  /** Picks `action` in the menu of candidate `id` on the list `user` sees. */
  async function manage(user: string, action: ManageAction, id: number, list?: Ephemeral) {
    const shown = list ?? (await backlogAs(user));
    app.fake.clear();
    const res = await app.slack.interaction(
      blockActionsPayload({
        team: TEAM_ID,
        user,
        actionId: BACKLOG_MANAGE_ACTION_ID,
        blockId: `${BACKLOG_LIST_BLOCK_PREFIX}${id}`,
        selectedOption: { value: manageValue(action, id) },
        message: asMessage(shown, user),
        channel: 'CGENERAL',
        triggerId: app.fake.issueTriggerId(),
      }),
    );
    expect(res.status).toBe(200);
  }

  const onlyCandidate = () => {
    const [candidate] = listCandidates(app.bot.db, TEAM_ID);
    if (!candidate) throw new Error('no candidate stored');
    return candidate;
  };

  it('lets anyone add a candidate through a modal that says what each feasibility score means', async () => {
    const empty = await backlogAs(PEOPLE.member);
    expect(textOf(empty.blocks)).toContain('No candidates yet');
    const { view, answer } = await addCandidate(ORDER_ENTRY);

    const inputs = inputsOf(view);
    expect(inputs.map((i) => i.label)).toEqual([
      'Which process could an agent take over?',
      'Yearly dollars at stake',
      'How feasible is it, from 1 to 5?',
      'Which system of record holds its data?',
      'Name of the system',
    ]);
    expect(inputs[2]?.options?.map((o) => o.text)).toEqual([
      '1 · Long shot',
      '2 · Hard',
      '3 · Possible',
      '4 · Likely',
      '5 · Ready',
    ]);
    expect(textOf(view)).toContain('the data is clean');

    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain('ranks *1 of 1*');
    const stored = onlyCandidate();
    expect(stored).toMatchObject({
      process: 'Enter customer orders from email into the ERP',
      yearlyDollarsCents: 12_000_000,
      feasibility: 4,
      systemOfRecord: 'ERP',
      status: 'open',
      proposedBy: PEOPLE.member,
    });
    expect(auditTrail(app.bot.db, TEAM_ID, CANDIDATE_ENTITY, stored.id).map((a) => a.action)).toEqual([
      'add',
    ]);

    const list = await backlogAs(PEOPLE.member);
    expect(textOf(list.blocks)).toContain('$120,000 a year × feasibility 4 (Likely) = *$96,000 expected*');
  });

  it("keeps a process typed as mrkdwn out of the list's fallback text", async () => {
    await addCandidate({ ...ORDER_ENTRY, 'Which process': '<!channel> *urgent* orders' });
    expect((await backlogAs(PEOPLE.member)).text).toBe(
      'Backlog: 1 candidate. Top: &lt;!channel&gt; ∗urgent∗ orders.',
    );
  });

  it('answers a bad form with errors beside the fields, and stores a retried submission once', async () => {
    const { view, answer } = await addCandidate({
      'Which process': 'Quote prep',
      'Yearly dollars at stake': 'lots',
    });
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors ?? {}).sort()).toEqual([
      'candidate_dollars',
      'candidate_feasibility',
      'candidate_system',
    ]);
    expect(listCandidates(app.bot.db, TEAM_ID)).toHaveLength(0);

    const values = fillView(view, ORDER_ENTRY);
    await app.submit(view, values, PEOPLE.member);
    const retry = await submitted(
      await app.submit(view, values, PEOPLE.member, { retryNum: 1, retryReason: 'http_timeout' }),
    );
    expect(retry.response_action).toBe('update');
    expect(listCandidates(app.bot.db, TEAM_ID)).toHaveLength(1);
  });

  it('ranks by dollars × feasibility, the older idea first on a tie', async () => {
    await addCandidate({
      ...ORDER_ENTRY,
      'Which process': 'Invoice matching',
      'Yearly dollars at stake': '100k',
      'How feasible': '5 · Ready',
    });
    app.clock.advance(60_000);
    await addCandidate({
      ...ORDER_ENTRY,
      'Which process': 'Quote prep',
      'Yearly dollars at stake': '250,000',
      'How feasible': '2 · Hard',
    });
    app.clock.advance(60_000);
    await addCandidate({
      ...ORDER_ENTRY,
      'Which process': 'Order entry',
      'Yearly dollars at stake': '300,000',
      'How feasible': '5 · Ready',
    });
    const shown = textOf((await backlogAs(PEOPLE.member)).blocks);
    const order = ['Order entry', 'Invoice matching', 'Quote prep'].map((name) =>
      shown.indexOf(`. ${name}*`),
    );
    // $300k; then $100k × 5 and $250k × 2 both expect $100k, and invoice matching was added first.
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('lets only the portfolio owner edit, commit and reject; others are told who can, and nothing changes', async () => {
    await nameRoles(app);
    await addCandidate(ORDER_ENTRY);
    const candidate = onlyCandidate();

    const memberList = await backlogAs(PEOPLE.member);
    expect(JSON.stringify(memberList.blocks)).not.toContain(BACKLOG_MANAGE_ACTION_ID);
    expect(textOf(memberList.blocks)).toContain('The portfolio owner edits, commits and rejects');

    // A member replays the menu from the portfolio owner's list: refused in the channel, politely.
    const ownerList = await backlogAs(PEOPLE.portfolioOwner);
    for (const user of [PEOPLE.member, PEOPLE.admin]) {
      await manage(user, 'commit', candidate.id, ownerList);
      const refusal = await app.fake.waitFor('chat.postEphemeral');
      expect(refusal.args.user).toBe(user);
      expect(String(refusal.args.text)).toContain(`Only the portfolio owner, <@${PEOPLE.portfolioOwner}>`);
      expect(app.fake.callsTo('views.open')).toHaveLength(0);
    }
    expect(getCandidate(app.bot.db, TEAM_ID, candidate.id)?.status).toBe('open');
  });

  it('checks the role again on submission: a portfolio owner replaced while the modal was open changes nothing', async () => {
    await nameRoles(app);
    await addCandidate(ORDER_ENTRY);
    const candidate = onlyCandidate();
    await manage(PEOPLE.portfolioOwner, 'commit', candidate.id);
    const modal = await modalOpened(app, 'backlog_candidate_commit');
    await nameRoles(app, { portfolioOwner: PEOPLE.leader });
    const answer = await submitted(
      await app.submit(modal, fillView(modal, { 'Who will ship it': PEOPLE.owner }), PEOPLE.portfolioOwner),
    );
    expect(answer.response_action).toBe('update');
    expect(textOf(answer.view)).toContain(`Only the portfolio owner, <@${PEOPLE.leader}>`);
    expect(getCandidate(app.bot.db, TEAM_ID, candidate.id)?.status).toBe('open');
  });

  it('lets a workspace admin stand in while no portfolio owner is named', async () => {
    await addCandidate(ORDER_ENTRY);
    const candidate = onlyCandidate();
    await manage(PEOPLE.member, 'reject', candidate.id, await backlogAs(PEOPLE.admin));
    expect(String((await app.fake.waitFor('chat.postEphemeral')).args.text)).toContain('none is named yet');
    await manage(PEOPLE.admin, 'reject', candidate.id);
    await modalOpened(app, 'backlog_candidate_reject');
  });

  it('edits with an audit row of only what changed, and rejects with a reason that stays in the history', async () => {
    await nameRoles(app);
    await addCandidate(ORDER_ENTRY);
    const candidate = onlyCandidate();

    await manage(PEOPLE.portfolioOwner, 'edit', candidate.id);
    const edit = await modalOpened(app, 'backlog_candidate_edit');
    expect(fillView(edit, {}).candidate_dollars?.value?.value).toBe('120000');
    const edited = await submitted(
      await app.submit(edit, fillView(edit, { 'Yearly dollars at stake': '150k' }), PEOPLE.portfolioOwner),
    );
    expect(textOf(edited.view)).toContain('$150,000 a year');
    const editRow = auditTrail(app.bot.db, TEAM_ID, CANDIDATE_ENTITY, candidate.id).at(-1);
    expect(editRow).toMatchObject({
      action: 'edit',
      actorId: PEOPLE.portfolioOwner,
      before: { yearlyDollarsCents: 12_000_000 },
      after: { yearlyDollarsCents: 15_000_000 },
    });

    await manage(PEOPLE.portfolioOwner, 'reject', candidate.id);
    const reject = await modalOpened(app, 'backlog_candidate_reject');
    const blank = await submitted(await app.submit(reject, fillView(reject, {}), PEOPLE.portfolioOwner));
    expect(blank.errors).toEqual({ candidate_reject_reason: 'Give a reason.' });
    await app.submit(
      reject,
      fillView(reject, { 'Why is it rejected': 'The ERP vendor ships this next year.' }),
      PEOPLE.portfolioOwner,
    );
    expect(getCandidate(app.bot.db, TEAM_ID, candidate.id)).toMatchObject({
      status: 'rejected',
      rejectReason: 'The ERP vendor ships this next year.',
    });
    const shown = textOf((await backlogAs(PEOPLE.member)).blocks);
    expect(shown).toContain('No candidates yet');
    expect(shown).toContain('Rejected: 1');
    expect(shown).toContain('The ERP vendor ships this next year.');
  });

  describe('committing one, and the 90-day clock', () => {
    const checks = (at: number): Promise<CheckReport> => {
      app.clock.set(new Date(Date.parse(START) + at));
      return runDueChecks(app.bot.ritualDeps, [backlogReminders], app.clock.now());
    };

    async function commit(shipOwner: string = PEOPLE.owner) {
      await nameRoles(app);
      await addCandidate(ORDER_ENTRY, PEOPLE.member);
      const candidate = onlyCandidate();
      await manage(PEOPLE.portfolioOwner, 'commit', candidate.id);
      const modal = await modalOpened(app, 'backlog_candidate_commit');
      expect(textOf(modal)).toContain('by *Feb 22, 2027*');
      const answer = await submitted(
        await app.submit(modal, fillView(modal, { 'Who will ship it': shipOwner }), PEOPLE.portfolioOwner),
      );
      expect(textOf(answer.view)).toContain('the clock has started');
      return candidate.id;
    }

    it('sets a ship-by date 90 days out, with reminders at 30 and 60 days and the portfolio owner told at 90', async () => {
      // The heartbeat and `maturity rituals run` run every check in CHECKS.
      expect(CHECKS).toContain(backlogReminders);
      const id = await commit();
      expect(getCandidate(app.bot.db, TEAM_ID, id)).toMatchObject({
        status: 'committed',
        shipOwnerId: PEOPLE.owner,
        committedBy: PEOPLE.portfolioOwner,
        shipBy: new Date(Date.parse(START) + 90 * DAY_MS),
      });
      expect(remindersOf(app.bot.db, TEAM_ID, id).map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
        ['day30', '2026-12-24T15:00:00.000Z'],
        ['day60', '2027-01-23T15:00:00.000Z'],
        ['day90', '2027-02-22T15:00:00.000Z'],
      ]);
      expect(textOf((await backlogAs(PEOPLE.member)).blocks)).toContain(
        `Committed: <@${PEOPLE.owner}> ships it by Feb 22, 2027`,
      );

      expect((await checks(30 * DAY_MS - 60_000)).sent).toEqual([]);
      expect((await checks(30 * DAY_MS)).sent).toEqual([
        { teamId: TEAM_ID, check: 'backlog-reminders', key: `${id}:day30` },
      ]);
      const [first] = dmsTo(app, PEOPLE.owner);
      expect(first?.text).toContain('has to pass its production gate by Feb 22, 2027 (60 days left)');
      expect(textOf(first)).toContain('No agent is linked to it yet');
      // The next heartbeat, or a second process, sends nothing again.
      expect((await checks(30 * DAY_MS + 60_000)).sent).toEqual([]);
      expect(dmsTo(app, PEOPLE.owner)).toHaveLength(1);

      await checks(60 * DAY_MS);
      expect(dmsTo(app, PEOPLE.owner).at(-1)?.text).toContain('(30 days left)');
      await checks(90 * DAY_MS);
      const escalation = dmsTo(app, PEOPLE.portfolioOwner).at(-1);
      expect(escalation?.text).toContain('was due to pass its production gate by Feb 22, 2027 and has not');
      expect(textOf(escalation)).toContain(`<@${PEOPLE.owner}> owns it`);
      expect(remindersOf(app.bot.db, TEAM_ID, id).map((r) => [r.kind, r.state, r.recipientId])).toEqual([
        ['day30', 'sent', PEOPLE.owner],
        ['day60', 'sent', PEOPLE.owner],
        ['day90', 'sent', PEOPLE.portfolioOwner],
      ]);
    });

    it('after downtime sends only the reminder that is still true', async () => {
      const id = await commit();
      await checks(61 * DAY_MS);
      expect(dmsTo(app, PEOPLE.owner)).toHaveLength(1);
      expect(dmsTo(app, PEOPLE.owner)[0]?.text).toContain('(29 days left)');
      expect(remindersOf(app.bot.db, TEAM_ID, id).map((r) => [r.kind, r.state, r.skipReason])).toEqual([
        ['day30', 'skipped', 'superseded'],
        ['day60', 'sent', null],
        ['day90', 'pending', null],
      ]);
    });

    it('keeps a reminder Slack refuses for good as failed, with the reason, and never sends it again', async () => {
      const id = await commit();
      app.fake.failNext('chat.postMessage', { error: 'cannot_dm_bot' });
      expect((await checks(30 * DAY_MS)).sent).toEqual([]);
      expect((await checks(30 * DAY_MS + 60_000)).sent).toEqual([]);
      expect(dmsTo(app, PEOPLE.owner)).toHaveLength(0);
      expect(remindersOf(app.bot.db, TEAM_ID, id).map((r) => [r.kind, r.state, r.skipReason])).toEqual([
        ['day30', 'failed', 'cannot_dm_bot'],
        ['day60', 'pending', null],
        ['day90', 'pending', null],
      ]);
      // The next one is its own send, due on its own day.
      await checks(60 * DAY_MS);
      expect(dmsTo(app, PEOPLE.owner)).toHaveLength(1);
    });

    it('links the registered agent; once it passes the gate the commitment has shipped and the clock stops', async () => {
      const id = await commit();
      await registerAgent(app, { 'Agent name': 'Order entry bot' });
      const agent = findAgentByName(app.bot.db, TEAM_ID, 'Order entry bot');
      expect(agent).toBeDefined();

      await manage(PEOPLE.portfolioOwner, 'link', id);
      const modal = await modalOpened(app, 'backlog_candidate_link');
      expect(inputsOf(modal)[0]?.options?.map((o) => o.text)).toEqual(['Order entry bot']);
      const linked = await submitted(
        await app.submit(
          modal,
          fillView(modal, { 'Which registered agent': 'Order entry bot' }),
          PEOPLE.portfolioOwner,
        ),
      );
      expect(textOf(linked.view)).toContain(
        'When its agent passes the production gate, the commitment is met',
      );
      expect(getCandidate(app.bot.db, TEAM_ID, id)?.agent?.name).toBe('Order entry bot');

      await checks(30 * DAY_MS);
      expect(textOf(dmsTo(app, PEOPLE.owner).at(-1))).toContain('Its agent *Order entry bot* is registered');

      // The gate itself is the registry's flow, tested there; here only its result matters.
      app.clock.set(new Date(Date.parse(START) + 40 * DAY_MS));
      moveAgent(app.bot.db, app.clock.now(), {
        teamId: TEAM_ID,
        agentId: agent?.id ?? 0,
        actorId: PEOPLE.leader,
        to: 'production',
        cause: 'gate',
      });
      await checks(60 * DAY_MS);
      await checks(90 * DAY_MS);
      expect(getCandidate(app.bot.db, TEAM_ID, id)).toMatchObject({
        status: 'shipped',
        shippedAt: new Date(Date.parse(START) + 40 * DAY_MS),
      });
      expect(dmsTo(app, PEOPLE.owner)).toHaveLength(1);
      expect(dmsTo(app, PEOPLE.portfolioOwner)).toHaveLength(0);
      expect(remindersOf(app.bot.db, TEAM_ID, id).map((r) => [r.kind, r.state, r.skipReason])).toEqual([
        ['day30', 'sent', null],
        ['day60', 'skipped', 'shipped'],
        ['day90', 'skipped', 'shipped'],
      ]);
      expect(auditTrail(app.bot.db, TEAM_ID, CANDIDATE_ENTITY, id).map((a) => a.action)).toEqual([
        'add',
        'commit',
        'link_agent',
        'ship',
      ]);
    });
  });
});
