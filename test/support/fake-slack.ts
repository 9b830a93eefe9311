/**
 * A fake Slack Web API on loopback. Point a real WebClient at `fake.apiUrl` and the app talks to it
 * exactly as it talks to Slack: same encodings, same answers, same errors and rate limits.
 * It knows nothing about the app; tests read what it received.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkBlockKit } from './block-kit-limits.js';
import { isRecord, type JsonObject, recordsIn, stringOr } from './json.js';

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const APP_ID = 'A0FAKEAPP';

const TRIGGER_LIFETIME_MS = 3000;
const RATE_WINDOW_MS = 60_000;
/** Form fields that the WebClient sends as JSON strings. */
const JSON_FIELDS = new Set(['view', 'blocks', 'attachments', 'files', 'metadata']);

export interface FakeSlackOptions {
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  /** Clock (ms) for call times, trigger expiry and rate-limit windows. Defaults to Date.now. */
  now?: () => number;
}

export interface FakeCall {
  method: string;
  /** What the app sent, with JSON-string fields (view, blocks, ...) parsed back into objects. */
  args: JsonObject;
  at: number;
  token: string | undefined;
  /** Whether the fake answered ok: failed calls (injected, rate-limited, invalid) are recorded too. */
  ok: boolean;
  error?: string;
}

export interface FakeUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  tz_offset?: number;
  is_admin?: boolean;
  is_owner?: boolean;
  deleted?: boolean;
  team_id?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** When false, chat.postMessage answers not_in_channel as Slack does. */
  is_member?: boolean;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  user: string;
  bot_id: string;
  /** Set for chat.postEphemeral: only this user sees the message. */
  ephemeral_to?: string;
  files?: JsonObject[];
}

/** A view as Slack stores and returns it: with id, hash, state and generated block/action ids. */
export interface FakeView extends JsonObject {
  id: string;
  hash: string;
  type: string;
  team_id: string;
  blocks: unknown[];
  callback_id: string;
  external_id: string;
  private_metadata: string;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  channel_id: string | undefined;
  initial_comment: string | undefined;
  thread_ts: string | undefined;
  bytes: Buffer;
}

export interface FailureSpec {
  /** HTTP status; 429 answers carry Retry-After. Defaults to 200 with ok:false. */
  status?: number;
  retryAfter?: number;
  error?: string;
  times?: number;
}

interface Reply {
  status: number;
  body: JsonObject;
  retryAfter?: number;
}

type Handler = (args: JsonObject) => JsonObject;

interface StoredFile {
  id: string;
  filename: string;
  bytes?: Buffer;
  shared?: UploadedFile;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}

