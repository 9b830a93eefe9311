import { logEvent } from '../logging.js';
import type { RitualDeps } from './job.js';
import { StoppedError } from './pacing.js';

/** What became of one ritual step: one log line each, and a line of `maturity rituals run`. */
export interface StepEvent {
  readonly teamId: string;
  readonly ritual: string;
  readonly period: string;
  /** The step's kind (`prompt`, `nudge`, `post`, ...): its key before the colon. */
  readonly step: string;
  /** The person or channel it went to, when the key names one. */
  readonly recipient: string | undefined;
  /** What the key names otherwise (an agent id, ...). */
  readonly subject: string | undefined;
  /** `refused`: Slack said no for good (a deactivated owner) and the ritual went on without it. */
  readonly outcome: 'sent' | 'refused' | 'failed' | 'stopped';
  readonly reason: string | undefined;
}

const SLACK_ID = /^[UWCDG][A-Z0-9]{2,}$/;

/** A step's result carrying `failed` is a lasting refusal the ritual recorded instead of throwing. */
function refusalIn(result: unknown): string | undefined {
  return typeof result === 'object' &&
    result !== null &&
    'failed' in result &&
    typeof result.failed === 'string'
    ? result.failed
    : undefined;
}

/** Runs one step's send and says what became of it, in the log and to `deps.onStep`. */
export async function sendLogged<T>(
  deps: RitualDeps,
  where: { readonly teamId: string; readonly ritual: string; readonly period: string },
  key: string,
  send: () => Promise<T>,
): Promise<T> {
  const [step = key, target] = key.split(/:(.*)/s);
  const isSlackId = target !== undefined && SLACK_ID.test(target);
  const report = (outcome: StepEvent['outcome'], reason: string | undefined) => {
    const event: StepEvent = {
      ...where,
      step,
      recipient: isSlackId ? target : undefined,
      subject: isSlackId ? undefined : target,
      outcome,
      reason,
    };
    const level = outcome === 'failed' ? 'warn' : 'info';
    const to = event.recipient ?? event.subject;
    logEvent(
      deps.logger,
      level,
      'ritual.step',
      { ...event },
      `${where.ritual} ${where.period}: ${step}${to ? ` ${to}` : ''} ${outcome}${reason ? ` (${reason})` : ''}`,
    );
    deps.onStep?.(event);
  };
  try {
    const result = await send();
    const refusal = refusalIn(result);
    report(refusal === undefined ? 'sent' : 'refused', refusal);
    return result;
  } catch (error) {
    const stopped = error instanceof StoppedError;
    report(stopped ? 'stopped' : 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
}
