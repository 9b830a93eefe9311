/**
 * Sends requests to the running app exactly as Slack does: signed slash commands, interactions
 * and events, plus builders for the payloads Slack sends when a person clicks or submits.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type {
  BlockAction,
  BlockElementAction,
  EnvelopedEvent,
  ViewClosedAction,
  ViewOutput,
  ViewSubmitAction,
} from '@slack/bolt';
import type { AppHomeOpenedEvent, PlainTextElement } from '@slack/types';
import { APP_ID, BOT_USER_ID } from './fake-slack.js';
import { isRecord, type JsonObject, stringOr } from './json.js';
import { findAction, optionsOf, plainText, type StateValues, selectedOption } from './read-view.js';

/** Slack still sends the legacy verification token; Bolt ignores it in favour of the signature. */
const VERIFICATION_TOKEN = 'fake-verification-token';
const TEAM_DOMAIN = 'fake-plant';

export interface SendOptions {
  retryNum?: number;
  retryReason?: string;
  /** Unix seconds to sign with; defaults to now. */
  timestamp?: number;
  /** Change the body after signing, as an attacker would. */
  tamper?: boolean;
  unsigned?: boolean;
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): unknown;
  ms: number;
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  user_id: string;
  team_id: string;
  channel_id: string;
  trigger_id?: string;
  response_url?: string;
  user_name?: string;
  team_domain?: string;
  channel_name?: string;
}

/** v0 request signature: 'v0=' + hex(HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`)). */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export class SlackRequester {
  private readonly url: string;
  private readonly signingSecret: string;

  constructor(options: { baseUrl: string; signingSecret: string; path?: string }) {
    this.url = new URL(options.path ?? '/slack/events', options.baseUrl).toString();
    this.signingSecret = options.signingSecret;
  }

  command(input: SlashCommandInput, options?: SendOptions): Promise<SlackResponse> {
    const fields: Array<[string, string | undefined]> = [
      ['token', VERIFICATION_TOKEN],
      ['team_id', input.team_id],
      ['team_domain', input.team_domain ?? TEAM_DOMAIN],
      ['channel_id', input.channel_id],
      ['channel_name', input.channel_name ?? channelName(input.channel_id)],
      ['user_id', input.user_id],
      ['user_name', input.user_name ?? input.user_id.toLowerCase()],
      ['command', input.command],
      ['text', input.text ?? ''],
      ['api_app_id', APP_ID],
      ['is_enterprise_install', 'false'],
      ['response_url', input.response_url],
      ['trigger_id', input.trigger_id ?? unissuedTriggerId()],
    ];
    const body = new URLSearchParams(
      fields.filter((field): field is [string, string] => field[1] !== undefined),
    );
    return this.send(body.toString(), 'application/x-www-form-urlencoded', options);
  }

  interaction(payload: object, options?: SendOptions): Promise<SlackResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.send(body.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Sends a whole event_callback envelope (see eventCallback). */
  event(envelope: object, options?: SendOptions): Promise<SlackResponse> {
    return this.send(JSON.stringify(envelope), 'application/json', options);
  }

  private async send(
    rawBody: string,
    contentType: string,
    options: SendOptions = {},
  ): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    };
    if (!options.unsigned) {
      headers['x-slack-signature'] = slackSignature(this.signingSecret, timestamp, rawBody);
      headers['x-slack-request-timestamp'] = String(timestamp);
    }
    if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
    if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
    // The tampered body still parses, so only the signature check can catch it.
    const body = !options.tamper
      ? rawBody
      : contentType === 'application/json'
        ? rawBody.replace(/}$/, ',"tampered":true}')
        : `${rawBody}&tampered=1`;
    const started = performance.now();
    const response = await fetch(this.url, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started, json: () => JSON.parse(text) };
  }
}

// ---- Payload builders ----

interface Actor {
  team: string;
  user: string;
}

export type BlockActionsPayload = Omit<BlockAction, 'response_url'> & { response_url?: string };

