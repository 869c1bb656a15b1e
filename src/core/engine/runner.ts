import type { Clock } from '../clock.js';
import type { Ctx, TxCtx } from '../context.js';
import { isDatabaseDown } from '../db/index.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { errorMessage } from './model.js';

/**
 * One unit of background work. `tick` is called once per cycle with the cycle's `now`
 * (epoch ms). Exclusive modules (the default) run under a lease named after the module, so
 * across all instances only one runs it at a time, and their tick runs inside a transaction
 * that first verifies and locks that lease (a TxCtx: write through ctx.tx). `exclusive: false`
 * is for modules that coordinate through their own row leases (the outbox dispatcher) and so
 * run everywhere at once, outside any transaction.
 */
export type EngineModule =
  | { name: string; exclusive?: true; tick(ctx: TxCtx, now: number): Promise<void> }
  | { name: string; exclusive: false; tick(ctx: Ctx, now: number): Promise<void> };

export interface LeaseStore {
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
  /**
   * Runs `fn` in a transaction whose first statement verifies our lease (still ours, not
   * expired), renews it and locks it until commit; false, without running `fn`, when it is not.
   */
  underLease(name: string, owner: string, now: number, ttlMs: number, ctx: Ctx, fn: (ctx: TxCtx) => Promise<void>): Promise<boolean>;
}

/** A tick that ran past its timeout; its transaction is rolled back. */
export class TickTimeoutError extends Error {
  constructor(name: string, ms: number) {
    super(`engine module "${name}" tick timed out after ${ms} ms`);
    this.name = 'TickTimeoutError';
  }
}

export interface CycleReport {
  now: number;
  ran: string[];
  /** Lease held by another instance: expected, not an error. */
  skipped: string[];
  failed: string[];
}

export interface CycleRunner {
  readonly owner: string;
  register(module: EngineModule): void;
  start(): void;
  /**
   * Runs a cycle soon; any number of calls before it starts make one extra cycle. A cycle a
   * trigger starts runs only the modules that are not exclusive (the outbox), unless a whole
   * interval has passed since the last full cycle began: the exclusive ones keep their interval.
   */
  trigger(): void;
  /** Runs one cycle now (after any cycle in progress) and reports it; for tests and tools. */
  runOnce(): Promise<CycleReport>;
  /** Stops the loop, waits for the cycle in progress, and releases the leases held. */
  stop(): Promise<void>;
}

export interface CycleRunnerOptions {
  owner: string;
  clock: Clock;
  log: Logger;
  intervalMs: number;
  /** Module lease length; a tick must finish well within it. */
  leaseTtlMs: number;
  /** A tick running longer fails (and its transaction rolls back); default a third of the lease. */
  tickTimeoutMs?: number;
  leases: LeaseStore;
  ctxFor(module: EngineModule, requestId: string, log: Logger): Ctx;
}

export function createCycleRunner(opts: CycleRunnerOptions): CycleRunner {
  return new Runner(opts);
}

