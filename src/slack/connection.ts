import type { FetchFunction, WebClientOptions } from '@slack/web-api';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { ClientConfig } from '../config.js';

/**
 * How the app reaches Slack: through the proxy the configuration names (plants often allow HTTPS out only
 * through one), and what to say when it cannot.
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

/** fetch says only "fetch failed"; the why (ECONNREFUSED, ENOTFOUND, a bad certificate) is in its cause. */
function cause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const original = 'original' in error && error.original instanceof Error ? error.original : error;
  const inner = original.cause instanceof Error ? original.cause : undefined;
  if (!inner) return original.message;
  const code = 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined;
  return `${original.message}: ${code ?? inner.message}`;
}

/** Slack not answering, said so the operator knows where the app looked and what to check. */
export function unreachableMessage(error: unknown, apiUrl: string | undefined): string {
  return (
    `Slack could not be reached at ${apiUrl ?? 'https://slack.com/api/'} (${cause(error)}). ` +
    'Check the network, the proxy (HTTPS_PROXY, NO_PROXY) and SLACK_API_URL.'
  );
}
