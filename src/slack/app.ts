import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Config, LogLevelName } from '../config.js';
import type { CustomRoute } from '../http/intake.js';
import type { Db } from '../store/db.js';

const LOG_LEVELS: Readonly<Record<LogLevelName, LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** GET /healthz answers 200 once the database is open and answering. */
function healthRoute(db: Db) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      let ok = false;
      try {
        ok = db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok, database: ok ? 'open' : 'unavailable' }));
    },
  };
}

const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 400 };

/**
 * Socket Mode when an app-level token is configured (no public URL needed); otherwise HTTP mode, where
 * Bolt serves POST /slack/events for commands, interactivity and events alike.
 */
export function buildBoltApp(config: Config, db: Db, routes: readonly CustomRoute[] = []): App {
  const common = {
    token: config.botToken,
    logLevel: LOG_LEVELS[config.logLevel],
    customRoutes: [healthRoute(db), ...routes],
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      // Listeners answer a person within seconds: a 429 is handed back at once instead of holding this
      // client's whole queue for its Retry-After, and a failed call is retried briefly, not for half an hour.
      // The rituals send through a paced client of their own (rituals/pacing.ts) that waits 429s out.
      rejectRateLimitedCalls: true,
      retryConfig: INTERACTIVE_RETRIES,
    },
  };
  if (config.mode.kind === 'socket') {
    return new App({
      ...common,
      socketMode: true,
      appToken: config.mode.appToken,
      installerOptions: { port: config.port },
    });
  }
  return new App({ ...common, signingSecret: config.signingSecret, port: config.port });
}