export interface BlockActionsInput extends Actor {
  actionId: string;
  /** Needed only when the same action id appears in several blocks. */
  blockId?: string;
  /** Optional check: the clicked button must carry this value (Slack always sends the button's own). */
  value?: string;
  /** For menus, radio buttons and overflows: the option picked, by value; its text comes from the element. */
  selectedOption?: { value: string };
  triggerId?: string;
  container?: 'message' | 'view';
  /** The view as Slack returned it (fake.lastView()); the clicked element must be on it. */
  view?: object;
  /** The view's current input state when the click happens inside a modal. */
  values?: StateValues;
  channel?: string;
  /** The message as the fake stored it (fake.messages()); the clicked element must be on it. */
  message?: object;
  responseUrl?: string;
}

export function blockActionsPayload(input: BlockActionsInput): BlockActionsPayload {
  const container = input.container ?? (input.view ? 'view' : 'message');
  const payload: BlockActionsPayload = {
    type: 'block_actions',
    user: userOf(input),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: {},
    trigger_id: input.triggerId ?? unissuedTriggerId(),
    team: { id: input.team, domain: TEAM_DOMAIN },
    is_enterprise_install: false,
    actions: [],
    state: { values: {} },
  };
  if (container === 'view') {
    if (!isRecord(input.view)) throw new Error('blockActionsPayload: a click in a view needs the view.');
    payload.view = viewOutput(input.view, input.values ?? {});
    payload.state = { values: input.values ?? {} };
    payload.container = { type: 'view', view_id: payload.view.id };
    payload.actions = [clickedElement(input, input.view)];
  } else {
    if (!isRecord(input.message))
      throw new Error('blockActionsPayload: a click on a message needs the message.');
    const channelId = input.channel ?? stringOr(input.message.channel, '');
    const ts = stringOr(input.message.ts, '');
    payload.channel = { id: channelId, name: channelName(channelId) };
    payload.message = messageOutput(input.message);
    payload.container = {
      type: 'message',
      message_ts: ts,
      channel_id: channelId,
      is_ephemeral: typeof input.message.ephemeral_to === 'string',
    };
    payload.actions = [clickedElement(input, input.message)];
  }
  if (input.responseUrl) payload.response_url = input.responseUrl;
  return payload;
}

