import type { Logger } from '@slack/bolt';
import { type FetchFunction, WebClient, type WebClientOptions } from '@slack/web-api';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { ClientConfig } from '../config.js';
import { slackErrorCode } from './errors.js';

/**
 * How the app reaches Slack: through the proxy the configuration names (plants often allow HTTPS out only
 * through one), and the first call that tells a refused token from an unreachable Slack.
 */

export interface SlackTransport {
  /** For the Web API (`WebClient`'s `fetch`); undefined uses Node's own fetch, straight to Slack. */
  readonly fetch: FetchFunction | undefined;
  /** For the Socket Mode WebSocket and its `apps.connections.open`. */
  readonly dispatcher: EnvHttpProxyAgent | undefined;
}

export function slackTransport(proxy: ClientConfig['proxy']): SlackTransport {
  if (proxy.httpsProxy === undefined && proxy.httpProxy === undefined) {
    return { fetch: undefined, dispatcher: undefined };
  }
  // Empty strings, not undefined: undici would otherwise read process.env itself, and only config.ts does.
  const dispatcher = new EnvHttpProxyAgent({
    httpsProxy: proxy.httpsProxy ?? '',
    httpProxy: proxy.httpProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  });
  const fetch: FetchFunction = (url, init) =>
    undiciFetch(url, { ...init, dispatcher } as Parameters<typeof undiciFetch>[1]);
  return { fetch, dispatcher };
}

/** WebClient options every process shares: the API URL and the proxy. */
export function clientOptions(config: ClientConfig, transport: SlackTransport): WebClientOptions {
  return {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    ...(transport.fetch ? { fetch: transport.fetch } : {}),
  };
}

/** Something the operator must fix before the bot can start; `retryable` when waiting may be enough. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

/** Answers meaning "this token will not do", as opposed to "Slack is not answering". */
const REFUSALS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'user_removed_from_team',
  'team_disabled',
  'not_allowed_token_type',
]);

const FIXES = {
  SLACK_BOT_TOKEN:
    'Copy the Bot User OAuth Token (xoxb-...) again from OAuth & Permissions; reinstall the app if it was revoked.',
  SLACK_APP_TOKEN:
    "Generate an app-level token with the connections:write scope in the app's Basic Information, under App-Level Tokens.",
} as const;

/** fetch says only "fetch failed"; the why (ECONNREFUSED, ENOTFOUND, a bad certificate) is in its cause. */
function cause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const original = 'original' in error && error.original instanceof Error ? error.original : error;
  const inner = original.cause instanceof Error ? original.cause : undefined;
  if (!inner) return original.message;
  const code = 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined;
  return `${original.message}: ${code ?? inner.message}`;
}

/** Turns a failed first call to Slack into a sentence naming the variable or the network. */
export function explainSlackFailure(
  error: unknown,
  variable: keyof typeof FIXES,
  apiUrl: string | undefined,
): StartupError {
  const code = slackErrorCode(error);
  if (code !== undefined && REFUSALS.has(code)) {
    return new StartupError(`Slack refused ${variable} (${code}). ${FIXES[variable]}`);
  }
  if (code !== undefined) return new StartupError(`Slack answered ${code} when checking ${variable}.`, true);
  return new StartupError(
    `Slack could not be reached at ${apiUrl ?? 'https://slack.com/api/'} (${cause(error)}). ` +
      'Check the network, the proxy (HTTPS_PROXY, NO_PROXY) and SLACK_API_URL.',
    true,
  );
}

export interface BotIdentity {
  readonly teamId: string;
  readonly team: string;
  readonly botUserId: string;
  readonly botId: string;
}

/** `auth.test` with the bot token: who the bot is and in which workspace, or why not. */
export async function identifyBot(
  config: ClientConfig,
  transport: SlackTransport,
  logger: Logger,
): Promise<BotIdentity> {
  // No retries here: a start-up that cannot reach Slack says so at once, and whoever starts the bot retries.
  const client = new WebClient(config.botToken, {
    ...clientOptions(config, transport),
    logger,
    retryConfig: { retries: 0 },
  });
  try {
    const answer = await client.auth.test();
    return {
      teamId: answer.team_id ?? '',
      team: answer.team ?? '',
      botUserId: answer.user_id ?? '',
      botId: answer.bot_id ?? '',
    };
  } catch (error) {
    throw explainSlackFailure(error, 'SLACK_BOT_TOKEN', config.slackApiUrl);
  }
}
