// Leases: which process advances a ritual run (or sends an announcement) right now. Judged on the wall clock,
// whatever instant the ritual runs for, so `rituals run --at` a month ahead never takes over a live holder's run.
// Short and renewed while the holder works, so a holder that died hard is replaced within about two minutes:
// its lease runs out within one, and the next heartbeat (every minute) takes the run over.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../store/db.js';
import { leaseRun, releaseRun } from '../store/ritual-runs.js';

export const LEASE_MS = 60_000;
const RENEW_EVERY_MS = LEASE_MS / 3;

/** This process, as `rituals status` names a holder: host and pid, and a tag in case a pid is reused. */
export const HOLDER = `${hostname()} pid ${process.pid} (${randomUUID().slice(0, 4)})`;

/** Real time, not the ritual's instant: tests move it on to make a dead holder's lease lapse. */
export type WallClock = () => Date;
export const wallClock: WallClock = () => new Date();

export class LeaseLostError extends Error {
  constructor() {
    super('Another process took this run over after its lease lapsed: this one stops sending.');
    this.name = 'LeaseLostError';
  }
}

/** Runs this process is advancing now, per database: the heartbeat and a "run it now" click never both advance one. */
const advancing = new WeakMap<Db, Set<number>>();

/** A run leased to this process: renewed every 20 s until released, aborting `signal` if it is ever lost. */
export class RunLease {
  private readonly lost = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** Aborted when the app stops or the lease is lost: no new send starts. */
  readonly signal: AbortSignal;

  private constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly clock: WallClock,
    stopping: AbortSignal | undefined,
  ) {
    this.signal = stopping ? AbortSignal.any([stopping, this.lost.signal]) : this.lost.signal;
    // Renewed on a timer as well as after each step: a step may wait minutes for Slack (a Retry-After, an outage).
    this.timer = setInterval(() => this.renew(), RENEW_EVERY_MS);
    this.timer.unref();
  }

  /** The lease, or undefined while another holder's is live. */
  static take(db: Db, runId: number, clock: WallClock, stopping?: AbortSignal): RunLease | undefined {
    const mine = advancing.get(db) ?? new Set<number>();
    advancing.set(db, mine);
    if (mine.has(runId)) return undefined;
    const now = clock();
    if (!leaseRun(db, runId, HOLDER, now, new Date(now.getTime() + LEASE_MS))) return undefined;
    mine.add(runId);
    return new RunLease(db, runId, clock, stopping);
  }

  get isLost(): boolean {
    return this.lost.signal.aborted;
  }

  renew(): void {
    if (this.isLost) return;
    const now = this.clock();
    let kept = false;
    try {
      kept = leaseRun(this.db, this.runId, HOLDER, now, new Date(now.getTime() + LEASE_MS));
    } catch {
      // The database is busy or closing: the next renewal, or the lease running out, settles it.
      return;
    }
    if (!kept) this.lost.abort(new LeaseLostError());
  }

  release(): void {
    clearInterval(this.timer);
    advancing.get(this.db)?.delete(this.runId);
    if (!this.isLost) releaseRun(this.db, this.runId, HOLDER);
  }
}
