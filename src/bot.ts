import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { type Config, ConfigError } from './config.js';
import { intakeRoutes } from './http/intake.js';
import { Announcer } from './rituals/announcements.js';
import { CHECKS, RITUALS } from './rituals/index.js';
import type { RitualDeps } from './rituals/job.js';
import { pacedSlackFor } from './rituals/pacing.js';
import { type Scheduler, startScheduler } from './rituals/scheduler.js';
import {
  buildBoltApp,
  initWhenSlackAnswers,
  type SlackConnection,
  type SocketReconnect,
} from './slack/app.js';
import type { AppDeps } from './slack/deps.js';
import { tokenRefusal } from './slack/errors.js';
import { registerListeners } from './slack/index.js';
import { UserDirectory } from './slack/users.js';
import { type Db, openDatabase } from './store/db.js';

export interface RunningBot {
  readonly app: App;
  readonly db: Db;
  readonly deps: AppDeps;
  /** What a ritual job needs: tests drive `runDueRituals` with these and their own clock. */
  readonly ritualDeps: RitualDeps;
  /** The HTTP port actually bound (useful when the configured port is 0). */
  readonly port: number;
  /** Where the link to Slack stands (Socket Mode), for readiness checks. */
  connection(): SlackConnection;
  /**
   * Stops taking new work, lets listeners under way, the current ritual step and pending announcements finish
   * (for at most the grace period), then closes the database.
   */
  stop(): Promise<void>;
}

export interface BotOptions {
  /** The only clock: tests pass a fake one. */
  readonly now?: () => Date;
  /** The every-minute ritual heartbeat; tests turn it off and drive time themselves. */
  readonly heartbeat?: boolean;
  /** Socket Mode's reconnection timing; tests shrink it to live through a long outage in a second. */
  readonly reconnect?: SocketReconnect;
  /**
   * Slack refused a token for good (revoked, wrong kind, app uninstalled): nothing works until the operator fixes
   * the setting named in `problem`. main.ts stops the process; by default it is logged as an error.
   */
  readonly onFatal?: (problem: string) => void;
  /** How long a stop waits for work under way. */
  readonly stopGraceMs?: number;
}

/** A few seconds: enough for a listener's follow-up calls and one paced send, short enough for any supervisor. */
export const STOP_GRACE_MS = 5_000;

/** Listener work under way (Bolt runs it after the ack), so a stop can let it finish. */
class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when everything under way has settled, or after `ms`; says whether it all settled. */
  async settled(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    const all = Promise.allSettled([...this.running]).then(() => true as const);
    const done = await Promise.race([all, late]);
    clearTimeout(timer);
    return done;
  }

  get size(): number {
    return this.running.size;
  }
}

function refusedTokenProblem(variable: string, code: string): string {
  return `${variable} was refused by Slack (${code}): the token was revoked, is of the wrong kind, or the app was removed from the workspace. Put a valid token in ${variable} and start the app again.`;
}

/** config -> database -> app -> listeners -> scheduler -> start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const now = options.now ?? (() => new Date());
  const graceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  const db = openDatabase(config.databasePath);
  let fatal = (problem: string) => options.onFatal?.(problem);
  const routes = intakeRoutes({
    db,
    now,
    feeds: config.feeds,
    onError: (error) => app.logger.error('The observation intake failed', error),
  });
  const bolt = buildBoltApp(config, db, {
    routes,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    onAppTokenRefused: (error) =>
      fatal(refusedTokenProblem('SLACK_APP_TOKEN', tokenRefusal(error) ?? String(error))),
  });
  const { app } = bolt;
  if (!options.onFatal) fatal = (problem) => app.logger.error(problem);
  const onTokenRefused = (code: string) => fatal(refusedTokenProblem('SLACK_BOT_TOKEN', code));
  // One paced sender for the rituals and the announcements, so both keep to one send at a time per workspace.
  const slack = pacedSlackFor(app.client, app.logger);
  const announcements = new Announcer({ db, client: app.client, logger: app.logger, slack, onTokenRefused });
  const deps: AppDeps = {
    db,
    now,
    logger: app.logger,
    users: new UserDirectory(now),
    announcements,
    feeds: config.feeds,
  };
  const listeners = new InFlight();
  app.use(async ({ next }) => {
    try {
      await listeners.track(next());
    } catch (error) {
      const refused = tokenRefusal(error);
      if (refused) onTokenRefused(refused);
      throw error;
    }
  });
  registerListeners(app, deps);
  const ritualDeps: RitualDeps = {
    db,
    client: app.client,
    logger: app.logger,
    slack,
    onTokenRefused,
    feeds: config.feeds,
  };
  const scheduler: Scheduler | undefined =
    options.heartbeat === false ? undefined : startScheduler(ritualDeps, RITUALS, now, CHECKS);
  let port = config.port;
  let botTokenChecked = false;
  try {
    await initWhenSlackAnswers(app, options.reconnect, (error, waitMs) =>
      app.logger.warn(`Slack is not answering (${String(error)}); trying again in ${waitMs} ms`),
    );
    botTokenChecked = true;
    if (config.mode.kind === 'http') {
      const server = await app.start(config.port);
      port = (server.address() as AddressInfo).port;
    } else {
      // Waits through an outage (see buildBoltApp); only a refused token gets an answer that ends it.
      await app.start();
    }
  } catch (error) {
    await scheduler?.stop();
    db.close();
    const refused = tokenRefusal(error);
    if (!refused) throw error;
    // The bot token is checked first; the socket's start then uses the app-level one.
    const variable = botTokenChecked ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN';
    throw new ConfigError([refusedTokenProblem(variable, refused)]);
  }
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    const deadline = Date.now() + graceMs;
    const left = () => deadline - Date.now();
    // The heartbeat first: no new tick, no new send; the step under way finishes and is recorded.
    const ritualsStopped = scheduler?.stop();
    // No new requests from Slack; Slack sends again whatever it did not get acknowledged.
    await bolt.stop(left());
    if (!(await listeners.settled(left())))
      app.logger.warn(`Stopping with ${listeners.size} listener(s) still running after ${graceMs} ms`);
    await announcements.stop(left());
    await ritualsStopped;
    db.close();
  };
  return {
    app,
    db,
    deps,
    ritualDeps,
    port,
    connection: bolt.connection,
    stop() {
      stopped ??= stop();
      return stopped;
    },
  };
}
