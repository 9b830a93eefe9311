import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, Logger } from '@slack/bolt';
import { type Config, ConfigError } from './config.js';
import { Health } from './health.js';
import { intakeRoutes } from './http/intake.js';
import { closeServer, serveRoutes } from './http/routes-server.js';
import { createLogger, logEvent } from './logging.js';
import { Announcer } from './rituals/announcements.js';
import { CHECKS, RITUALS } from './rituals/index.js';
import type { RitualDeps } from './rituals/job.js';
import { pacedSlackFor } from './rituals/pacing.js';
import { type Scheduler, startScheduler } from './rituals/scheduler.js';
import { ritualStatuses } from './rituals/status.js';
import {
  type BoltApp,
  buildBoltApp,
  initWhenSlackAnswers,
  type SlackConnection,
  type SocketReconnect,
} from './slack/app.js';
import { slackTransport, unreachableMessage } from './slack/connection.js';
import type { AppDeps } from './slack/deps.js';
import { registerListeners } from './slack/index.js';
import { UserDirectory } from './slack/users.js';
import { tokenRefusal } from './slack-errors.js';
import { type Db, openDatabase } from './store/db.js';
import { listWorkspaces } from './store/workspaces.js';

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
  /** /healthz and /readyz. */
  readonly health: Health;
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
  /** Defaults to the configured format on stdout. */
  readonly logger?: Logger;
}

export function botLogger(config: Config): Logger {
  return createLogger(config.log, {
    to: process.stdout,
    secrets: [
      config.botToken,
      config.mode.kind === 'socket' ? config.mode.appToken : undefined,
      config.signingSecret,
    ],
  });
}

/** What an operator checks first after a start: which workspace, which file, which schema, what runs when. */
async function logStartup(
  app: App,
  logger: Logger,
  config: Config,
  db: Db,
  port: number,
  migrated: string,
  now: Date,
) {
  // Bolt's own check of the token does not keep the answer: asked once more, for the workspace's name.
  const identity = await app.client.auth.test().catch(() => undefined);
  const workspace = identity?.team ?? 'an unnamed workspace';
  logEvent(
    logger,
    'info',
    'startup',
    {
      mode: config.mode.kind,
      teamId: identity?.team_id,
      workspace,
      database: config.databasePath,
      migrations: migrated,
      port,
    },
    config.mode.kind === 'socket'
      ? `maturity-bot connected to ${workspace} in Socket Mode (health on port ${port})`
      : `maturity-bot serving ${workspace} on port ${port} (POST /slack/events, GET /healthz, GET /readyz)`,
  );
  for (const w of listWorkspaces(db)) {
    for (const status of ritualStatuses(db, RITUALS, w, now)) {
      logEvent(
        logger,
        'info',
        'schedule',
        {
          teamId: w.teamId,
          ritual: status.ritual,
          schedule: status.schedule,
          nextDueAt: status.nextDueAt.toISOString(),
        },
        `${status.ritual}: ${status.schedule}`,
      );
    }
  }
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

function refusedTokenProblem(variable: string, code: string): { variable: string; problem: string } {
  return {
    variable,
    problem: `was refused by Slack (${code}): the token was revoked, is of the wrong kind, or the app was removed from the workspace. Put a valid token in ${variable} and start the app again.`,
  };
}

const sentence = ({ variable, problem }: { variable: string; problem: string }) => `${variable} ${problem}`;

/** config -> database -> app -> listeners -> scheduler -> start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const now = options.now ?? (() => new Date());
  const graceMs = options.stopGraceMs ?? STOP_GRACE_MS;
  const logger = options.logger ?? botLogger(config);
  let migrated = '';
  const db = openDatabase(config.databasePath, {
    onMigrated: (from, to) => {
      migrated =
        from === to ? `none (schema version ${to})` : `${to - from} (schema version ${from} to ${to})`;
    },
  });
  let fatal = (problem: string) => options.onFatal?.(problem);
  const heartbeat = options.heartbeat !== false;
  // Health reads the link through `bolt`, built just below with Health's routes.
  let bolt: BoltApp | undefined;
  const health = new Health({
    db,
    heartbeat,
    connection: () => bolt?.connection() ?? 'connecting',
    probeSlack: () => app.client.auth.test(),
  });
  const intake = intakeRoutes({
    db,
    now,
    feeds: config.feeds,
    onError: (error) => app.logger.error('The observation intake failed', error),
  });
  const routes = [...health.routes(), ...intake];
  bolt = buildBoltApp(config, {
    logger,
    routes,
    transport: slackTransport(config.proxy),
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
    onAppTokenRefused: (error) =>
      fatal(sentence(refusedTokenProblem('SLACK_APP_TOKEN', tokenRefusal(error) ?? String(error)))),
  });
  const { app } = bolt;
  if (!options.onFatal) fatal = (problem) => app.logger.error(problem);
  const onTokenRefused = (code: string) => fatal(sentence(refusedTokenProblem('SLACK_BOT_TOKEN', code)));
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
  const scheduler: Scheduler | undefined = heartbeat
    ? startScheduler(ritualDeps, RITUALS, now, CHECKS, () => health.beat())
    : undefined;
  let port = config.port;
  let botTokenChecked = false;
  // Bolt listens on PORT only once Slack has answered; until then health and the intake are served on their own.
  let waiting: Promise<Server | undefined> | undefined;
  const stopWaiting = async () => {
    const server = await waiting;
    waiting = undefined;
    if (server) await closeServer(server);
  };
  try {
    await initWhenSlackAnswers(app, options.reconnect, (error, waitMs) => {
      logEvent(
        logger,
        'warn',
        'slack.unreachable',
        { waitMs },
        `${unreachableMessage(error, config.slackApiUrl)} Trying again in ${Math.round(waitMs / 1000)} s.`,
      );
      waiting ??= serveRoutes(routes, config.port).catch((problem: unknown) => {
        logger.warn(`Health is not served while start-up waits for Slack: ${String(problem)}`);
        return undefined;
      });
    });
    await stopWaiting();
    botTokenChecked = true;
    health.slackAnswered();
    if (config.mode.kind === 'http') {
      const server = await app.start(config.port);
      port = (server.address() as AddressInfo).port;
    } else {
      // Waits through an outage (see buildBoltApp); only a refused token gets an answer that ends it.
      await app.start();
    }
  } catch (error) {
    await stopWaiting();
    await scheduler?.stop();
    db.close();
    const refused = tokenRefusal(error);
    if (!refused) throw error;
    // The bot token is checked first; the socket's start then uses the app-level one.
    const variable = botTokenChecked ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN';
    throw new ConfigError([refusedTokenProblem(variable, refused)]);
  }
  await logStartup(app, logger, config, db, port, migrated, now());
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
    health,
    stop() {
      stopped ??= stop();
      return stopped;
    },
  };
}
