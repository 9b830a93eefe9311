import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GATE_BARS } from '../../src/domain/gate.js';
import { QUESTIONS } from '../../src/domain/placement.js';
import { runDueChecks } from '../../src/rituals/checks.js';
import { CHECKS, RITUALS } from '../../src/rituals/index.js';
import { PacedSlack, Pacer } from '../../src/rituals/pacing.js';
import { runDueRituals } from '../../src/rituals/runner.js';
import { findAgentByName } from '../../src/store/agents.js';
import { AGENT_DETAILS_ACTION_ID } from '../../src/views/agents/ids.js';
import { GATE_SEND_BACK_ACTION_ID } from '../../src/views/gate/ids.js';
import { escapeMrkdwn } from '../../src/views/mrkdwn.js';
import { BOT_TOKEN, startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { HOSTILE_NAME, HOSTILE_NAME_2, HOSTILE_TEXT, unescapedUserText } from '../support/hostile.js';
import { type Answer, fillView } from '../support/read-view.js';
import { appHomeOpenedEvent, eventCallback } from '../support/slack-request.js';
import {
  addPeople,
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
} from './registry-fixtures.js';
import {
  AT,
  LEADERS,
  PORTFOLIO_OWNER,
  seedAgent as seedVoteAgent,
  seedWorkspace as seedVoteWorkspace,
  ZONE,
} from './votes-fixture.js';

vi.mock('../../src/charts/render.js', async () =>
  (await import('../support/charts.js')).chartsOnThisThread(),
);

describe('user text in mrkdwn, end to end', () => {
  let app: TestApp;
  /** What the app answered requests with (acks, modal updates): Slack shows these too. */
  const answers: unknown[] = [];
  const keep = (answer: unknown) => {
    answers.push(answer);
  };

  beforeEach(async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    addPeople(app);
    answers.length = 0;
  });
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  it('never lets an agent name, workflow, evidence or reason ping, link or reformat anything', async () => {
    const calls: unknown[] = [];
    const record = () => calls.push(...app.fake.calls.map((c) => ({ ...c })));
    await nameRoles(app);
    const hostileAgent: Record<string, Answer> = {
      'Agent name': HOSTILE_NAME,
      'Which workflow': HOSTILE_TEXT,
      'Which system of record': 'Other',
      'Name of the system': HOSTILE_TEXT,
      'Dollar metric': HOSTILE_TEXT,
    };
    keep(await registerAgent(app, hostileAgent));
    record();
    const agent = findAgentByName(app.bot.db, TEAM_ID, HOSTILE_NAME);
    expect(agent?.name).toBe(HOSTILE_NAME);

    const list = (await app.command('agents', PEOPLE.owner)).json() as { blocks: unknown[] };
    keep(list);
    keep((await app.command(`agents ${HOSTILE_NAME}`, PEOPLE.owner)).json());
    keep((await app.command('gate <!channel> <@U123>', PEOPLE.owner)).json());

    // A failing claim, then a full one that goes to the reviewers, then sent back with a hostile reason.
    const hostileEvidence = Object.fromEntries(
      GATE_BARS.map((bar) => [`Evidence: ${bar.title}`, HOSTILE_TEXT]),
    );
    keep(
      await fileGate(app, HOSTILE_NAME, {
        ...allMet(),
        ...hostileEvidence,
        [GATE_BARS[0]?.question ?? '']: 'Not met',
      }),
    );
    record();
    keep(await fileGate(app, HOSTILE_NAME, { ...allMet(), ...hostileEvidence }));
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);
    record();
    const [toBob] = dmsTo(app, PEOPLE.leader);
    app.fake.clear();
    await clickOnMessage(app, toBob as NonNullable<typeof toBob>, GATE_SEND_BACK_ACTION_ID, PEOPLE.leader);
    const sendBack = await modalOpened(app, 'gate_send_back');
    keep(
      await submitted(
        await app.submit(sendBack, fillView(sendBack, { 'What has to change': HOSTILE_TEXT }), PEOPLE.leader),
      ),
    );
    await app.fake.waitFor('views.publish', (c) => c.args.user_id === PEOPLE.leader);
    record();

    // The agent's details with its history, and the Home tab.
    app.fake.clear();
    await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user: PEOPLE.owner }));
    await app.fake.waitFor('views.publish');
    const home = app.fake.homeView(PEOPLE.owner);
    if (!home) throw new Error('no Home tab');
    await clickOnView(app, home, AGENT_DETAILS_ACTION_ID, PEOPLE.owner);
    await modalOpened(app, 'agent_details');
    record();

    // The owner leaves: the portfolio owner's DM names the agent.
    app.fake.clear();
    await app.slack.event(
      eventCallback(TEAM_ID, {
        type: 'user_change',
        user: { id: PEOPLE.owner, deleted: true },
        event_ts: '1.0',
      }),
    );
    await app.fake.waitFor('chat.postMessage');
    record();

    const everything = JSON.stringify([calls, answers]);
    // The texts were really looked at: the escaped forms are there, in each kind of surface.
    expect(everything).toContain(JSON.stringify(escapeMrkdwn(HOSTILE_NAME)).slice(1, -1));
    expect(everything).toContain(JSON.stringify(escapeMrkdwn(HOSTILE_TEXT)).slice(1, -1));
    expect(calls.some((c) => (c as { method: string }).method === 'chat.update')).toBe(true);
    const offences = unescapedUserText([calls, answers]);
    expect(offences.map((o) => `${o.path}: ${o.forbidden} in ${JSON.stringify(o.text)}`)).toEqual([]);
  });
});

