import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

let fake: FakeSlack;
let clockMs: number;
let client: WebClient;

function clientFor(target: FakeSlack, options: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient('xoxb-test', {
    slackApiUrl: target.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

const modal = {
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Register agent' },
  submit: { type: 'plain_text' as const, text: 'Save' },
  blocks: [
    {
      type: 'input' as const,
      label: { type: 'plain_text' as const, text: 'Name' },
      element: { type: 'plain_text_input' as const },
    },
  ],
};

beforeEach(async () => {
  clockMs = Date.UTC(2025, 0, 15, 12);
  fake = await startFakeSlack({ now: () => clockMs });
  client = clientFor(fake);
});

afterEach(async () => {
  await fake.close();
});

describe('fake Slack against the real WebClient', () => {
  it('answers auth.test and records the call with its token', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' });
    expect(fake.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.lastCall('auth.test')).toMatchObject({ token: 'xoxb-test', ok: true, at: clockMs });
  });

  it('refuses a call without a token', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.apiUrl, logLevel: LogLevel.ERROR });
    await expect(anonymous.auth.test()).rejects.toMatchObject({ data: { ok: false, error: 'not_authed' } });
    expect(fake.lastCall('auth.test')).toMatchObject({ ok: false, error: 'not_authed' });
  });

  it('parses JSON bodies as well as forms', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-json', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C100', text: 'hello', blocks: [{ type: 'divider' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C100' });
    expect(fake.lastCall('chat.postMessage')?.args).toEqual({
      channel: 'C100',
      text: 'hello',
      blocks: [{ type: 'divider' }],
    });
  });

  it('posts messages with increasing unique ts, DMs to user ids and keeps thread replies', async () => {
    const first = await client.chat.postMessage({
      channel: 'C100',
      text: 'Gate review today',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Gate review* today' } }],
    });
    const reply = await client.chat.postMessage({ channel: 'C100', text: 'Details', thread_ts: first.ts });
    const direct = await client.chat.postMessage({ channel: 'U200', text: 'Your vote is due' });

    expect(first.ts).toBe('1700000000.000100');
    expect(reply.ts).toBe('1700000000.000200');
    expect(direct.channel).toMatch(/^D/);
    expect(direct.channel).toBe(fake.dmChannel('U200'));
    expect(fake.callsTo('chat.postMessage')[0]?.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Gate review* today' } },
    ]);
    expect(fake.messages('C100').map((m) => [m.text, m.thread_ts])).toEqual([
      ['Gate review today', undefined],
      ['Details', first.ts],
    ]);
    expect(fake.messages('U200').map((m) => m.text)).toEqual(['Your vote is due']);
  });

  it('updates, deletes, links and sends ephemeral messages', async () => {
    const posted = await client.chat.postMessage({ channel: 'C100', text: 'Draft' });
    const ts = posted.ts ?? '';
    await client.chat.update({ channel: 'C100', ts, text: 'Final' });
    expect(fake.messages('C100')[0]?.text).toBe('Final');

    const link = await client.chat.getPermalink({ channel: 'C100', message_ts: ts });
    expect(link.permalink).toBe(`https://fake-plant.slack.com/archives/C100/p${ts.replace('.', '')}`);

    const ephemeral = await client.chat.postEphemeral({ channel: 'C100', user: 'U200', text: 'Only you' });
    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.messages('C100').find((m) => m.ephemeral_to === 'U200')?.text).toBe('Only you');

    await client.chat.delete({ channel: 'C100', ts });
    expect(fake.messages('C100').map((m) => m.text)).toEqual(['Only you']);
    await expect(client.chat.update({ channel: 'C100', ts, text: 'Again' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
  });

  it('opens a view once per fresh trigger id', async () => {
    const trigger = fake.issueTriggerId();
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]{21}$/);
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view?.hash).toBeTruthy();
    const stored = fake.lastView();
    expect(stored?.id).toBe(opened.view?.id);
    expect(stored?.blocks[0]).toMatchObject({
      block_id: expect.any(String),
      element: { action_id: expect.any(String) },
    });

    await expect(client.views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
    await expect(client.views.open({ trigger_id: '123.456.abc', view: modal })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
  });

  it('expires trigger ids after 3 seconds', async () => {
    const trigger = fake.issueTriggerId();
    clockMs += 3001;
    await expect(client.views.open({ trigger_id: trigger, view: modal })).rejects.toMatchObject({
      data: { error: 'expired_trigger_id' },
    });
  });

  it('updates views by id or external id, refusing a stale hash', async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: { ...modal, external_id: 'agent-42' },
    });
    const id = opened.view?.id ?? '';
    const staleHash = opened.view?.hash ?? '';
    const renamed = { ...modal, title: { type: 'plain_text' as const, text: 'Edit agent' } };
    const updated = await client.views.update({ view_id: id, hash: staleHash, view: renamed });
    expect(updated.view?.id).toBe(id);
    expect(fake.view(id)?.title).toEqual({ type: 'plain_text', text: 'Edit agent' });

    await expect(client.views.update({ view_id: id, hash: staleHash, view: renamed })).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
    await client.views.update({ external_id: 'agent-42', view: modal });
    expect(fake.view('agent-42')?.id).toBe(id);
    await expect(client.views.update({ view_id: 'V404', view: modal })).rejects.toMatchObject({
      data: { error: 'not_found' },
    });
  });

  it('keeps the latest home view per user', async () => {
    const home = (text: string) => ({
      type: 'home' as const,
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
    });
    const first = await client.views.publish({ user_id: 'U200', view: home('first') });
    const second = await client.views.publish({ user_id: 'U200', view: home('second') });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.homeView('U200')?.blocks).toMatchObject([{ text: { text: 'second' } }]);
    expect(fake.homeView('U300')).toBeUndefined();
  });

  it('answers users, user groups, conversations and team from what the test set', async () => {
    fake.setUser({ id: 'U200', name: 'maria', real_name: 'Maria Lopez', is_admin: true });
    fake.setUser({ id: 'U300', tz: 'Europe/Berlin', tz_offset: 3600 });
    fake.setUserGroup('S100', ['U200', 'U300']);

    const maria = await client.users.info({ user: 'U200' });
    expect(maria.user).toMatchObject({
      id: 'U200',
      team_id: 'T0001',
      name: 'maria',
      real_name: 'Maria Lopez',
      tz: 'America/Chicago',
      tz_offset: -21600, // January: Central Standard Time
      is_admin: true,
      is_owner: false,
      deleted: false,
    });
    expect((await client.users.info({ user: 'U300' })).user).toMatchObject({
      tz: 'Europe/Berlin',
      tz_offset: 3600,
    });
    await expect(client.users.info({ user: 'U999' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });

    expect((await client.usergroups.users.list({ usergroup: 'S100' })).users).toEqual(['U200', 'U300']);
    await expect(client.usergroups.users.list({ usergroup: 'S999' })).rejects.toMatchObject({
      data: { error: 'no_such_subteam' },
    });

    const dm = await client.conversations.open({ users: 'U200' });
    expect(dm.channel?.id).toBe(fake.dmChannel('U200'));
    expect((await client.conversations.open({ users: 'U200' })).channel?.id).toBe(dm.channel?.id);
    expect((await client.conversations.info({ channel: dm.channel?.id ?? '' })).channel).toMatchObject({
      is_im: true,
      user: 'U200',
    });
    expect((await client.team.info()).team).toMatchObject({ id: 'T0001', domain: 'fake-plant' });
  });

  it('round-trips files.uploadV2 bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 127, 128, 254, 255]);
    await client.files.uploadV2({
      channel_id: 'C100',
      file: bytes,
      filename: 'scores.bin',
      title: 'Scores',
      initial_comment: 'Monthly scores',
    });
    await client.files.uploadV2({
      channel_id: 'C100',
      content: 'agent,level\nA1,3\n',
      filename: 'levels.csv',
    });

    const files = fake.uploadedFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ filename: 'scores.bin', title: 'Scores', channel_id: 'C100' });
    expect(files[0]?.initial_comment).toBe('Monthly scores');
    expect(files[0]?.bytes.equals(bytes)).toBe(true);
    expect(files[1]?.bytes.toString('utf8')).toBe('agent,level\nA1,3\n');
    expect(fake.messages('C100')[0]).toMatchObject({
      text: 'Monthly scores',
      files: [{ name: 'scores.bin' }],
    });
  });

  it('records a Block Kit violation and refuses the surface', async () => {
    const longHeader = 'x'.repeat(151);
    await expect(
      client.chat.postMessage({
        channel: 'C100',
        text: 'Hi',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: longHeader } }],
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(
      client.views.open({
        trigger_id: fake.issueTriggerId(),
        view: { ...modal, title: { type: 'plain_text', text: 'A title far too long for a modal' } },
      }),
    ).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });

    expect(fake.violations).toEqual([
      'chat.postMessage: blocks[0].text.text has 151 characters; Slack allows 150.',
      'views.open: view.title.text has 32 characters; Slack allows 24.',
    ]);
    expect(fake.messages()).toEqual([]);
    expect(() => fake.assertNoViolations()).toThrow(/2 violation\(s\)[\s\S]*view\.title\.text/);
  });

  it('answers unknown methods with unknown_method and counts them as violations', async () => {
    await expect(client.apiCall('agents.promote', { id: 1 })).rejects.toMatchObject({
      data: { error: 'unknown_method' },
    });
    expect(fake.violations).toEqual([
      'agents.promote: the app called a method this fake does not know (unknown_method).',
    ]);
  });

  it('waits for calls and names what arrived when none matches', async () => {
    const waiting = fake.waitFor('chat.postMessage', (call) => call.args.channel === 'C200');
    await client.chat.postMessage({ channel: 'C100', text: 'elsewhere' });
    await client.chat.postMessage({ channel: 'C200', text: 'here' });
    expect((await waiting).args.text).toBe('here');

    fake.clear();
    expect(fake.calls).toEqual([]);
    await client.auth.test();
    await expect(fake.waitFor('views.open', undefined, 50)).rejects.toThrow(
      'Fake Slack: no matching views.open call within 50 ms. Received: auth.test.',
    );
  });

  it('records what the app posts to a response_url', async () => {
    const url = fake.issueResponseUrl();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Saved' }),
    });
    expect(response.status).toBe(200);
    expect(fake.lastCall('response_url')?.args).toEqual({ response_type: 'ephemeral', text: 'Saved' });
    expect((await fetch(`${url}x`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('failure injection', () => {
  it('fails the next calls with the given error', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found', times: 2 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(client.chat.postMessage({ channel: 'C100', text: 'x' })).rejects.toMatchObject({
        data: { error: 'channel_not_found' },
      });
    }
    await expect(client.chat.postMessage({ channel: 'C100', text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('sends 429 with Retry-After, which the real client waits out before retrying', async () => {
    const retrying = clientFor(fake, {
      retryConfig: { retries: 1, factor: 1, minTimeout: 0, maxTimeout: 0 },
    });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = performance.now();
    const result = await retrying.chat.postMessage({ channel: 'C100', text: 'after the wait' });
    const waitedMs = performance.now() - started;

    expect(result.ok).toBe(true);
    expect(waitedMs).toBeGreaterThanOrEqual(950);
    expect(fake.callsTo('chat.postMessage').map((call) => [call.ok, call.error])).toEqual([
      [false, 'ratelimited'],
      [true, undefined],
    ]);
  });

  it('rate limits per method over a sliding minute on the fake clock', async () => {
    const impatient = clientFor(fake, { rejectRateLimitedCalls: true });
    fake.rateLimit('chat.postMessage', { perMinute: 2 });
    await impatient.chat.postMessage({ channel: 'C100', text: '1' });
    clockMs += 20_000;
    await impatient.chat.postMessage({ channel: 'C100', text: '2' });

    await expect(impatient.chat.postMessage({ channel: 'C100', text: '3' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 40,
    });
    await expect(impatient.auth.test()).resolves.toMatchObject({ ok: true });

    clockMs += 40_000;
    await expect(impatient.chat.postMessage({ channel: 'C100', text: '3' })).resolves.toMatchObject({
      ok: true,
    });
  });
});
