/**
 * Events per key per minute, counted in this process by the key's hash (so a flood with an
 * unknown key is held too, before any database read). Each key has its own window: one
 * flooding key never takes another's allowance. Fixed one-minute windows: simple, and the
 * Retry-After a sender gets is exactly when its window reopens.
 */
export class KeyRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Takes `n` events from the key's allowance at `now`; answers the seconds to wait, or 0 when allowed. */
  take(keyHash: string, n: number, now: number): number {
    const start = now - (now % 60_000);
    let w = this.windows.get(keyHash);
    if (!w || w.start !== start) {
      if (this.windows.size > 10_000) this.sweep(start);
      w = { start, count: 0 };
      this.windows.set(keyHash, w);
    }
    if (w.count + n > this.perMinute) return Math.max(1, Math.ceil((start + 60_000 - now) / 1000));
    w.count += n;
    return 0;
  }

  private sweep(current: number): void {
    for (const [k, w] of this.windows) if (w.start !== current) this.windows.delete(k);
  }
}