describe('user text in every field of every surface', () => {
  let app: TestApp;
  afterEach(async () => {
    app.fake.assertNoViolations();
    await app.close();
  });

  /** Every ritual and due check (the backlog's reminders), paced on a clock that never sleeps. */
  async function tickAll(at: string) {
    app.clock.set(at);
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: app.fake.apiUrl });
    const slack = new PacedSlack(client, new Pacer({ now: () => 0, sleep: async () => {} }));
    const deps = { ...app.bot.ritualDeps, slack };
    expect((await runDueRituals(deps, RITUALS, app.clock.now())).failed).toEqual([]);
    expect((await runDueChecks(deps, CHECKS, app.clock.now())).failed).toEqual([]);
  }

  it('escapes hostile names, notes and reasons in messages, views, ephemeral replies and file uploads', async () => {
    app = await startTestApp({ now: AT.beforeOpen });
    for (const id of [PORTFOLIO_OWNER, ...LEADERS])
      app.fake.setUser({ id, tz: ZONE, is_admin: id === PORTFOLIO_OWNER });
    const db = app.bot.db;
    // September's review runs here for real, so the vote waits for it to post.
    seedVoteWorkspace(db, { postedReviews: [] });
    // Two running agents with hostile names: one reports (with a hostile note), one never does.
    const reporting = seedVoteAgent(db, {
      name: HOSTILE_NAME,
      ownerId: LEADERS[0],
      status: 'production',
      reports: { '2026-07': 9000, '2026-08': 9500 },
    });
    seedVoteAgent(db, { name: HOSTILE_NAME_2, ownerId: LEADERS[1], status: 'production' });
    db.prepare('UPDATE agents SET workflow = ?, metric = ? WHERE id = ?').run(
      HOSTILE_TEXT,
      HOSTILE_TEXT,
      reporting,
    );
    db.prepare('UPDATE monthly_reports SET note = ? WHERE agent_id = ?').run(HOSTILE_TEXT, reporting);
    // The backlog: an open candidate, a rejected one with a hostile reason, a committed one owed a reminder.
    const candidate = db.prepare(
      `INSERT INTO backlog_candidates (team_id, process, yearly_dollars_cents, feasibility, system_of_record,
         system_name, status, proposed_by, created_at, reject_reason, rejected_by, rejected_at, committed_by,
         committed_at, ship_owner_id, ship_by, source_view_id)
       VALUES (?, ?, 50000000, 4, 'other', ?, ?, ?, '2026-07-01T15:00:00.000Z', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    candidate.run(
      TEAM_ID,
      HOSTILE_TEXT,
      HOSTILE_TEXT,
      'open',
      PORTFOLIO_OWNER,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      'v1',
    );
    candidate.run(
      TEAM_ID,
      HOSTILE_NAME,
      null,
      'rejected',
      PORTFOLIO_OWNER,
      HOSTILE_TEXT,
      PORTFOLIO_OWNER,
      '2026-07-02T15:00:00.000Z',
      null,
      null,
      null,
      null,
      'v2',
    );
    const committed = candidate.run(
      TEAM_ID,
      HOSTILE_NAME_2,
      null,
      'committed',
      PORTFOLIO_OWNER,
      null,
      null,
      null,
      PORTFOLIO_OWNER,
      '2026-08-31T15:00:00.000Z',
      LEADERS[2],
      '2026-11-29T15:00:00.000Z',
      'v3',
    );
    db.prepare('INSERT INTO backlog_reminders (team_id, candidate_id, kind, due_at) VALUES (?, ?, ?, ?)').run(
      TEAM_ID,
      committed.lastInsertRowid,
      'day30',
      '2026-09-30T15:00:00.000Z',
    );

    const answers: unknown[] = [];
    const keep = (res: { text: string }) => {
      if (res.text !== '') answers.push(JSON.parse(res.text));
    };

    // The rituals: the value review prompts, reminds and posts (Friday 9 October); the vote, waiting for that
    // post, opens then, reminds on the 16th and closes on Monday the 19th (Columbus Day not counted); the backlog
    // reminds.
    for (const at of [
      AT.open,
      '2026-10-02T15:00:00Z',
      AT.remind,
      AT.afterDeadline,
      '2026-10-09T15:00:00Z',
      '2026-10-14T15:00:00Z',
      '2026-10-16T16:00:00Z',
      '2026-10-19T15:01:00Z',
    ]) {
      await tickAll(at);
    }

    // Every command a person can type, including one the app does not know.
    for (const text of [
      'help',
      'agents',
      `agents ${HOSTILE_NAME}`,
      'gate',
      'backlog',
      'review',
      'report',
      'summary',
      'summary stages',
      'settings',
      'history',
      'rituals',
      'votes',
      'export',
      `export ${HOSTILE_TEXT}`,
      `frobnicate ${HOSTILE_TEXT}`,
    ]) {
      keep(await app.command(text, PORTFOLIO_OWNER));
    }
    // A placement the records overrule, naming both hostile agents in its reasons.
    await app.command('', PORTFOLIO_OWNER);
    const questionnaire = await modalOpened(app, 'placement');
    const allNo = Object.fromEntries(QUESTIONS.map((q) => [q.text, 'No']));
    keep(await app.submit(questionnaire, fillView(questionnaire, allNo), PORTFOLIO_OWNER));
    // Each Home tab.
    for (const user of [PORTFOLIO_OWNER, LEADERS[0]]) {
      await app.slack.event(appHomeOpenedEvent({ team: TEAM_ID, user }));
      await app.fake.waitFor('views.publish', (c) => c.args.user_id === user);
    }
    await app.fake.waitFor('files.completeUploadExternal');
    // The export streams its records in slices of the event loop: it may finish after the chart.
    await app.fake.waitFor('files.completeUploadExternal', (c) =>
      JSON.stringify(c.args).includes('Maturity records'),
    );

    // What was driven, so a silent surface cannot pass for an escaped one: the texts each kind of surface
    // begins with, and the hostile name, escaped, on each of them.
    const sent = app.fake.calls.map((c) => JSON.stringify(c.args));
    const shown = answers.map((a) => JSON.stringify(a));
    const escapedName = JSON.stringify(escapeMrkdwn(HOSTILE_NAME)).slice(1, -1);
    const DRIVEN = [
      'Monthly value review: please report',
      'Reminder: September 2026 is still missing',
      'Value review September 2026',
      ': vote Kill, Keep or Scale',
      'No decision (no quorum)',
      'Backlog',
      'has to pass its production gate by',
      'You said no.',
      'Portfolio summary',
      'Where the operation stands',
      'Maturity records',
    ];
    for (const surface of DRIVEN) {
      const found = [...sent, ...shown].filter((text) => text.includes(surface));
      expect(found.length, surface).toBeGreaterThan(0);
    }
    expect(sent.filter((text) => text.includes(escapedName)).length).toBeGreaterThan(8);
    expect(app.fake.calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === LEADERS[2])).toBe(
      true,
    );

    const offences = unescapedUserText([app.fake.calls.map((c) => ({ [c.method]: c.args })), answers]);
    expect(offences.map((o) => `${o.path}: ${o.forbidden} in ${JSON.stringify(o.text)}`)).toEqual([]);
  });
});
