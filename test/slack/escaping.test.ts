import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GATE_BARS } from '../../src/domain/gate.js';
import { findAgentByName } from '../../src/store/agents.js';
import { AGENT_DETAILS_ACTION_ID } from '../../src/views/agents/ids.js';
import { GATE_SEND_BACK_ACTION_ID } from '../../src/views/gate/ids.js';
import { startTestApp, TEAM_ID, type TestApp } from '../support/app.js';
import { type Answer, fillView, mrkdwnIn } from '../support/read-view.js';
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
  type SubmitAnswer,
  submitted,
} from './registry-fixtures.js';

const HOSTILE_NAME = '<!channel> *bold* <@U123>';
const HOSTILE = '<!here> _slanted_ ~struck~ `code` <https://evil.example|click me> <!everyone>';
/** What must never reach Slack as mrkdwn: each would ping someone, link somewhere or reformat. */
const FORBIDDEN = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '*bold*',
  '_slanted_',
  '~struck~',
  '`code`',
  '<https://evil',
];

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

describe('user text in mrkdwn, end to end', () => {
  let app: TestApp;
  const seen: string[] = [];
  const keep = (answer: SubmitAnswer | unknown) => {
    mrkdwnIn(answer, seen);
    const text = (answer as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') seen.push(text);
  };

  beforeEach(async () => {
    app = await startTestApp({ now: '2026-11-24T15:00:00Z' });
    addPeople(app);
    seen.length = 0;
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
      'Which workflow': HOSTILE,
      'Which system of record': 'Other',
      'Name of the system': HOSTILE,
      'Dollar metric': HOSTILE,
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
    const hostileEvidence = Object.fromEntries(GATE_BARS.map((bar) => [`Evidence: ${bar.title}`, HOSTILE]));
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
        await app.submit(sendBack, fillView(sendBack, { 'What has to change': HOSTILE }), PEOPLE.leader),
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

    for (const call of calls as { method: string; args: Record<string, unknown> }[]) {
      mrkdwnIn(call.args, seen);
      if (MESSAGE_METHODS.has(call.method) && typeof call.args.text === 'string') seen.push(call.args.text);
    }
    const everything = seen.join('\n');
    // The texts were really looked at: the escaped forms are there, in each kind of surface.
    expect(everything).toContain('&lt;!channel&gt; \u2217bold\u2217 &lt;@U123&gt;');
    expect(everything).toContain('&lt;!here&gt; \u02cdslanted\u02cd');
    expect(calls.some((c) => (c as { method: string }).method === 'chat.update')).toBe(true);
    for (const forbidden of FORBIDDEN) {
      const offending = seen.filter((text) => text.includes(forbidden));
      expect(offending, `"${forbidden}" reached Slack as mrkdwn`).toEqual([]);
    }
  });
});
