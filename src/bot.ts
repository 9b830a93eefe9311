import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import type { Config } from './config.js';
import { buildBoltApp } from './slack/app.js';
import type { AppDeps } from './slack/deps.js';
import { registerListeners } from './slack/index.js';
import { UserDirectory } from './slack/users.js';
import { type Db, openDatabase } from './store/db.js';

export interface RunningBot {
  readonly app: App;
  readonly db: Db;
  readonly deps: AppDeps;
  /** The HTTP port actually bound (useful when the configured port is 0). */
  readonly port: number;
  stop(): Promise<void>;
}

export interface BotOptions {
  /** The only clock: tests pass a fake one. */
  readonly now?: () => Date;
}

/** config -> database -> app -> listeners -> start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.databasePath);
  const app = buildBoltApp(config, db);
  const deps: AppDeps = { db, now, logger: app.logger, users: new UserDirectory(now) };
  registerListeners(app, deps);
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
    port,
    async stop() {
      await app.stop();
      db.close();
    },
  };
}
