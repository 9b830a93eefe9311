/**
 * The real app, started the way `npm start` starts it (HTTP mode), against the fake Slack, with a
 * temporary database and a clock the test sets. Restartable on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningBot, startBot } from '../../src/bot.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging.js';
import { RITUALS } from '../../src/rituals/index.js';
import { runDueRituals, type TickReport } from '../../src/rituals/runner.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import type { StateValues } from './read-view.js';
import {
  type SendOptions,
  SlackRequester,
  type SlackResponse,
  viewSubmissionPayload,
} from './slack-request.js';

export const TEAM_ID = 'T0001';
export const SIGNING_SECRET = '8f742231b10e8888abcd99bbbccc85a5';
export const BOT_TOKEN = 'xoxb-1-test-token';

export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  readonly fake: FakeSlack;
  slack: SlackRequester;
  readonly clock: TestClock;
  readonly databasePath: string;
  bot: RunningBot;
  /** Every line the app logged at info and above, parsed (errors are also echoed to stderr). */
  readonly logs: Record<string, unknown>[];
  /** The logged lines with this `event`. */
  events(event: string): Record<string, unknown>[];
  /** `/maturity <text>` typed by `user` in `channel`, with a fresh trigger id the fake Slack accepts. */
  command(text: string, user?: string, channel?: string, options?: SendOptions): Promise<SlackResponse>;
  /** Submits a view the app opened (as the fake Slack stored it) with the given state values. */
  submit(view: object, values: StateValues, user?: string, options?: SendOptions): Promise<SlackResponse>;
  /** The app's own HTTP port, for the routes beside Slack's (the intake, /healthz). */
  url(path: string): string;
  /** Runs one ritual heartbeat at the clock's time (optionally set first), as the CLI's `rituals run --at` does. */
  tick(at?: Date | string): Promise<TickReport>;
  /** Stops the app and starts a new one on the same database, as a deploy or crash would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly now?: Date | string;
  readonly fake?: FakeSlack;
  /** How long a stop (or restart) waits for work under way. */
  readonly stopGraceMs?: number;
  /** More configuration, e.g. a live-feed limit a test wants small. */
  readonly env?: Readonly<Record<string, string>>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const fake = options.fake ?? (await startFakeSlack({ teamId: TEAM_ID }));
  const dir = mkdtempSync(join(tmpdir(), 'maturity-test-'));
  const databasePath = join(dir, 'test.db');
  const clock = new TestClock(new Date(options.now ?? Date.now()));
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger(
    { level: 'info', format: 'json' },
    {
      to: new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) {
            const parsed = JSON.parse(line) as Record<string, unknown>;
            logs.push(parsed);
            if (parsed.level === 'error') process.stderr.write(`${line}\n`);
          }
          done();
        },
      }),
      secrets: [BOT_TOKEN, SIGNING_SECRET],
    },
  );
  const boot = () =>
    startBot(config, {
      now: clock.now,
      heartbeat: false,
      logger,
      ...(options.stopGraceMs === undefined ? {} : { stopGraceMs: options.stopGraceMs }),
    });
  let bot = await boot();
  const requester = () =>
    new SlackRequester({ baseUrl: `http://127.0.0.1:${bot.port}`, signingSecret: SIGNING_SECRET });
  const app: TestApp = {
    fake,
    slack: requester(),
    clock,
    databasePath,
    bot,
    logs,
    events: (event) => logs.filter((line) => line.event === event),
    command(text, user = 'UALICE', channel = 'CGENERAL', sendOptions) {
      return app.slack.command(
        {
          command: '/maturity',
          text,
          user_id: user,
          team_id: TEAM_ID,
          channel_id: channel,
          trigger_id: fake.issueTriggerId(),
          response_url: fake.issueResponseUrl(),
        },
        sendOptions,
      );
    },
    submit(view, values, user = 'UALICE', sendOptions) {
      return app.slack.interaction(
        viewSubmissionPayload({ team: TEAM_ID, user, view, values, triggerId: fake.issueTriggerId() }),
        sendOptions,
      );
    },
    url(path) {
      return `http://127.0.0.1:${app.bot.port}${path}`;
    },
    async tick(at) {
      if (at !== undefined) clock.set(at);
      return runDueRituals(app.bot.ritualDeps, RITUALS, clock.now());
    },
    async restart() {
      await app.bot.stop();
      bot = await boot();
      app.bot = bot;
      app.slack = requester();
    },
    async close() {
      await app.bot.stop();
      if (!options.fake) await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}
