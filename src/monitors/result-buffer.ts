// Batches check results on their way to the database: one write per maxBatch results or per
// maxDelayMs, one write at a time, failed batches kept and retried with backoff. Memory is
// bounded: beyond maxPending the oldest results are dropped, and onError says how many.
import type { Timers } from './model.schedule.js';
import { systemTimers } from './scheduler.js';

export interface ResultBufferOptions<T> {
  flush(batch: T[]): Promise<void>;
  maxBatch: number;
  /** The longest a result waits for its batch to fill, from its arrival in an empty buffer. */
  maxDelayMs: number;
  /** A flush failed (the batch is kept for a retry), or results were dropped (ResultsDroppedError). */
  onError(err: unknown, batch: T[]): void;
  /** Results held at most while writes fail (default 50,000); the oldest go first. */
  maxPending?: number;
  /** Pause after a failed flush: `first`, doubling up to `max` (default 500 ms to 30 s). */
  retryMs?: { first: number; max: number };
  /** Flushes close() tries before it drops what is left (default 3). */
  closeAttempts?: number;
  timers?: Timers;
}

/** Results that will never be written: how many, and why. */
export class ResultsDroppedError extends Error {
  constructor(
    readonly count: number,
    why: string,
  ) {
    super(`dropped ${count} result(s): ${why}`);
    this.name = 'ResultsDroppedError';
  }
}

export class ResultBuffer<T> {
  private pending: T[] = [];
  /** The oldest pending result has waited maxDelayMs (or a retry is due): write at the next chance. */
  private due = false;
  private delayTimer: unknown = null;
  private retryTimer: unknown = null;
  private failures = 0;
  private flushing: Promise<boolean> | null = null;
  private closed = false;
  private readonly timers: Timers;
  private readonly maxPending: number;

  constructor(private readonly o: ResultBufferOptions<T>) {
    if (!(o.maxBatch >= 1) || !(o.maxDelayMs >= 0)) throw new RangeError('maxBatch must be ≥ 1 and maxDelayMs ≥ 0');
    this.timers = o.timers ?? systemTimers;
    this.maxPending = Math.max(o.maxPending ?? 50_000, o.maxBatch);
  }

  /** Results waiting to be written (not counting a batch being written now). */
  get size(): number {
    return this.pending.length;
  }

  push(x: T): void {
    if (this.closed) return this.report(new ResultsDroppedError(1, 'the buffer is closed'), [x]);
    this.pending.push(x);
    if (this.pending.length === 1 && !this.due && this.delayTimer === null && this.retryTimer === null) {
      this.delayTimer = this.timers.setTimeout(this.delayUp, this.o.maxDelayMs);
    }
    this.trim();
    this.kick();
  }

  /** Writes what is pending now, ignoring delay and backoff; resolves when written or after a failed flush. */
  async flushNow(): Promise<void> {
    // Bounded, so that results pushed meanwhile cannot keep it going for ever.
    for (let rounds = Math.ceil(this.pending.length / this.o.maxBatch) + 1; rounds > 0; rounds--) {
      if (this.flushing) {
        if (!(await this.flushing)) return;
        continue;
      }
      if (this.pending.length === 0) return;
      this.clearRetry();
      if (!(await this.flushOnce())) return;
    }
  }

  /** Takes no more results and writes the rest, retrying a few times before dropping (and reporting) it. */
  async close(): Promise<void> {
    this.closed = true;
    for (let attempt = 1; ; attempt++) {
      await this.flushNow();
      if (this.pending.length === 0) break;
      if (attempt >= (this.o.closeAttempts ?? 3)) {
        const left = this.pending.splice(0);
        this.report(new ResultsDroppedError(left.length, `closing, and the last ${attempt} flushes failed`), left);
        break;
      }
      this.clearRetry();
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, this.backoff()));
    }
    this.clearRetry();
    if (this.delayTimer !== null) this.timers.clearTimeout(this.delayTimer);
    this.delayTimer = null;
  }

  private readonly delayUp = (): void => {
    this.delayTimer = null;
    this.due = true;
    this.kick();
  };

  private readonly retryUp = (): void => {
    this.retryTimer = null;
    this.due = true;
    this.kick();
  };

  private kick(): void {
    if (this.flushing || this.retryTimer !== null || this.pending.length === 0) return;
    if (this.due || this.pending.length >= this.o.maxBatch) void this.flushOnce();
    else if (this.delayTimer === null) this.delayTimer = this.timers.setTimeout(this.delayUp, this.o.maxDelayMs);
  }

  /** One write of up to maxBatch results; true when it succeeded. */
  private flushOnce(): Promise<boolean> {
    const batch = this.pending.splice(0, this.o.maxBatch);
    // What stays behind is at least as old as what left, so `due` and the delay timer still hold for it.
    if (this.pending.length === 0) this.clearDelay();
    const attempt = (async () => {
      try {
        await this.o.flush(batch);
        this.failures = 0;
        return true;
      } catch (err) {
        this.failures++;
        this.pending.unshift(...batch);
        this.report(err, batch);
        this.clearDelay();
        this.retryTimer = this.timers.setTimeout(this.retryUp, this.backoff());
        this.trim();
        return false;
      } finally {
        this.flushing = null;
      }
    })();
    this.flushing = attempt;
    void attempt.then(() => this.kick());
    return attempt;
  }

  private backoff(): number {
    const { first, max } = this.o.retryMs ?? { first: 500, max: 30_000 };
    return Math.min(first * 2 ** Math.max(0, this.failures - 1), max);
  }

  /** Over the cap: drop the oldest, a tenth of the cap at a time, so that an outage reports in chunks. */
  private trim(): void {
    const over = this.pending.length - this.maxPending;
    if (over <= 0) return;
    const dropped = this.pending.splice(0, Math.max(over, Math.ceil(this.maxPending / 10)));
    this.report(new ResultsDroppedError(dropped.length, `more than ${this.maxPending} results waiting to be written`), dropped);
  }

  private clearDelay(): void {
    this.due = false;
    if (this.delayTimer !== null) this.timers.clearTimeout(this.delayTimer);
    this.delayTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private report(err: unknown, batch: T[]): void {
    try {
      this.o.onError(err, batch);
    } catch (e) {
      console.error('result buffer: onError threw', e, err);
    }
  }
}
