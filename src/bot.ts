import type { AddressInfo } from 'node:net';
import type { App, Logger } from '@slack/bolt';
import type { Config } from './config.js';
import { Health } from './health.js';
import { createLogger, logEvent } from './logging.js';
import { CHECKS, RITUALS } from './rituals/index.js';
import type { RitualDeps } from './rituals/job.js';
import { type Scheduler, startScheduler } from './rituals/scheduler.js';
import { ritualStatuses } from './rituals/status.js';
import { buildBoltApp } from './slack/app.js';
import { type BotIdentity, explainSlackFailure, identifyBot, slackTransport } from './slack/connection.js';
import type { AppDeps } from './slack/deps.js';
import { registerListeners } from './slack/index.js';
import { UserDirectory } from './slack/users.js';
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
  readonly health: Health;
  stop(): Promise<void>;
}

export interface BotOptions {
  /** The only clock: tests pass a fake one. */
  readonly now?: () => Date;
  /** The every-minute ritual heartbeat; tests turn it off and drive time themselves. */
  readonly heartbeat?: boolean;
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
function logStartup(
  logger: Logger,
  config: Config,
  db: Db,
  identity: BotIdentity,
  port: number,
  migrated: string,
  now: Date,
) {
  logEvent(
    logger,
    'info',
    'startup',
    {
      mode: config.mode.kind,
      teamId: identity.teamId,
      workspace: identity.team,
      database: config.databasePath,
      migrations: migrated,
      port,
    },
    config.mode.kind === 'socket'
      ? `maturity-bot connected to ${identity.team} in Socket Mode (health on port ${port})`
      : `maturity-bot serving ${identity.team} on port ${port} (POST /slack/events, GET /healthz, GET /readyz)`,
  );
  for (const workspace of listWorkspaces(db)) {
    for (const status of ritualStatuses(db, RITUALS, workspace, now)) {
      logEvent(
        logger,
        'info',
        'schedule',
        {
          teamId: workspace.teamId,
          ritual: status.ritual,
          schedule: status.schedule,
          nextDueAt: status.nextDueAt.toISOString(),
        },
        `${status.ritual}: ${status.schedule}`,
      );
    }
  }
}

/** config -> database -> Slack's answer -> app -> listeners -> scheduler -> start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? botLogger(config);
  let migrated = '';
  const db = openDatabase(config.databasePath, {
    onMigrated: (from, to) => {
      migrated =
        from === to ? `none (schema version ${to})` : `${to - from} (schema version ${from} to ${to})`;
    },
  });
  try {
    const transport = slackTransport(config.proxy);
    const identity = await identifyBot(config, transport, logger);
    const heartbeat = options.heartbeat !== false;
    const health = new Health({
      db,
      socketMode: config.mode.kind === 'socket',
      heartbeat,
      probeSlack: () => identifyBot(config, transport, logger),
    });
    health.slackAnswered();
    const app = buildBoltApp(config, { logger, health, identity, transport });
    const deps: AppDeps = { db, now, logger, users: new UserDirectory(now) };
    registerListeners(app, deps);
    const ritualDeps: RitualDeps = { db, client: app.client, logger };
    let port = config.port;
    if (config.mode.kind === 'http') {
      const server = await app.start(config.port);
      port = (server.address() as AddressInfo).port;
    } else {
      try {
        await app.start();
      } catch (error) {
        await app.stop().catch(() => undefined);
        throw explainSlackFailure(error, 'SLACK_APP_TOKEN', config.slackApiUrl);
      }
    }
    const scheduler: Scheduler | undefined = heartbeat
      ? startScheduler(ritualDeps, RITUALS, now, CHECKS, () => health.beat())
      : undefined;
    logStartup(logger, config, db, identity, port, migrated, now());
    return {
      app,
      db,
      deps,
      ritualDeps,
      port,
      health,
      async stop() {
        await scheduler?.stop();
        await app.stop();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