export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly violations: string[] = [];
  private origin = '';
  private readonly server: Server;
  private readonly now: () => number;
  private readonly team: { id: string; name: string; domain: string };
  private readonly methods: Record<string, Handler>;
  private socketModeUrl: string | undefined;
  private readonly users = new Map<string, FakeUser>();
  private readonly userGroups = new Map<string, string[]>();
  private readonly channels = new Map<string, FakeChannel>();
  /** Sorted member ids joined by commas -> D (one user) or G (several users) channel id. */
  private readonly directChannels = new Map<string, string>();
  private readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  private readonly views = new Map<string, FakeView>();
  private readonly homeViewIds = new Map<string, string>();
  private lastStoredView: FakeView | undefined;
  private readonly storedMessages: FakeMessage[] = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly responseUrls = new Set<string>();
  private readonly failures = new Map<string, Array<FailureSpec & { remaining: number }>>();
  private readonly rateLimits = new Map<string, { perMinute: number; hits: number[] }>();
  private readonly waiters = new Set<() => void>();
  private readonly answerDelays = new Map<string, number>();
  private down = false;
  private idSerial = 0;
  private tsSerial = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.now = options.now ?? Date.now;
    this.team = {
      id: options.teamId ?? 'T0001',
      name: options.teamName ?? 'Fake Plant',
      domain: options.teamDomain ?? 'fake-plant',
    };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
      });
    });
    this.methods = {
      'auth.test': () => this.authTest(),
      'team.info': () => ({ ok: true, team: { ...this.team, email_domain: '', icon: {} } }),
      'users.info': (args) => this.usersInfo(args),
      'usergroups.users.list': (args) => this.userGroupMembers(args),
      'conversations.open': (args) => this.conversationsOpen(args),
      'conversations.info': (args) => this.conversationsInfo(args),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      'chat.update': (args) => this.updateMessage(args),
      'chat.delete': (args) => this.deleteMessage(args),
      'chat.getPermalink': (args) => this.permalink(args),
      'views.open': (args) => this.openView(args),
      'views.push': (args) => this.openView(args),
      'views.update': (args) => this.updateView(args),
      'views.publish': (args) => this.publishView(args),
      'files.getUploadURLExternal': (args) => this.uploadUrl(args),
      'files.completeUploadExternal': (args) => this.completeUpload(args),
      'apps.connections.open': () =>
        this.socketModeUrl === undefined
          ? { ok: false, error: 'not_allowed_token_type' }
          : { ok: true, url: this.socketModeUrl },
    };
  }

  /** Where apps.connections.open sends a Socket Mode client: a WebSocket server the test runs. */
  setSocketModeUrl(url: string): void {
    this.socketModeUrl = url;
  }

  /** Base URL for `new WebClient(token, { slackApiUrl: fake.apiUrl })`. */
  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('Fake Slack has no TCP address.');
    this.origin = `http://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  // ---- What the test sets up ----

  setUser(user: FakeUser): void {
    zoneFacts(user.tz ?? 'America/Chicago', new Date(this.now())); // fails fast on a misspelt zone
    this.users.set(user.id, user);
  }

  setUserGroup(groupId: string, userIds: string[]): void {
    this.userGroups.set(groupId, [...userIds]);
  }

  setChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, channel);
  }

  /** A trigger id as Slack puts in a command or click: usable once, for 3 seconds. */
  issueTriggerId(): string {
    const id = `${13_345_224_600 + this.nextSerial()}.738474920.${randomBytes(11).toString('hex').slice(0, 21)}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false });
    return id;
  }

  /** A response_url served by this fake; what the app posts there is recorded as method 'response_url'. */
  issueResponseUrl(): string {
    const url = `${this.origin}/response/${this.newId('R')}`;
    this.responseUrls.add(url);
    return url;
  }

  failNext(method: string, spec: FailureSpec = {}): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ ...spec, remaining: spec.times ?? 1 });
    this.failures.set(method, queue);
  }

  /** Slack takes each call to `method` at once but answers `ms` later, as a slow network does. */
  slowDown(method: string, ms: number): void {
    this.answerDelays.set(method, ms);
  }

  /** Slack unreachable: every Web API call has its connection dropped, unrecorded, until the outage ends. */
  startOutage(): void {
    this.down = true;
  }

  endOutage(): void {
    this.down = false;
  }

  get isDown(): boolean {
    return this.down;
  }

  rateLimit(method: string, limit: { perMinute: number }): void {
    this.rateLimits.set(method, { perMinute: limit.perMinute, hits: [] });
  }

  // ---- What the test reads ----

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  lastCall(method: string): FakeCall | undefined {
    return this.callsTo(method).at(-1);
  }

  /** The first call to `method` (since the last clear()) matching the predicate, waiting if needed. */
  waitFor(
    method: string,
    predicate: (call: FakeCall) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<FakeCall> {
    const find = () => this.calls.find((call) => call.method === method && predicate(call));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const call = find();
        if (call) {
          stop();
          resolve(call);
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(
          new Error(`Fake Slack: no matching ${method} call within ${timeoutMs} ms. ${this.describeCalls()}`),
        );
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** Forgets the recorded calls; users, messages, views and violations stay. */
  clear(): void {
    this.calls.length = 0;
  }

  assertNoViolations(): void {
    if (this.violations.length > 0) {
      throw new Error(
        `Fake Slack saw ${this.violations.length} violation(s):\n- ${this.violations.join('\n- ')}`,
      );
    }
  }

  /** Messages in post order, thread replies and ephemerals included. A user id reads their DM. */
  messages(channel?: string): FakeMessage[] {
    if (channel === undefined) return [...this.storedMessages];
    const id = this.resolveChannel(channel);
    return this.storedMessages.filter((message) => message.channel === id);
  }

  /** The DM channel id Slack gives the bot's conversation with this user (stable for the fake's life). */
  dmChannel(userId: string): string {
    return this.directChannelFor([userId]);
  }

  view(idOrExternalId: string): FakeView | undefined {
    return this.views.get(idOrExternalId) ?? this.viewByExternalId(idOrExternalId);
  }

  /** The view most recently opened, pushed, updated or published. */
  lastView(): FakeView | undefined {
    return this.lastStoredView;
  }

  homeView(userId: string): FakeView | undefined {
    const id = this.homeViewIds.get(userId);
    return id === undefined ? undefined : this.views.get(id);
  }

  uploadedFiles(): UploadedFile[] {
    return [...this.files.values()].flatMap((file) => (file.shared ? [file.shared] : []));
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    const [, area = '', name = ''] = url.pathname.split('/');
    if (area === 'api' && this.down) {
      req.socket.destroy();
      return;
    }
    if (area === 'api') {
      const args = { ...Object.fromEntries(url.searchParams), ...parseArgs(contentType, raw) };
      const token =
        bearerToken(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : undefined);
      delete args.token;
      const reply = token?.trim() ? this.reply(name, args, this.methods[name]) : answer(fail('not_authed'));
      this.record(name, args, token, reply);
      const delay = this.answerDelays.get(name);
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      send(res, reply);
    } else if (area === 'upload' && this.files.has(name)) {
      const file = this.files.get(name);
      if (file) file.bytes = await uploadedBytes(contentType, raw);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${raw.length}`);
    } else if (area === 'response' && this.responseUrls.has(`${this.origin}${url.pathname}`)) {
      const args = parseArgs(contentType, raw);
      const reply = this.reply('response_url', args, () => ({ ok: true }));
      this.record('response_url', args, undefined, reply);
      send(res, reply);
    } else {
      send(res, { status: 404, body: fail('not_found') });
    }
  }

  private reply(method: string, args: JsonObject, handler: Handler | undefined): Reply {
    const injected = this.takeFailure(method);
    if (injected) return injected;
    const limited = this.takeRateLimitSlot(method);
    if (limited) return limited;
    if (!handler) {
      this.violations.push(`${method}: the app called a method this fake does not know (unknown_method).`);
      return answer(fail('unknown_method'));
    }
    const problems = checkBlockKit(method, args);
    if (problems.length > 0) {
      this.violations.push(...problems.map((problem) => `${method}: ${problem}`));
      const error = method.startsWith('views.') ? 'invalid_arguments' : 'invalid_blocks';
      return answer({ ...fail(error), response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } });
    }
    return answer(handler(args));
  }

  private record(method: string, args: JsonObject, token: string | undefined, reply: Reply): void {
    const ok = reply.body.ok === true;
    const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
    this.calls.push({ method, args, at: this.now(), token, ok, ...(error ? { error } : {}) });
    for (const waiter of [...this.waiters]) waiter();
  }

  private takeFailure(method: string): Reply | undefined {
    const queue = this.failures.get(method);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    const status = next.status ?? 200;
    if (status === 429)
      return { status, body: fail(next.error ?? 'ratelimited'), retryAfter: next.retryAfter ?? 1 };
    return { status, body: fail(next.error ?? 'internal_error'), retryAfter: next.retryAfter };
  }

  private takeRateLimitSlot(method: string): Reply | undefined {
    const limit = this.rateLimits.get(method);
    if (!limit) return undefined;
    const now = this.now();
    limit.hits = limit.hits.filter((at) => now - at < RATE_WINDOW_MS);
    const oldest = limit.hits[0];
    if (limit.hits.length < limit.perMinute || oldest === undefined) {
      limit.hits.push(now);
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
    return { status: 429, body: fail('ratelimited'), retryAfter };
  }

  private describeCalls(): string {
    const counts = new Map<string, number>();
    for (const call of this.calls) counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    if (counts.size === 0) return 'No calls received.';
    const list = [...counts].map(([method, count]) => (count > 1 ? `${method} x${count}` : method));
    return `Received: ${list.join(', ')}.`;
  }

  // ---- Web API methods ----

  private authTest(): JsonObject {
    return {
      ok: true,
      url: `https://${this.team.domain}.slack.com/`,
      team: this.team.name,
      user: 'maturity-bot',
      team_id: this.team.id,
      user_id: BOT_USER_ID,
      bot_id: BOT_ID,
      is_enterprise_install: false,
    };
  }

  private usersInfo(args: JsonObject): JsonObject {
    const user = this.users.get(stringOr(args.user, ''));
    if (!user) return fail('user_not_found');
    const tz = user.tz ?? 'America/Chicago';
    const zone = zoneFacts(tz, new Date(this.now()));
    const name = user.name ?? user.id.toLowerCase();
    const realName = user.real_name ?? name;
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: user.team_id ?? this.team.id,
        name,
        deleted: user.deleted ?? false,
        real_name: realName,
        tz,
        tz_label: zone.label,
        tz_offset: user.tz_offset ?? zone.offsetSeconds,
        is_admin: user.is_admin ?? false,
        is_owner: user.is_owner ?? false,
        is_primary_owner: false,
        is_restricted: false,
        is_ultra_restricted: false,
        is_bot: false,
        is_app_user: false,
        profile: {
          real_name: realName,
          display_name: name,
          real_name_normalized: realName,
          display_name_normalized: name,
        },
      },
    };
  }

  private userGroupMembers(args: JsonObject): JsonObject {
    const members = this.userGroups.get(stringOr(args.usergroup, ''));
    return members ? { ok: true, users: [...members] } : fail('no_such_subteam');
  }

  private conversationsOpen(args: JsonObject): JsonObject {
    if (typeof args.channel === 'string' && args.channel) return { ok: true, channel: { id: args.channel } };
    const users = stringOr(args.users, '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length === 0) return fail('users_list_not_supplied');
    return { ok: true, no_op: true, already_open: true, channel: { id: this.directChannelFor(users) } };
  }

  private conversationsInfo(args: JsonObject): JsonObject {
    const id = stringOr(args.channel, '');
    const direct = [...this.directChannels].find(([, channelId]) => channelId === id);
    if (direct) {
      const [members] = direct;
      const isIm = id.startsWith('D');
      return {
        ok: true,
        channel: { id, is_im: isIm, is_mpim: !isIm, is_private: true, user: isIm ? members : undefined },
      };
    }
    if (!/^[CG]/.test(id)) return fail('channel_not_found');
    const known = this.channels.get(id);
    return {
      ok: true,
      channel: {
        id,
        name: known?.name ?? `channel-${id.toLowerCase()}`,
        is_channel: true,
        is_group: false,
        is_im: false,
        is_private: known?.is_private ?? id.startsWith('G'),
        is_archived: false,
        is_member: known?.is_member ?? true,
        context_team_id: this.team.id,
      },
    };
  }

  private postMessage(args: JsonObject): JsonObject {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    if (this.channels.get(channel)?.is_member === false) return fail('not_in_channel');
    if (!hasContent(args)) return fail('no_text');
    const message = this.storeMessage(channel, args);
    return { ok: true, channel, ts: message.ts, message: this.messageJson(message) };
  }

  private postEphemeral(args: JsonObject): JsonObject {
    const channel = this.resolveChannel(args.channel);
    if (!channel) return fail('channel_not_found');
    if (typeof args.user !== 'string' || !args.user) return fail('user_not_found');
    if (!hasContent(args)) return fail('no_text');
    const message = this.storeMessage(channel, args);
    message.ephemeral_to = args.user;
    return { ok: true, message_ts: message.ts };
  }

  private updateMessage(args: JsonObject): JsonObject {
    const message = this.findMessage(args.channel, args.ts);
    if (!message) return fail('message_not_found');
    if (typeof args.text === 'string') message.text = args.text;
    // As in Slack, fields left out keep their previous content.
    if (args.blocks !== undefined) message.blocks = this.withGeneratedIds(args.blocks);
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: this.messageJson(message),
    };
  }

  private deleteMessage(args: JsonObject): JsonObject {
    const message = this.findMessage(args.channel, args.ts);
    if (!message) return fail('message_not_found');
    this.storedMessages.splice(this.storedMessages.indexOf(message), 1);
    return { ok: true, channel: message.channel, ts: message.ts };
  }

  private permalink(args: JsonObject): JsonObject {
    const message = this.findMessage(args.channel, args.message_ts);
    if (!message) return fail('message_not_found');
    const path = `archives/${message.channel}/p${message.ts.replace('.', '')}`;
    return { ok: true, channel: message.channel, permalink: `https://${this.team.domain}.slack.com/${path}` };
  }

  private openView(args: JsonObject): JsonObject {
    const triggerError = this.useTrigger(args.trigger_id);
    if (triggerError) return fail(triggerError);
    if (!isRecord(args.view)) return fail('invalid_arguments');
    if (typeof args.view.external_id === 'string' && this.viewByExternalId(args.view.external_id)) {
      return fail('duplicate_external_id');
    }
    return { ok: true, view: this.storeView(args.view, this.newId('V')) };
  }

  private updateView(args: JsonObject): JsonObject {
    const viewId = stringOr(args.view_id, '');
    const current = viewId ? this.views.get(viewId) : this.viewByExternalId(stringOr(args.external_id, ''));
    if (!current) return fail('not_found');
    if (typeof args.hash === 'string' && args.hash !== current.hash) return fail('hash_conflict');
    if (!isRecord(args.view)) return fail('invalid_arguments');
    // A view keeps its external id when the update leaves it out.
    return { ok: true, view: this.storeView({ external_id: current.external_id, ...args.view }, current.id) };
  }

  private publishView(args: JsonObject): JsonObject {
    const userId = stringOr(args.user_id, '');
    if (!userId) return fail('invalid_arguments');
    if (!isRecord(args.view)) return fail('invalid_arguments');
    const currentId = this.homeViewIds.get(userId);
    const current = currentId === undefined ? undefined : this.views.get(currentId);
    if (typeof args.hash === 'string' && current && args.hash !== current.hash) return fail('hash_conflict');
    const view = this.storeView(args.view, currentId ?? this.newId('V'));
    this.homeViewIds.set(userId, view.id);
    return { ok: true, view };
  }

  private uploadUrl(args: JsonObject): JsonObject {
    const filename = stringOr(args.filename, '');
    const length = Number(args.length);
    if (!filename || !Number.isInteger(length) || length < 0) return fail('invalid_arguments');
    const id = this.newId('F');
    this.files.set(id, { id, filename });
    return { ok: true, upload_url: `${this.origin}/upload/${id}`, file_id: id };
  }

  private completeUpload(args: JsonObject): JsonObject {
    const entries = recordsIn(args.files);
    if (entries.length === 0) return fail('invalid_arguments');
    const files = entries.map((entry) => this.files.get(stringOr(entry.id, '')));
    const channelId = args.channel_id === undefined ? undefined : this.resolveChannel(args.channel_id);
    if (args.channel_id !== undefined && !channelId) return fail('channel_not_found');
    const shared: UploadedFile[] = [];
    for (const [index, file] of files.entries()) {
      if (!file?.bytes) return fail('file_not_found');
      file.shared = {
        id: file.id,
        filename: file.filename,
        title: stringOr(entries[index]?.title, file.filename),
        channel_id: channelId,
        initial_comment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined,
        thread_ts: typeof args.thread_ts === 'string' ? args.thread_ts : undefined,
        bytes: file.bytes,
      };
      shared.push(file.shared);
    }
    const filesJson = shared.map((file) => ({
      id: file.id,
      name: file.filename,
      title: file.title,
      size: file.bytes.length,
      user: BOT_USER_ID,
      permalink: `https://${this.team.domain}.slack.com/files/${BOT_USER_ID}/${file.id}/${file.filename}`,
    }));
    if (channelId) {
      const message = this.storeMessage(channelId, { ...args, text: args.initial_comment ?? '' });
      message.files = filesJson;
    }
    return { ok: true, files: filesJson };
  }

  // ---- State helpers ----

  private useTrigger(triggerId: unknown): string | undefined {
    const trigger = this.triggers.get(stringOr(triggerId, ''));
    if (!trigger) return 'invalid_trigger_id';
    if (trigger.used || this.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return 'expired_trigger_id';
    trigger.used = true;
    return undefined;
  }

  private storeView(source: JsonObject, id: string): FakeView {
    const view: FakeView = {
      callback_id: '',
      external_id: '',
      private_metadata: '',
      clear_on_close: false,
      notify_on_close: false,
      submit: null,
      close: null,
      ...source,
      id,
      team_id: this.team.id,
      app_id: APP_ID,
      bot_id: BOT_ID,
      app_installed_team_id: this.team.id,
      type: stringOr(source.type, 'modal'),
      blocks: this.withGeneratedIds(source.blocks),
      hash: `${Math.floor(this.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      state: { values: {} },
      root_view_id: id,
      previous_view_id: null,
    };
    this.views.set(id, view);
    this.lastStoredView = view;
    return view;
  }

  private viewByExternalId(externalId: string): FakeView | undefined {
    if (!externalId) return undefined;
    return [...this.views.values()].find((view) => view.external_id === externalId);
  }

  private storeMessage(channel: string, args: JsonObject): FakeMessage {
    const message: FakeMessage = {
      channel,
      ts: this.nextTs(),
      text: stringOr(args.text, ''),
      user: BOT_USER_ID,
      bot_id: BOT_ID,
    };
    if (typeof args.thread_ts === 'string') message.thread_ts = args.thread_ts;
    if (args.blocks !== undefined) message.blocks = this.withGeneratedIds(args.blocks);
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
    this.storedMessages.push(message);
    return message;
  }

  private messageJson(message: FakeMessage): JsonObject {
    return {
      type: 'message',
      team: this.team.id,
      user: message.user,
      bot_id: message.bot_id,
      app_id: APP_ID,
      ts: message.ts,
      text: message.text,
      blocks: message.blocks,
      attachments: message.attachments,
      thread_ts: message.thread_ts,
    };
  }

  private findMessage(channel: unknown, ts: unknown): FakeMessage | undefined {
    const id = this.resolveChannel(channel);
    return this.storedMessages.find((message) => message.channel === id && message.ts === ts);
  }

  /** Slack accepts a user id as a channel and posts to the DM with that user. */
  private resolveChannel(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (/^[UW][A-Z0-9]+$/.test(value)) return this.dmChannel(value);
    return /^[CDG][A-Z0-9]+$/.test(value) ? value : undefined;
  }

  private directChannelFor(userIds: string[]): string {
    const key = [...userIds].sort().join(',');
    const existing = this.directChannels.get(key);
    if (existing) return existing;
    const id = this.newId(userIds.length === 1 ? 'D' : 'G');
    this.directChannels.set(key, id);
    return id;
  }

  /** Slack gives every block a block_id and every interactive element an action_id when the app does not. */
  private withGeneratedIds(blocks: unknown): unknown[] {
    if (!Array.isArray(blocks)) return [];
    const withActionId = (element: unknown) =>
      isRecord(element) && element.type !== 'image' && typeof element.action_id !== 'string'
        ? { ...element, action_id: this.generatedId() }
        : element;
    return blocks.map((block) => {
      if (!isRecord(block)) return block;
      const copy: JsonObject = { ...block };
      if (typeof copy.block_id !== 'string') copy.block_id = this.generatedId();
      if (copy.accessory !== undefined) copy.accessory = withActionId(copy.accessory);
      if (copy.type === 'input') copy.element = withActionId(copy.element);
      if (copy.type === 'actions' && Array.isArray(copy.elements))
        copy.elements = copy.elements.map(withActionId);
      return copy;
    });
  }

  private generatedId(): string {
    return `gen${this.nextSerial().toString(36)}`;
  }

  private newId(prefix: string): string {
    return `${prefix}${String(this.nextSerial()).padStart(10, '0')}`;
  }

  private nextSerial(): number {
    this.idSerial += 1;
    return this.idSerial;
  }

  /** Increasing, unique message timestamps: 1700000000.000100, 1700000000.000200, ... */
  private nextTs(): string {
    this.tsSerial += 1;
    const seconds = 1_700_000_000 + Math.floor(this.tsSerial / 10_000);
    const micros = (this.tsSerial % 10_000) * 100;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }
}

function fail(error: string): JsonObject {
  return { ok: false, error };
}

function answer(body: JsonObject): Reply {
  return { status: 200, body };
}

function hasContent(args: JsonObject): boolean {
  return (
    (typeof args.text === 'string' && args.text !== '') ||
    args.blocks !== undefined ||
    args.attachments !== undefined
  );
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
  res.writeHead(reply.status, headers);
  res.end(JSON.stringify(reply.body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function parseArgs(contentType: string, raw: Buffer): JsonObject {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) {
    const parsed: unknown = text ? JSON.parse(text) : {};
    return isRecord(parsed) ? parsed : {};
  }
  const args: JsonObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = JSON_FIELDS.has(key) ? parseJsonField(value) : value;
  }
  return args;
}

/** Leaves malformed JSON as the string it was, so the Block Kit check reports it. */
function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(header ?? '');
  return match?.[1];
}

/** files.uploadV2 posts the bytes as a multipart form with one file part. */
async function uploadedBytes(contentType: string, raw: Buffer): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

function zoneFacts(timeZone: string, at: Date): { label: string; offsetSeconds: number } {
  const part = (timeZoneName: 'long' | 'longOffset') =>
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offsetSeconds = match
    ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60)
    : 0;
  return { label: part('long'), offsetSeconds };
}
