/**
 * The harness against a small Bolt app of its own (not the project's): proves that what the
 * requester sends is what Bolt parses, and that what Bolt's client sends is what the fake reads.
 */
import {
  App,
  type BlockAction,
  HTTPReceiver,
  LogLevel,
  type ViewClosedAction,
  type ViewStateValue,
} from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { fillView, findButton, textOf } from '../support/read-view.js';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  SlackRequester,
  viewClosedPayload,
  viewSubmissionPayload,
} from '../support/slack-request.js';

const SECRET = 'harness-signing-secret';
const team = 'T0001';
const user = 'U200';

interface Seen {
  submitted?: Record<string, Record<string, ViewStateValue>>;
  privateMetadata?: string;
  clicked?: BlockAction;
  closed?: boolean;
}

let fake: FakeSlack;
let receiver: HTTPReceiver;
let requester: SlackRequester;
let seen: Seen;

beforeAll(async () => {
  fake = await startFakeSlack();
  receiver = new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    token: 'xoxb-test',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });

  app.command('/demo', async ({ ack, body, client }) => {
    await ack();
    await client.chat.postMessage({
      channel: body.channel_id,
      text: 'Agent A-17 is ready for review',
      blocks: [
        {
          type: 'actions',
          block_id: 'review',
          elements: [
            {
              type: 'button',
              action_id: 'approve',
              text: { type: 'plain_text', text: 'Approve' },
              value: 'A-17',
            },
          ],
        },
      ],
    });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'demo_form',
        private_metadata: 'A-17',
        notify_on_close: true,
        title: { type: 'plain_text', text: 'Register agent' },
        submit: { type: 'plain_text', text: 'Save' },
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'Agent name' },
            element: { type: 'plain_text_input' },
          },
          {
            type: 'input',
            block_id: 'level',
            label: { type: 'plain_text', text: 'Level' },
            element: {
              type: 'static_select',
              action_id: 'level_pick',
              options: [1, 2, 3].map((n) => ({
                text: { type: 'plain_text', text: `Level ${n}` },
                value: String(n),
              })),
            },
          },
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'check_name', text: { type: 'plain_text', text: 'Check name' } },
            ],
          },
        ],
      },
    });
  });
  app.view('demo_form', async ({ ack, view }) => {
    seen.submitted = view.state.values;
    seen.privateMetadata = view.private_metadata;
    await ack();
  });
  app.view<ViewClosedAction>({ callback_id: 'demo_form', type: 'view_closed' }, async ({ ack, body }) => {
    seen.closed = body.is_cleared;
    await ack();
  });
  app.action<BlockAction>(/approve|check_name/, async ({ ack, body, respond }) => {
    await ack();
    seen.clicked = body;
    if (body.response_url) await respond({ text: 'Approved', replace_original: false });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Hello <@${event.user}>` } }],
      },
    });
  });

  const server = await receiver.start({ port: 0, host: '127.0.0.1' });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no TCP address');
  requester = new SlackRequester({ baseUrl: `http://127.0.0.1:${address.port}`, signingSecret: SECRET });
});

afterAll(async () => {
  await receiver.stop();
  await fake.close();
});

beforeEach(() => {
  seen = {};
});

afterEach(() => {
  fake.assertNoViolations();
});

async function openForm() {
  fake.clear();
  const response = await requester.command({
    command: '/demo',
    user_id: user,
    team_id: team,
    channel_id: 'C100',
    trigger_id: fake.issueTriggerId(),
  });
  expect(response.status).toBe(200);
  await fake.waitFor('views.open', (call) => call.ok);
  const view = fake.lastView();
  if (!view) throw new Error('no view opened');
  return view;
}

describe('harness round trip through a Bolt app', () => {
  it('submits a form filled by label', async () => {
    const view = await openForm();
    expect(textOf(view)).toContain('Agent name');

    const values = fillView(view, { 'agent name': 'Invoice matcher', level: 'Level 2' });
    const response = await requester.interaction(viewSubmissionPayload({ team, user, view, values }));

    expect(response.status).toBe(200);
    expect(seen.privateMetadata).toBe('A-17');
    expect(seen.submitted).toEqual(values);
    expect(seen.submitted?.level?.level_pick?.selected_option?.value).toBe('2');
    expect(Object.values(seen.submitted ?? {}).flatMap((byAction) => Object.values(byAction))).toContainEqual(
      {
        type: 'plain_text_input',
        value: 'Invoice matcher',
      },
    );
  });

  it('clicks a button on a message and reads the reply on the response_url', async () => {
    await openForm();
    const [message] = fake.messages('C100').slice(-1);
    expect(findButton(message, 'Approve').value).toBe('A-17');

    const response = await requester.interaction(
      blockActionsPayload({ team, user, actionId: 'approve', message, responseUrl: fake.issueResponseUrl() }),
    );
    expect(response.status).toBe(200);
    expect(seen.clicked?.actions[0]).toMatchObject({
      type: 'button',
      action_id: 'approve',
      block_id: 'review',
      value: 'A-17',
    });
    expect(seen.clicked?.container).toMatchObject({
      type: 'message',
      channel_id: 'C100',
      message_ts: message?.ts,
    });
    expect((await fake.waitFor('response_url')).args).toEqual({ text: 'Approved', replace_original: false });
  });

  it('clicks a button inside the modal with the form state so far', async () => {
    const view = await openForm();
    const values = fillView(view, { 'agent name': 'Invoice' });
    await requester.interaction(blockActionsPayload({ team, user, actionId: 'check_name', view, values }));

    expect(seen.clicked?.view?.id).toBe(view.id);
    expect(seen.clicked?.view?.state.values).toEqual(values);
    expect(seen.clicked?.container).toEqual({ type: 'view', view_id: view.id });
  });

  it('refuses to click what is not on the surface', async () => {
    const view = await openForm();
    expect(() => blockActionsPayload({ team, user, actionId: 'delete_everything', view })).toThrow(
      'nothing with action_id "delete_everything"',
    );
  });

  it('closes a modal', async () => {
    const view = await openForm();
    const response = await requester.interaction(viewClosedPayload({ team, user, view }));
    expect(response.status).toBe(200);
    expect(seen.closed).toBe(false);
  });

  it('delivers app_home_opened so the app publishes a home view', async () => {
    const response = await requester.event(appHomeOpenedEvent({ team, user }));
    expect(response.status).toBe(200);
    await fake.waitFor('views.publish', (call) => call.args.user_id === user);
    expect(textOf(fake.homeView(user))).toBe(`Hello <@${user}>`);
  });

  it('lets Bolt reject a tampered request', async () => {
    const response = await requester.interaction(viewClosedPayload({ team, user, view: { id: 'V1' } }), {
      tamper: true,
    });
    expect(response.status).toBe(401);
  });
});
