import { isSlackOutage } from '../slack-errors.js';

/**
 * Slack waits 3 seconds for an acknowledgement. A lookup made before acknowledging (who is an admin,
 * who leads) must give up in time for the answer to arrive, even when Slack itself is slow or rate-limits
 * us: the WebClient would otherwise wait out a Retry-After and the person would see a timeout.
 */
export const LOOKUP_DEADLINE_MS = 2000;

export class SlackTooSlowError extends Error {
  constructor(what: string, ms: number) {
    super(`Slack did not answer ${what} within ${ms} ms`);
    this.name = 'SlackTooSlowError';
  }
}

export function withDeadline<T>(work: Promise<T>, what: string, ms = LOOKUP_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SlackTooSlowError(what, ms)), ms);
  });
  // The abandoned call may still settle later; its rejection must not go unhandled.
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Slack did not answer in time, rate-limited the call, or is down: the person can simply try again shortly. */
export function isSlackBusy(error: unknown): boolean {
  if (error instanceof SlackTooSlowError || isSlackOutage(error)) return true;
  // @slack/web-api's ErrorCode.RateLimitedError, thrown at once with rejectRateLimitedCalls.
  return error instanceof Error && 'code' in error && error.code === 'slack_webapi_rate_limited_error';
}
