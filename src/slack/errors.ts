/**
 * The code of Slack's own refusal (`invalid_auth`, `channel_not_found`, `ratelimited`...) carried by a
 * Web API platform error, or undefined for anything else (a network failure, a bug).
 */
export function slackErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('data' in error)) return undefined;
  const data = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
}
