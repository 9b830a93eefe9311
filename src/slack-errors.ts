// What Slack's errors mean for the app: an outage to wait out, a token the operator must replace, or a lasting
// refusal of one call (a person who left, a channel the app is not in). Beside the surfaces, not in slack/: the rituals
// and the chart uploads read Slack's answers too, and the listeners sit above the rituals.

import { ErrorCode } from '@slack/web-api';

/** The `error` of a Slack answer that was not ok (`channel_not_found`, `invalid_auth`, ...), if that is what failed. */
export function slackErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('data' in error)) return undefined;
  const data = error.data;
  return typeof data === 'object' && data !== null && 'error' in data && typeof data.error === 'string'
    ? data.error
    : undefined;
}

/** Slack's own answers for "we failed, not you". */
const SLACK_FAILURES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack is down or unreachable, or answered that it failed: sending again later may well go through. */
export function isSlackOutage(error: unknown): boolean {
  if (!(error instanceof Error) || !('code' in error)) return false;
  if (error.code === ErrorCode.RequestError) return true;
  if (error.code === ErrorCode.HTTPError)
    return 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode >= 500;
  const code = error.code === ErrorCode.PlatformError ? slackErrorCode(error) : undefined;
  return code !== undefined && SLACK_FAILURES.has(code);
}

/** Slack's answers that mean the token itself is refused: no retry helps, the operator must fix the setting. */
const TOKEN_REFUSALS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'team_disabled',
]);

/** The refusal code when Slack refused the token itself (revoked, wrong kind, app uninstalled), else undefined. */
export function tokenRefusal(error: unknown): string | undefined {
  const code = slackErrorCode(error);
  return code !== undefined && TOKEN_REFUSALS.has(code) ? code : undefined;
}

/** Slack's lasting refusal of this one call (sending again will not help, the app goes on), else undefined. */
export function lastingRefusal(error: unknown): string | undefined {
  const code = slackErrorCode(error);
  return code === undefined || isSlackOutage(error) || tokenRefusal(error) ? undefined : code;
}
