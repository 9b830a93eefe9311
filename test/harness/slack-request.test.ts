import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appHomeOpenedEvent,
  blockActionsPayload,
  SlackRequester,
  slackSignature,
  viewSubmissionPayload,
} from '../support/slack-request.js';

// Slack's documented example request.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('slackSignature', () => {
  it("matches Slack's documented example and an independent HMAC", () => {
    const independent = `v0=${createHmac('sha256', SECRET).update(`v0:${TIMESTAMP}:${BODY}`, 'utf8').digest('hex')}`;
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(independent);
    expect(slackSignature(SECRET, TIMESTAMP, BODY)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

describe('SlackRequester', () => {
  interface Received {
    path: string;
    headers: IncomingHttpHeaders;
    body: string;
  }
  const received: Received[] = [];
  let server: Server;
  let requester: SlackRequester;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    requester = new SlackRequester({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Checks the last request the way Bolt's receiver does. */
  function verifyLast(): Received {
    const last = received.at(-1);
    if (!last) throw new Error('no request received');
    verifySlackRequest({
      signingSecret: SECRET,
      body: last.body,
      headers: {
        'x-slack-signature': String(last.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(last.headers['x-slack-request-timestamp']),
      },
    });
    return last;
  }

  it('sends a slash command as a signed form that Bolt accepts', async () => {
    const response = await requester.command({
      command: '/maturity',
      text: 'vote A-17',
      user_id: 'U200',
      team_id: 'T0001',
      channel_id: 'C100',
      trigger_id: '1.2.abc',
    });
    expect(response).toMatchObject({ status: 200, text: '{"ok":true}' });
    expect(response.json()).toEqual({ ok: true });
    expect(response.ms).toBeGreaterThan(0);

    const request = verifyLast();
    expect(request.path).toBe('/slack/events');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toMatchObject({
      command: '/maturity',
      text: 'vote A-17',
      user_id: 'U200',
      user_name: 'u200',
      team_id: 'T0001',
      channel_id: 'C100',
      trigger_id: '1.2.abc',
    });
  });

  it('sends interactions as payload=<json> and events as JSON', async () => {
    await requester.interaction({ type: 'block_actions', actions: [] });
    expect(JSON.parse(new URLSearchParams(verifyLast().body).get('payload') ?? '')).toEqual({
      type: 'block_actions',
      actions: [],
    });

    await requester.event(
      { type: 'event_callback', event: { type: 'app_home_opened' } },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    const event = verifyLast();
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-slack-retry-num']).toBe('1');
    expect(event.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(JSON.parse(event.body)).toMatchObject({ event: { type: 'app_home_opened' } });
  });

  it('can send requests that Bolt must refuse', async () => {
    await requester.interaction({ type: 'block_actions' }, { tamper: true });
    expect(() => verifyLast()).toThrow(/signature mismatch/);
    await requester.event({ type: 'event_callback' }, { tamper: true });
    expect(() => verifyLast()).toThrow(/signature mismatch/);

    await requester.event({ type: 'event_callback' }, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() => verifyLast()).toThrow(/stale/);

    await requester.event({ type: 'event_callback' }, { unsigned: true });
    const unsigned = received.at(-1);
    expect(unsigned?.headers['x-slack-signature']).toBeUndefined();
    expect(unsigned?.headers['x-slack-request-timestamp']).toBeUndefined();
  });
});

describe('payload builders', () => {
  const message = {
    channel: 'C100',
    ts: '1700000000.000100',
    text: 'Pick a level',
    blocks: [
      {
        type: 'section',
        block_id: 'pick',
        text: { type: 'mrkdwn', text: 'Level?' },
        accessory: {
          type: 'static_select',
          action_id: 'level',
          options: [
            { text: { type: 'plain_text', text: 'Level 1' }, value: '1' },
            { text: { type: 'plain_text', text: 'Level 2' }, value: '2' },
          ],
        },
      },
      {
        type: 'actions',
        block_id: 'go',
        elements: [
          { type: 'button', action_id: 'save', text: { type: 'plain_text', text: 'Save' }, value: 'A-1' },
        ],
      },
    ],
  };

  it('reports a menu choice with the option as the element defines it', () => {
    const payload = blockActionsPayload({
      team: 'T0001',
      user: 'U200',
      actionId: 'level',
      message,
      selectedOption: { value: '2' },
    });
    expect(payload.actions).toEqual([
      {
        type: 'static_select',
        action_id: 'level',
        block_id: 'pick',
        action_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        selected_option: { text: { type: 'plain_text', text: 'Level 2', emoji: true }, value: '2' },
      },
    ]);
    expect(payload).toMatchObject({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U200', team_id: 'T0001' },
      channel: { id: 'C100' },
      container: {
        type: 'message',
        channel_id: 'C100',
        message_ts: '1700000000.000100',
        is_ephemeral: false,
      },
      message: { type: 'message', ts: '1700000000.000100', text: 'Pick a level' },
    });
    expect(payload.response_url).toBeUndefined();
  });

  it('refuses choices and values the element does not offer', () => {
    expect(() =>
      blockActionsPayload({
        team: 'T0001',
        user: 'U200',
        actionId: 'level',
        message,
        selectedOption: { value: '9' },
      }),
    ).toThrow('"level" has no option with value "9". Values: "1", "2".');
    expect(() =>
      blockActionsPayload({ team: 'T0001', user: 'U200', actionId: 'save', message, value: 'A-2' }),
    ).toThrow('button "save" carries value "A-1", not "A-2".');
    expect(() => blockActionsPayload({ team: 'T0001', user: 'U200', actionId: 'save' })).toThrow(
      'a click on a message needs the message.',
    );
  });

  it('wraps a submission and an event as Slack does', () => {
    const view = {
      id: 'V1',
      hash: '1.abc',
      type: 'modal',
      callback_id: 'form',
      title: { type: 'plain_text', text: 'Form' },
      blocks: [],
    };
    const submission = viewSubmissionPayload({
      team: 'T0001',
      user: 'U200',
      view,
      values: { b: { a: { type: 'plain_text_input', value: 'x' } } },
    });
    expect(submission.view).toMatchObject({
      id: 'V1',
      hash: '1.abc',
      callback_id: 'form',
      state: { values: { b: { a: { value: 'x' } } } },
    });

    const envelope = appHomeOpenedEvent({ team: 'T0001', user: 'U200' });
    expect(envelope).toMatchObject({
      type: 'event_callback',
      team_id: 'T0001',
      event: { type: 'app_home_opened', user: 'U200', tab: 'home' },
      event_id: expect.stringMatching(/^Ev/),
    });
  });
});
