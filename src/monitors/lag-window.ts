// Lag (start minus due) of the most recent check starts, in a fixed ring: bounded memory however
// many checks run, and stats read only the samples of the last minute.

export interface LagSummary {
  p50: number;
  p99: number;
  max: number;
}

export class LagWindow {
  private readonly lag: Float64Array;
  private readonly at: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    capacity = 4096,
    private readonly windowMs = 60_000,
  ) {
    this.lag = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
  }

  record(lagMs: number, at: number): void {
    this.lag[this.next] = lagMs;
    this.at[this.next] = at;
    this.next = (this.next + 1) % this.lag.length;
    if (this.count < this.lag.length) this.count++;
  }

  /** Percentiles (nearest rank) over samples recorded since now − window; zeros when none. */
  summary(now: number): LagSummary {
    const recent: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if ((this.at[i] as number) >= now - this.windowMs) recent.push(this.lag[i] as number);
    }
    if (recent.length === 0) return { p50: 0, p99: 0, max: 0 };
    recent.sort((a, b) => a - b);
    const rank = (p: number) => recent[Math.min(recent.length - 1, Math.ceil(p * recent.length) - 1)] as number;
    return { p50: rank(0.5), p99: rank(0.99), max: recent[recent.length - 1] as number };
  }
}
