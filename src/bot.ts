import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Config } from './config.js';
import { intakeRoutes } from './http/intake.js';
import { CHECKS, RITUALS } from './rituals/index.js';
import type { RitualDeps } from './rituals/job.js';
import { type Scheduler, startScheduler } from './rituals/scheduler.js';
import { buildBoltApp } from './slack/app.js';
import type { AppDeps } from './slack/deps.js';
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
  stop(): Promise<void>;
}

export interface BotOptions {
  /** The only clock: tests pass a fake one. */
  readonly now?: () => Date;
  /** The every-minute ritual heartbeat; tests turn it off and drive time themselves. */
  readonly heartbeat?: boolean;
}

/** config -> database -> app -> listeners -> scheduler -> start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  const intake = intakeRoutes({
    db,
    now,
    feeds: config.feeds,
    onError: (error) => app.logger.error('The observation intake failed', error),
  });
  const app: App = buildBoltApp(config, db, intake);
  const deps: AppDeps = { db, now, logger: app.logger, users: new UserDirectory(now), feeds: config.feeds };
  registerListeners(app, deps);
  const ritualDeps: RitualDeps = { db, client: app.client, logger: app.logger, feeds: config.feeds };
  const scheduler: Scheduler | undefined =
    options.heartbeat === false ? undefined : startScheduler(ritualDeps, RITUALS, now, CHECKS);
  let port = config.port;
  if (config.mode.kind === 'http') {
    const server = await app.start(config.port);
    port = (server.address() as AddressInfo).port;
  } else {
    await app.start();
  }
  return {
    app,
    db,
    deps,
    ritualDeps,
    port,
    async stop() {
      await scheduler?.stop();
      await app.stop();
      db.close();
    },
  };
}
