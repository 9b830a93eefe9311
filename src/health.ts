import type { ServerResponse } from 'node:http';
import type { SlackConnection } from './slack/app.js';
import type { Db } from './store/db.js';

/**
 * Liveness and readiness, for systemd, Docker and Kubernetes alike.
 *
 * - `GET /healthz` (liveness): the process answers and its database runs a query. A failure here means
 *   restart the process.
 * - `GET /readyz` (readiness): the database is open, Slack answered within the last minute (asked again
 *   when it has been longer), the Socket Mode socket is connected, and the ritual heartbeat fired within
 *   two minutes. A failure here means do not count on the bot right now; it may recover by itself.
 *
 * Both answer JSON: 200 `{ ok: true, checks }`, or 503 `{ ok: false, reason, checks }`.
 */

/** The ritual heartbeat fires every minute; two lets one late tick pass. */
const HEARTBEAT_STALE_MS = 2 * 60_000;
/** How long an answer from Slack counts as "reachable" before readiness asks again. */
const SLACK_FRESH_MS = 60_000;
const SLACK_PROBE_TIMEOUT_MS = 5_000;

type CheckState = { readonly ok: boolean; readonly detail: string };

export interface HealthReport {
  readonly ok: boolean;
  readonly reason?: string;
  readonly checks: Readonly<Record<string, string>>;
}

export interface HealthOptions {
  readonly db: Db;
  /** Where the link to Slack stands: `http` has no link of its own (Slack calls in), Socket Mode has a socket. */
  readonly connection: () => SlackConnection;
  /** Whether the ritual heartbeat runs in this process (tests drive rituals themselves). */
  readonly heartbeat: boolean;
  /** A cheap call proving Slack answers (auth.test). */
  readonly probeSlack: () => Promise<unknown>;
  /** Real time in ms; readiness is about this process being alive, not the rituals' clock. */
  readonly clock?: () => number;
}

export class Health {
  private lastSlackAnswer: number | undefined;
  private lastBeat: number;
  private probe: Promise<void> | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: HealthOptions) {
    this.clock = options.clock ?? Date.now;
    // Counted from start-up, so a process younger than two minutes is not failed for its first tick.
    this.lastBeat = this.clock();
  }

  /** The ritual heartbeat fired. */
  beat(): void {
    this.lastBeat = this.clock();
  }

  /** Slack answered a call (start-up's auth.test, a probe). */
  slackAnswered(): void {
    this.lastSlackAnswer = this.clock();
  }

  private database(): CheckState {
    try {
      const ok = this.options.db.open && this.options.db.prepare('SELECT 1 AS ok').get() !== undefined;
      return ok ? { ok, detail: 'open' } : { ok, detail: 'closed' };
    } catch (error) {
      return { ok: false, detail: `failing: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async slack(): Promise<CheckState> {
    const fresh = () =>
      this.lastSlackAnswer !== undefined && this.clock() - this.lastSlackAnswer < SLACK_FRESH_MS;
    if (!fresh()) {
      // One probe at a time, however many checkers ask at once.
      this.probe ??= this.runProbe().finally(() => {
        this.probe = undefined;
      });
      await this.probe;
    }
    return fresh() ? { ok: true, detail: 'reachable' } : { ok: false, detail: 'unreachable' };
  }

  private async runProbe(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SLACK_PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.options.probeSlack().then(() => this.slackAnswered()), timeout]);
    } catch {
      // Unreachable stays unreachable; the report says so.
    } finally {
      clearTimeout(timer);
    }
  }

  private heartbeat(): CheckState {
    if (!this.options.heartbeat) return { ok: true, detail: 'off' };
    const seconds = Math.round((this.clock() - this.lastBeat) / 1000);
    return this.clock() - this.lastBeat <= HEARTBEAT_STALE_MS
      ? { ok: true, detail: `${seconds} s ago` }
      : { ok: false, detail: `stale: last fired ${seconds} s ago` };
  }

  liveness(): HealthReport {
    const database = this.database();
    return report({ database }, { database: 'the database does not answer' });
  }

  async readiness(): Promise<HealthReport> {
    const checks: Record<string, CheckState> = {
      database: this.database(),
      slack: await this.slack(),
      heartbeat: this.heartbeat(),
    };
    const connection = this.options.connection();
    if (connection !== 'http') checks.socket = { ok: connection === 'connected', detail: connection };
    return report(checks, {
      database: 'the database does not answer',
      slack: 'Slack did not answer',
      socket: 'the Socket Mode connection to Slack is down',
      heartbeat: 'the ritual heartbeat has not fired for over two minutes',
    });
  }

  /** Bolt custom routes, served on PORT in both modes. */
  routes() {
    const send = (res: ServerResponse, body: HealthReport) => {
      res.writeHead(body.ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    return [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req: unknown, res: ServerResponse) => send(res, this.liveness()),
      },
      {
        path: '/readyz',
        method: ['GET'],
        handler: (_req: unknown, res: ServerResponse) => {
          void this.readiness().then((body) => send(res, body));
        },
      },
    ];
  }
}

function report(
  checks: Readonly<Record<string, CheckState>>,
  reasons: Readonly<Record<string, string>>,
): HealthReport {
  const failing = Object.entries(checks).filter(([, state]) => !state.ok);
  const details = Object.fromEntries(Object.entries(checks).map(([name, state]) => [name, state.detail]));
  if (failing.length === 0) return { ok: true, checks: details };
  const reason = failing.map(([name]) => reasons[name] ?? name).join('; ');
  return { ok: false, reason, checks: details };
}
