import { systemClock, type Clock } from '../clock.js';
import { makeCtx, systemActor, type TxCtx } from '../context.js';
import type { Database } from '../db/index.js';
import { createEventBus, type EventBus, type Unit } from '../events.js';
import { newId } from '../ids.js';
import { silentLogger, type Logger } from '../log.js';
import type { JobHandler, JobOptions, JobsHandler } from './jobs.js';
import { createPruneModule, DEFAULT_JOB_RETENTION_MS } from './prune.js';
import { JobQueue } from './queue.js';
import { createCycleRunner, type CycleReport, type EngineModule, type LeaseStore } from './runner.js';
import * as store from './store.js';

export interface QueueConfig {
  /** Batches (transactions) in flight at once; default 2. */
  concurrency?: number;
  /** Jobs per claim, run in one transaction; default jobBatchSize. Use 1 for slow kinds. */
  batchSize?: number;
}

export interface EngineOptions {
  db: Database;
  clock?: Clock;
  log?: Logger;
  /** Cycle interval (config.engineIntervalMs); also the longest a job queue sleeps. */
  intervalMs?: number;
  /** This process's identity in leases and job claims; a fresh id per process by default. */
  owner?: string;
  /** Module lease length; default 30 s. */
  moduleLeaseMs?: number;
  /** A module's tick failing after this long (its transaction rolled back); default 10 s. */
  tickTimeoutMs?: number;
  /** Job claim length; default 60 s. A crashed worker's jobs are retried this long after. */
  jobLeaseMs?: number;
  /** Jobs claimed (and run in one transaction) at a time per queue, unless the queue says; default 50. */
  jobBatchSize?: number;
  /** Per-queue settings by queue name (`default` and those named in registerJob). */
  queues?: Record<string, QueueConfig>;
  /** Finished jobs are deleted this long after they finish (config TOCSIN_JOB_RETENTION_HOURS); default 7 days. */
  jobRetentionMs?: number;
  /** Finished jobs deleted per cycle at most; default 1,000. */
  pruneBatchSize?: number;
  /** Jitter source for retry delays; fixed in tests. */
  random?: () => number;
  /** Domain events recorded by engine work go here (handlers, live views); a bare bus by default. */
  bus?: EventBus;
}

export interface Engine {
  readonly owner: string;
  /** Adds a background module; its tick runs every cycle (under its lease unless exclusive: false). */
  register(module: EngineModule): void;
  /** Adds the handler for one job kind, in a queue (default `default`); see JobHandler for the transaction contract. */
  registerJob<P>(kind: string, handler: JobHandler<P>, options?: JobOptions): void;
  start(): void;
  /** Runs due work now: every job queue claims at once, and a cycle runs soon; coalesced. */
  trigger(): void;
  /** One cycle, then one batch per job queue; for tests and tools. */
  runOnce(): Promise<CycleReport>;
  /** Stops the cycle and the queues, waiting for the tick and the jobs in flight. */
  stop(): Promise<void>;
}

export function dbLeases(db: Database): LeaseStore {
  return {
    acquire: (name, owner, now, ttlMs) => store.acquireLease(db.kysely, name, owner, now, ttlMs),
    release: (name, owner) => store.releaseLease(db.kysely, name, owner),
    underLease: async (name, owner, now, ttlMs, ctx, fn) => {
      const unit: Unit = { events: [], wake: false, afterCommit: [] };
      const ran = await db.tx(async (tx) => {
        if (!(await store.verifyLease(tx, name, owner, now, ttlMs))) return false;
        await fn({ ...ctx, tx, unit } satisfies TxCtx);
        return true;
      });
      if (ran) ctx.bus.committed(unit);
      return ran;
    },
  };
}

/** The cycle runner (with finished-job pruning) and the job queues, backed by the database. */
export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const owner = opts.owner ?? newId('eng');
  const intervalMs = opts.intervalMs ?? 1_000;
  const base = { clock, db: opts.db, bus: opts.bus ?? createEventBus() };
  const runner = createCycleRunner({
    owner,
    clock,
    log,
    intervalMs,
    leaseTtlMs: opts.moduleLeaseMs ?? 30_000,
    tickTimeoutMs: opts.tickTimeoutMs ?? 10_000,
    leases: dbLeases(opts.db),
    ctxFor: (module, requestId, moduleLog) => makeCtx(base, systemActor(`engine:${module.name}`), requestId, moduleLog),
  });
  runner.register(createPruneModule({ retentionMs: opts.jobRetentionMs ?? DEFAULT_JOB_RETENTION_MS, batchSize: opts.pruneBatchSize ?? 1_000 }));
  const handlers = new Map<string, JobHandler>();
  const together = new Map<string, JobsHandler>();
  const kindQueue = new Map<string, string>();
  const queues = new Map<string, JobQueue>();
  let started = false;
  const kindsOf = (queue: string): store.KindFilter => {
    const mine = (q: string) => [...kindQueue].filter(([, name]) => name === q).map(([kind]) => kind);
    // The default queue takes every kind no other queue claims, unknown kinds included (they retry).
    if (queue === 'default') return { notIn: [...kindQueue].filter(([, q]) => q !== 'default').map(([kind]) => kind) };
    return { in: mine(queue) };
  };
  const queue = (name: string, concurrency?: number): JobQueue => {
    let q = queues.get(name);
    if (q) return q;
    const conf = { concurrency, ...opts.queues?.[name] };
    const qlog = log.child({ queue: name });
    q = new JobQueue({
      name, clock, log: qlog, intervalMs, owner, handlers, together, db: opts.db, random: opts.random ?? Math.random,
      leaseMs: opts.jobLeaseMs ?? 60_000,
      concurrency: conf.concurrency ?? 2,
      batchSize: conf.batchSize ?? opts.jobBatchSize ?? 50,
      kinds: () => kindsOf(name),
      ctxFor: () => makeCtx(base, systemActor(`engine:jobs:${name}`), newId('job'), qlog),
    });
    queues.set(name, q);
    if (started) q.start();
    return q;
  };
  queue('default');
  return {
    owner,
    register: (module) => runner.register(module),
    registerJob: (kind, handler, options) => {
      if (handlers.has(kind)) throw new Error(`job kind "${kind}" already has a handler`);
      // The payload is JSON parsed from the row; the handler owns its shape (and validation).
      handlers.set(kind, handler as JobHandler);
      if (options?.together) together.set(kind, options.together);
      kindQueue.set(kind, options?.queue ?? 'default');
      queue(options?.queue ?? 'default', options?.concurrency);
    },
    start: () => {
      started = true;
      runner.start();
      for (const q of queues.values()) q.start();
    },
    trigger: () => {
      for (const q of queues.values()) q.poke();
      runner.trigger();
    },
    runOnce: async () => {
      const report = await runner.runOnce();
      for (const q of queues.values()) await q.drainOnce();
      return report;
    },
    stop: async () => {
      await Promise.all([runner.stop(), ...[...queues.values()].map((q) => q.stop())]);
    },
  };
}
