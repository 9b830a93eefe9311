/**
 * Requests per key per clock minute, in memory: one process serves the intake, and a limit that resets on a
 * restart errs towards letting an agent in. The clock is passed in, so tests drive it.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { minute: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const minute = Math.floor(nowMs / 60_000);
    const current = this.windows.get(key);
    const window = current?.minute === minute ? current : { minute, count: 0 };
    if (window.count >= this.perMinute) {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - nowMs) / 1000)) };
    }
    window.count += 1;
    this.windows.set(key, window);
    return { ok: true };
  }
}