class Runner implements CycleRunner {
  readonly owner: string;
  private readonly modules: EngineModule[] = [];
  private readonly held = new Set<string>();
  private state: 'idle' | 'running' | 'stopped' = 'idle';
  private timer: NodeJS.Timeout | undefined;
  private soon = false; // the pending timer is a triggered (zero-delay) one
  private again = false; // a trigger arrived while a timer-driven cycle was running
  private lastFull = -Infinity; // performance.now() when the last full cycle began
  // Cycles run strictly one after another, whether started by the timer or by runOnce.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: CycleRunnerOptions) {
    this.owner = opts.owner;
  }

  register(module: EngineModule): void {
    if (this.modules.some((m) => m.name === module.name)) throw new Error(`engine module "${module.name}" is already registered`);
    this.modules.push(module);
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    this.schedule(0);
  }

  trigger(): void {
    if (this.state !== 'running' || this.soon) return;
    if (this.timer) this.schedule(0);
    else this.again = true;
  }

  runOnce(): Promise<CycleReport> {
    return this.enqueue(false);
  }

  private enqueue(woken: boolean): Promise<CycleReport> {
    const next = this.chain.then(() => this.cycle(woken));
    this.chain = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    await this.releaseAll();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.soon = delayMs === 0;
    this.timer = setTimeout(() => void this.loop(), delayMs);
  }

  private async loop(): Promise<void> {
    const woken = this.soon;
    this.timer = undefined;
    this.soon = false;
    await this.enqueue(woken).catch((err: unknown) => this.opts.log.error({ err }, 'engine cycle failed'));
    if (this.state !== 'running') return;
    this.schedule(this.again ? 0 : this.opts.intervalMs);
    this.again = false;
  }

  /**
   * One cycle. Woken (by a trigger: a page sent, work committed that is due now) it runs only the
   * modules that are not exclusive: an exclusive module's lease upsert and tick transaction are
   * two commits (two fsyncs on SQLite) even with nothing to do, and a page storm wakes the
   * engine after every send (bench:paging). They run on the interval, as they would unwoken.
   */
  private async cycle(woken = false): Promise<CycleReport> {
    const now = this.opts.clock.now().getTime(); // the one clock read of the cycle
    const report: CycleReport = { now, ran: [], skipped: [], failed: [] };
    const requestId = newId('cyc');
    // Real time, not the clock: the interval is a timer's, and a test's fake clock may stand still.
    const full = !woken || performance.now() - this.lastFull >= this.opts.intervalMs;
    if (full) this.lastFull = performance.now();
    for (const module of this.modules.filter((m) => full || m.exclusive === false)) {
      const outcome = await this.runModule(module, now, requestId);
      report[outcome].push(module.name);
    }
    return report;
  }

  private async runModule(module: EngineModule, now: number, requestId: string): Promise<'ran' | 'skipped' | 'failed'> {
    const log = this.opts.log.child({ module: module.name, cycle: requestId });
    const ctx = this.opts.ctxFor(module, requestId, log);
    try {
      if (module.exclusive === false) {
        await this.timed(module.name, module.tick(ctx, now));
        return 'ran';
      }
      const ran =
        (await this.holdLease(module.name, now)) &&
        (await this.opts.leases.underLease(module.name, this.owner, now, this.opts.leaseTtlMs, ctx, (tx) => this.timed(module.name, module.tick(tx, now))));
      if (!ran) log.debug('lease held by another instance; skipping');
      return ran ? 'ran' : 'skipped';
    } catch (err) {
      // One module's failure must not starve the others; it is retried next cycle.
      if (isDatabaseDown(err)) log.warn({ err: errorMessage(err) }, 'database unavailable; module will retry');
      else if (err instanceof TickTimeoutError) log.error({ err: err.message }, 'engine module tick timed out');
      else log.error({ err }, 'engine module failed');
      return 'failed';
    }
  }

  /** Rejects when the tick outlives its timeout (throwing inside the transaction rolls it back). */
  private timed(name: string, tick: Promise<void>): Promise<void> {
    const ms = this.opts.tickTimeoutMs ?? Math.floor(this.opts.leaseTtlMs / 3);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_r, reject) => (timer = setTimeout(() => reject(new TickTimeoutError(name, ms)), ms)));
    tick.catch(() => undefined); // a late failure of an abandoned tick is not unhandled
    return Promise.race([tick, timeout]).finally(() => clearTimeout(timer));
  }

  private async holdLease(name: string, now: number): Promise<boolean> {
    const ok = await this.opts.leases.acquire(name, this.owner, now, this.opts.leaseTtlMs);
    if (ok) this.held.add(name);
    else this.held.delete(name);
    return ok;
  }

  /** Best effort: a lease we fail to release simply expires. */
  private async releaseAll(): Promise<void> {
    for (const name of [...this.held]) {
      await this.opts.leases
        .release(name, this.owner)
        .catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err), lease: name }, 'lease release failed'));
      this.held.delete(name);
    }
  }
}
