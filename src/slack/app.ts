import { App, type CustomRoute, type Logger, type LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { isSlackOutage } from '../slack-errors.js';
import { clientOptions, type SlackTransport } from './connection.js';

const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 400 };

/** How the Socket Mode connection comes back after an outage. Tests shrink the times; the shape stays. */
export interface SocketReconnect {
  /** The first and the longest wait between tries to reach apps.connections.open, each jittered. */
  readonly minMs: number;
  readonly maxMs: number;
  /** How long a ping may go unanswered before the socket is judged dead, and the pause before reconnecting. */
  readonly pingTimeoutMs: number;
}

export const SOCKET_RECONNECT: SocketReconnect = { minMs: 1_000, maxMs: 30_000, pingTimeoutMs: 5_000 };

/** Where the link to Slack stands: HTTP mode has no link of its own (Slack calls in). */
export type SlackConnection = 'http' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface BoltApp {
  readonly app: App;
  /** For readiness checks: in Socket Mode, whether the socket is up right now. */
  connection(): SlackConnection;
  /** Takes no more requests: in Socket Mode, stops reconnecting and closes the socket (waiting at most `graceMs`). */
  stop(graceMs: number): Promise<void>;
}

export interface BoltAppOptions {
  readonly logger: Logger;
  /** Served on PORT in both modes: /healthz and /readyz (src/health.ts), the live-feed intake. */
  readonly routes: CustomRoute[];
  /** The proxy, for the Web API and the Socket Mode WebSocket alike. */
  readonly transport: SlackTransport;
  readonly reconnect?: SocketReconnect;
  /** Slack refused the app-level token while reconnecting (revoked, app deleted): the process must stop. */
  readonly onAppTokenRefused?: (error: unknown) => void;
}

/**
 * Socket Mode when an app-level token is configured (no public URL needed); otherwise HTTP mode, where
 * Bolt serves POST /slack/events for commands, interactivity and events alike.
 */
export function buildBoltApp(config: Config, options: BoltAppOptions): BoltApp {
  const common = {
    token: config.botToken,
    logger: options.logger,
    // The logger's own level, given so Bolt leaves it alone (it would impose its default otherwise).
    logLevel: options.logger.getLevel(),
    // Bolt otherwise checks the token with auth.test from its constructor and leaves that call's failure
    // unhandled, which ends the process when Slack is down at start: see initWhenSlackAnswers.
    deferInitialization: true,
    clientOptions: {
      ...clientOptions(config, options.transport),
      // Listeners answer a person within seconds: a 429 is handed back at once instead of holding this
      // client's whole queue for its Retry-After, and a failed call is retried briefly, not for half an hour.
      // The rituals send through a paced client of their own (rituals/pacing.ts) that waits 429s out.
      rejectRateLimitedCalls: true,
      retryConfig: INTERACTIVE_RETRIES,
    },
  };
  if (config.mode.kind === 'http') {
    const app = new App({
      ...common,
      customRoutes: options.routes,
      signingSecret: config.signingSecret,
      port: config.port,
    });
    return {
      app,
      connection: () => 'http',
      async stop() {
        await app.stop();
      },
    };
  }
  return socketModeApp(config, config.mode.appToken, common, options);
}

function socketModeApp(
  config: Config,
  appToken: string,
  common: {
    token: string;
    logger: Logger;
    logLevel: LogLevel;
    deferInitialization: boolean;
    clientOptions: object;
  },
  options: BoltAppOptions,
): BoltApp {
  const reconnect = options.reconnect ?? SOCKET_RECONNECT;
  const stopping = new AbortController();
  // The socket's own client, not the listeners' short retries: apps.connections.open is tried again, with capped
  // and jittered backoff, for as long as Slack or the network is away. Shared with the listeners, two fast retries
  // ran out in a 10-second outage and ended the process.
  const retryConfig: RetryOptions & { onFailedAttempt: () => void } = {
    forever: true,
    factor: 2,
    minTimeout: reconnect.minMs,
    maxTimeout: reconnect.maxMs,
    randomize: true,
    // p-retry, which the WebClient hands this to, gives up when this throws. A plain error, which the socket
    // client takes as "try later" and, once stopping, never tries again.
    onFailedAttempt: () => {
      if (stopping.signal.aborted) throw new Error('The app is stopping: no more reconnecting');
    },
  };
  const receiver = new SocketModeReceiver({
    appToken,
    logger: common.logger,
    logLevel: common.logLevel,
    customRoutes: options.routes,
    clientPingTimeout: reconnect.pingTimeoutMs,
    installerOptions: {
      port: config.port,
      clientOptions: { ...clientOptions(config, options.transport), retryConfig },
    },
    // Bolt would not pass a proxy on to the WebSocket: the receiver is built here for that too.
    ...(options.transport.dispatcher ? { dispatcher: options.transport.dispatcher } : {}),
  });
  let state: SlackConnection = 'connecting';
  const socket = receiver.client;
  socket.on('connecting', () => {
    state = 'connecting';
  });
  socket.on('connected', () => {
    state = 'connected';
  });
  socket.on('reconnecting', () => {
    state = 'reconnecting';
  });
  socket.on('close', () => {
    if (!stopping.signal.aborted) state = 'reconnecting';
  });
  socket.on('disconnected', () => {
    if (stopping.signal.aborted) state = 'stopped';
  });
  // After the first connection, the socket client reconnects by calling start() from a timer and leaves its
  // rejection unhandled, which ends the process. With the retries above only a definite refusal of the token
  // (invalid_auth, token_revoked, ...) gets that far: it is handed to the app to stop with a clear message.
  const start = socket.start.bind(socket);
  let started = false;
  socket.start = async () => {
    try {
      const connected = await start();
      started = true;
      return connected;
    } catch (error) {
      if (!started) throw error;
      if (!stopping.signal.aborted) options.onAppTokenRefused?.(error);
      return new Promise<never>(() => undefined);
    }
  };
  const app = new App({ ...common, receiver });
  return {
    app,
    connection: () => state,
    async stop(graceMs) {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      // Slack answers the close handshake at once; a peer that does not is not waited for past the grace period.
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([socket.disconnect(), late]);
      clearTimeout(timer);
      await app.stop();
    },
  };
}

/**
 * Checks the bot token with Slack (Bolt's init: auth.test) before the app takes requests, trying again with
 * capped, jittered backoff for as long as Slack or the network is away. A definite refusal of the token is thrown.
 */
export async function initWhenSlackAnswers(
  app: App,
  reconnect: SocketReconnect = SOCKET_RECONNECT,
  onWait: (error: unknown, waitMs: number) => void = () => undefined,
): Promise<void> {
  for (let tries = 1; ; tries += 1) {
    try {
      await app.init();
      return;
    } catch (error) {
      if (!isSlackOutage(error)) throw error;
      const ceiling = Math.min(reconnect.maxMs, reconnect.minMs * 2 ** (tries - 1));
      const waitMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      onWait(error, waitMs);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
