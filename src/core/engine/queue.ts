import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { isDatabaseDown } from '../db/index.js';
import type { Logger } from '../log.js';
import { runBatch, type BatchOptions } from './batch.js';
import { errorMessage, wakeDelayMs } from './model.js';
import * as store from './store.js';

export interface QueueOptions extends BatchOptions {
  name: string;
  clock: Clock;
  log: Logger;
  /** Longest sleep between claims (jobs enqueued by other instances, claims to reclaim). */
  intervalMs: number;
  /** How long a claim lasts before another worker may take the job over. */
  leaseMs: number;
  /** Batches (transactions) in flight at once. */
  concurrency: number;
  /** Jobs claimed, and run in one transaction, at a time. */
  batchSize: number;
  /** The kinds this queue claims; read at each claim, as kinds are registered late. */
  kinds(): store.KindFilter;
  ctxFor(): Ctx;
}

/**
 * One job queue: claims only its own kinds and runs up to `concurrency` batches at once, on its
 * own timer, independent of the cycle and of the other queues. After each claim it sleeps until
 * the earliest pending job of its kinds is due (at most the interval); `poke` wakes it at once.
 */
export class JobQueue {
  private readonly inflight = new Set<Promise<void>>();
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | null = null;
  private again = false;

  constructor(private readonly opts: QueueOptions) {}

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.poke();
  }

  /** Claims at once (work was committed that is due now, or a batch finished). */
  poke(): void {
    if (this.state !== 'running') return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.wakeIn(0);
  }

  /** Claims one batch and runs it, whether started or not; for runOnce and tests. Returns how many were claimed. */
  async drainOnce(): Promise<number> {
    const claimed = await this.claim();
    if (claimed) await claimed.run;
    return claimed?.count ?? 0;
  }

  /** Stops claiming and waits for the batches in flight. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.pumping;
    await Promise.all([...this.inflight]);
  }

  private wakeIn(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pumping = this.pump().finally(() => (this.pumping = null));
    }, ms);
  }

  private async pump(): Promise<void> {
    let delay = this.opts.intervalMs;
    try {
      do {
        this.again = false;
        while (this.state === 'running' && this.inflight.size < this.opts.concurrency) {
          const claimed = await this.claim();
          if (claimed) this.track(claimed.run);
          if ((claimed?.count ?? 0) < this.opts.batchSize) break;
          // On SQLite every query completes synchronously: without this a backlog would drain
          // in one chain of microtasks and starve timers and HTTP requests until it is done.
          await new Promise((resolve) => setImmediate(resolve));
        }
        delay = await this.nextDelay();
      } while (this.again && this.state === 'running');
    } catch (err) {
      this.logError(err, 'job queue claim failed');
    }
    if (this.state === 'running' && this.timer === undefined) this.wakeIn(delay);
  }

  /**
   * A job whose lease was lost first, alone (so that only its own crash counts against it), else
   * a batch of due jobs. The next lost one is claimed as soon as a batch finishes (`poke`).
   */
  private async claim(): Promise<{ count: number; run: Promise<void> } | null> {
    const { db, owner, leaseMs, batchSize } = this.opts;
    const now = this.opts.clock.now().getTime();
    const input = { owner, now, leaseMs, kinds: this.opts.kinds() };
    const lostOne = await store.claimJobs(db.kysely, db.dialect, { ...input, limit: 1, which: 'lost' });
    const rows = lostOne.length ? lostOne : await store.claimJobs(db.kysely, db.dialect, { ...input, limit: batchSize, which: 'due' });
    if (rows.length === 0) return null;
    return { count: rows.length, run: runBatch(this.opts, this.opts.ctxFor(), rows, now) };
  }

  private track(run: Promise<void>): void {
    const tracked: Promise<void> = run
      .catch((err: unknown) => this.logError(err, 'job batch failed; its jobs are retried after their lease'))
      .finally(() => {
        this.inflight.delete(tracked);
        this.poke();
      });
    this.inflight.add(tracked);
  }

  /** A full queue is poked when a batch ends; otherwise sleep until the next job is due. */
  private async nextDelay(): Promise<number> {
    if (this.inflight.size >= this.opts.concurrency) return this.opts.intervalMs;
    const next = await store.nextDueAt(this.opts.db.kysely, this.opts.kinds());
    return wakeDelayMs(next, this.opts.clock.now().getTime(), this.opts.intervalMs);
  }

  private logError(err: unknown, msg: string): void {
    const log = this.opts.log.child({ queue: this.opts.name });
    if (isDatabaseDown(err)) log.warn({ err: errorMessage(err) }, 'database unavailable; job queue will retry');
    else log.error({ err }, msg);
  }
}
