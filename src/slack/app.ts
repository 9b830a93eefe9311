import { App, type Logger, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import type { Health } from '../health.js';
import { type BotIdentity, clientOptions, type SlackTransport } from './connection.js';

const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 400 };

export interface BoltAppParts {
  readonly logger: Logger;
  readonly health: Health;
  /** From start-up's auth.test: Bolt then skips its own, which would otherwise fail every event for good if Slack was briefly unreachable. */
  readonly identity: BotIdentity;
  readonly transport: SlackTransport;
}

/**
 * Socket Mode when an app-level token is configured (no public URL needed); otherwise HTTP mode, where
 * Bolt serves POST /slack/events for commands, interactivity and events alike.
 */
export function buildBoltApp(config: Config, parts: BoltAppParts): App {
  const { logger, health, identity, transport } = parts;
  const common = {
    token: config.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger,
    // The logger's own level, given so Bolt leaves it alone (it would impose its default otherwise).
    logLevel: logger.getLevel(),
    clientOptions: {
      ...clientOptions(config, transport),
      // Listeners answer a person within seconds: a 429 is handed back at once instead of holding this
      // client's whole queue for its Retry-After, and a failed call is retried briefly, not for half an hour.
      // The rituals send through a paced client of their own (rituals/pacing.ts) that waits 429s out.
      rejectRateLimitedCalls: true,
      retryConfig: INTERACTIVE_RETRIES,
    },
  };
  if (config.mode.kind === 'socket') {
    // Built here rather than by Bolt, which would not pass the proxy to the WebSocket nor show the socket.
    const receiver = new SocketModeReceiver({
      appToken: config.mode.appToken,
      logger,
      logLevel: common.logLevel,
      customRoutes: health.routes(),
      installerOptions: { port: config.port, clientOptions: common.clientOptions },
      ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
    });
    health.watchSocket(receiver.client);
    return new App({ ...common, receiver });
  }
  return new App({
    ...common,
    signingSecret: config.signingSecret,
    port: config.port,
    customRoutes: health.routes(),
  });
}
