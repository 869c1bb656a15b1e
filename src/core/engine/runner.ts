import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { isDatabaseDown } from '../db/index.js';
import { newId } from '../ids.js';
import type { Logger } from '../log.js';
import { errorMessage } from './model.js';

/**
 * One unit of background work. `tick` is called once per cycle with the cycle's `now`
 * (epoch ms). Exclusive modules (the default) run under a lease named after the module, so
 * across all instances only one runs it at a time; `exclusive: false` is for modules that
 * coordinate through their own row leases (the job runner) and so can run everywhere at once.
 */
export interface EngineModule {
  name: string;
  exclusive?: boolean;
  tick(ctx: Ctx, now: number): Promise<void>;
}

export interface LeaseStore {
  acquire(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
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
  /** Runs a cycle soon; any number of calls before it starts make one extra cycle. */
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
  leases: LeaseStore;
  ctxFor(module: EngineModule, requestId: string, log: Logger): Ctx;
}

export function createCycleRunner(opts: CycleRunnerOptions): CycleRunner {
  const modules: EngineModule[] = [];
  const held = new Set<string>();
  let state: 'idle' | 'running' | 'stopped' = 'idle';
  let timer: NodeJS.Timeout | undefined;
  let soon = false; // the pending timer is a triggered (zero-delay) one
  let again = false; // a trigger arrived while a timer-driven cycle was running
  // Cycles run strictly one after another, whether started by the timer or by runOnce.
  let chain: Promise<unknown> = Promise.resolve();

  const schedule = (delayMs: number): void => {
    clearTimeout(timer);
    soon = delayMs === 0;
    timer = setTimeout(() => void loop(), delayMs);
  };

  const loop = async (): Promise<void> => {
    timer = undefined;
    soon = false;
    await runOnce().catch((err: unknown) => opts.log.error({ err }, 'engine cycle failed'));
    if (state !== 'running') return;
    schedule(again ? 0 : opts.intervalMs);
    again = false;
  };

  const runOnce = (): Promise<CycleReport> => {
    const next = chain.then(() => cycle());
    chain = next.catch(() => undefined);
    return next;
  };

  const cycle = async (): Promise<CycleReport> => {
    const now = opts.clock.now().getTime(); // the one clock read of the cycle
    const report: CycleReport = { now, ran: [], skipped: [], failed: [] };
    const requestId = newId('cyc');
    for (const module of [...modules]) {
      const outcome = await runModule(module, now, requestId);
      report[outcome].push(module.name);
    }
    return report;
  };

  const runModule = async (module: EngineModule, now: number, requestId: string): Promise<'ran' | 'skipped' | 'failed'> => {
    const log = opts.log.child({ module: module.name, cycle: requestId });
    try {
      if (module.exclusive !== false && !(await holdLease(module.name, now))) {
        log.debug('lease held by another instance; skipping');
        return 'skipped';
      }
      await module.tick(opts.ctxFor(module, requestId, log), now);
      return 'ran';
    } catch (err) {
      // One module's failure must not starve the others; it is retried next cycle.
      if (isDatabaseDown(err)) log.warn({ err: errorMessage(err) }, 'database unavailable; module will retry');
      else log.error({ err }, 'engine module failed');
      return 'failed';
    }
  };

  const holdLease = async (name: string, now: number): Promise<boolean> => {
    const ok = await opts.leases.acquire(name, opts.owner, now, opts.leaseTtlMs);
    if (ok) held.add(name);
    else held.delete(name);
    return ok;
  };

  return {
    owner: opts.owner,
    register: (module) => {
      if (modules.some((m) => m.name === module.name)) throw new Error(`engine module "${module.name}" is already registered`);
      modules.push(module);
    },
    start: () => {
      if (state !== 'idle') return;
      state = 'running';
      schedule(0);
    },
    trigger: () => {
      if (state !== 'running' || soon) return;
      if (timer) schedule(0);
      else again = true;
    },
    runOnce,
    stop: async () => {
      state = 'stopped';
      clearTimeout(timer);
      timer = undefined;
      await chain;
      await releaseAll(opts, held);
    },
  };
}

/** Best effort: a lease we fail to release simply expires. */
async function releaseAll(opts: CycleRunnerOptions, held: Set<string>): Promise<void> {
  for (const name of [...held]) {
    await opts.leases.release(name, opts.owner).catch((err: unknown) => opts.log.warn({ err: errorMessage(err), lease: name }, 'lease release failed'));
    held.delete(name);
  }
}