export interface ViewSubmissionInput extends Actor {
  /** The view as Slack returned it, with id and hash (fake.lastView()). */
  view: object;
  values: StateValues;
  triggerId?: string;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): ViewSubmitAction {
  if (!isRecord(input.view)) throw new Error('viewSubmissionPayload: the view must be an object.');
  const user = userOf(input);
  return {
    type: 'view_submission',
    team: { id: input.team, domain: TEAM_DOMAIN },
    user,
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? unissuedTriggerId(),
    view: viewOutput(input.view, input.values),
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function viewClosedPayload(input: Actor & { view: object; isCleared?: boolean }): ViewClosedAction {
  if (!isRecord(input.view)) throw new Error('viewClosedPayload: the view must be an object.');
  const user = userOf(input);
  return {
    type: 'view_closed',
    team: { id: input.team, domain: TEAM_DOMAIN },
    user,
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    view: viewOutput(input.view, {}),
    is_cleared: input.isCleared ?? false,
    is_enterprise_install: false,
  };
}

let eventSerial = 0;

/** Wraps an event in the event_callback envelope Slack posts to the Events API. */
export function eventCallback<E extends object>(team: string, event: E): EnvelopedEvent<E> {
  eventSerial += 1;
  return {
    token: VERIFICATION_TOKEN,
    team_id: team,
    context_team_id: team,
    api_app_id: APP_ID,
    event,
    type: 'event_callback',
    event_id: `Ev${String(eventSerial).padStart(4, '0')}${randomBytes(4).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: team,
        user_id: BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function appHomeOpenedEvent(
  input: Actor & { tab?: 'home' | 'messages'; channel?: string },
): EnvelopedEvent<AppHomeOpenedEvent> {
  return eventCallback(input.team, {
    type: 'app_home_opened',
    user: input.user,
    channel: input.channel ?? `D${input.user.slice(1)}`,
    tab: input.tab ?? 'home',
    event_ts: (Date.now() / 1000).toFixed(6),
  });
}

// ---- Helpers ----

function userOf(actor: Actor): { id: string; username: string; name: string; team_id: string } {
  const name = actor.user.toLowerCase();
  return { id: actor.user, username: name, name, team_id: actor.team };
}

function channelName(channelId: string): string {
  return channelId.startsWith('D') ? 'directmessage' : `channel-${channelId.toLowerCase()}`;
}

/** Looks like a Slack trigger id but was never issued by the fake, so views.open with it fails. */
function unissuedTriggerId(): string {
  return `${Date.now()}.0.${randomBytes(11).toString('hex').slice(0, 21)}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

/** The action Slack reports for a click on an element of `surface`, read from the element itself. */
function clickedElement(input: BlockActionsInput, surface: JsonObject): BlockElementAction {
  const found = findAction(surface, input.actionId, input.blockId);
  if (!found) {
    const where = input.blockId ? ` in block "${input.blockId}"` : '';
    throw new Error(
      `blockActionsPayload: nothing with action_id "${input.actionId}"${where} on the ${input.container ?? 'surface'}.`,
    );
  }
  const base = { block_id: found.blockId, action_id: found.actionId, action_ts: actionTs() };
  switch (found.type) {
    case 'button': {
      const value = typeof found.element.value === 'string' ? found.element.value : undefined;
      if (input.value !== undefined && input.value !== value) {
        throw new Error(
          `blockActionsPayload: button "${found.actionId}" carries value ${JSON.stringify(value)}, not "${input.value}".`,
        );
      }
      const text: PlainTextElement = { type: 'plain_text', text: plainText(found.element.text), emoji: true };
      return value === undefined
        ? { ...base, type: 'button', text }
        : { ...base, type: 'button', text, value };
    }
    case 'static_select':
    case 'overflow':
    case 'radio_buttons': {
      const wanted = input.selectedOption?.value;
      const option = optionsOf(found.element).find((candidate) => candidate.value === wanted);
      if (!option) {
        const values = optionsOf(found.element)
          .map((o) => `"${stringOr(o.value, '')}"`)
          .join(', ');
        throw new Error(
          `blockActionsPayload: "${found.actionId}" has no option with value "${wanted}". Values: ${values}.`,
        );
      }
      return { ...base, type: found.type, selected_option: selectedOption(option) };
    }
    default:
      throw new Error(`blockActionsPayload: clicking a ${found.type} is not supported yet.`);
  }
}

function messageOutput(message: JsonObject): NonNullable<BlockAction['message']> {
  const output: NonNullable<BlockAction['message']> = {
    type: 'message',
    ts: stringOr(message.ts, ''),
    text: stringOr(message.text, ''),
    user: stringOr(message.user, BOT_USER_ID),
    bot_id: message.bot_id,
    blocks: message.blocks,
    team: message.team,
  };
  if (typeof message.thread_ts === 'string') output.thread_ts = message.thread_ts;
  return output;
}

function viewOutput(view: JsonObject, values: StateValues): ViewOutput {
  const text = (value: unknown) =>
    isRecord(value)
      ? { type: 'plain_text' as const, text: plainText(value), emoji: value.emoji !== false }
      : null;
  const nullableString = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: stringOr(view.id, ''),
    team_id: stringOr(view.team_id, ''),
    type: stringOr(view.type, 'modal'),
    // The blocks are what the app itself sent and the fake echoed back.
    blocks: (Array.isArray(view.blocks) ? view.blocks : []) as ViewOutput['blocks'],
    private_metadata: stringOr(view.private_metadata, ''),
    callback_id: stringOr(view.callback_id, ''),
    external_id: stringOr(view.external_id, ''),
    state: { values },
    hash: stringOr(view.hash, ''),
    title: text(view.title) ?? { type: 'plain_text', text: '', emoji: true },
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    close: text(view.close),
    submit: text(view.submit),
    previous_view_id: nullableString(view.previous_view_id),
    root_view_id: nullableString(view.root_view_id),
    app_id: nullableString(view.app_id),
    bot_id: stringOr(view.bot_id, ''),
  };
}
