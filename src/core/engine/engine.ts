import { systemClock, type Clock } from '../clock.js';
import { makeCtx, systemActor } from '../context.js';
import type { Database } from '../db/index.js';
import { createEventBus, type EventBus } from '../events.js';
import { newId } from '../ids.js';
import { silentLogger, type Logger } from '../log.js';
import { createJobsModule, type JobHandler } from './jobs.js';
import { createCycleRunner, type CycleReport, type EngineModule, type LeaseStore } from './runner.js';
import * as store from './store.js';

export interface EngineOptions {
  db: Database;
  clock?: Clock;
  log?: Logger;
  /** Cycle interval (config.engineIntervalMs). */
  intervalMs?: number;
  /** This process's identity in leases and job claims; a fresh id per process by default. */
  owner?: string;
  /** Module lease length; default 30 s. */
  moduleLeaseMs?: number;
  /** Job claim length; default 60 s. A crashed worker's jobs are retried this long after. */
  jobLeaseMs?: number;
  /** Jobs claimed per cycle; default 20. */
  jobBatchSize?: number;
  /** Jitter source for retry delays; fixed in tests. */
  random?: () => number;
  /** Domain events recorded by engine work go here (handlers, live views); a bare bus by default. */
  bus?: EventBus;
}

export interface Engine {
  readonly owner: string;
  /** Adds a background module; its tick runs every cycle (under its lease unless exclusive: false). */
  register(module: EngineModule): void;
  /** Adds the handler for one job kind; see JobHandler for the transaction contract. */
  registerJob<P>(kind: string, handler: JobHandler<P>): void;
  start(): void;
  /** Runs a cycle soon, e.g. after enqueueing a job due now; coalesced. */
  trigger(): void;
  runOnce(): Promise<CycleReport>;
  stop(): Promise<void>;
}

export function dbLeases(db: Database): LeaseStore {
  return {
    acquire: (name, owner, now, ttlMs) => store.acquireLease(db.kysely, name, owner, now, ttlMs),
    release: (name, owner) => store.releaseLease(db.kysely, name, owner),
  };
}

/** The cycle runner with the durable-job runner as its first module. */
export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const owner = opts.owner ?? newId('eng');
  const handlers = new Map<string, JobHandler>();
  const base = { clock, db: opts.db, bus: opts.bus ?? createEventBus() };
  const runner = createCycleRunner({
    owner,
    clock,
    log,
    intervalMs: opts.intervalMs ?? 1_000,
    leaseTtlMs: opts.moduleLeaseMs ?? 30_000,
    leases: dbLeases(opts.db),
    ctxFor: (module, requestId, moduleLog) => makeCtx(base, systemActor(`engine:${module.name}`), requestId, moduleLog),
  });
  runner.register(
    createJobsModule({
      db: opts.db,
      owner,
      handlers,
      leaseMs: opts.jobLeaseMs ?? 60_000,
      batchSize: opts.jobBatchSize ?? 20,
      random: opts.random ?? Math.random,
      onBacklog: () => runner.trigger(),
    }),
  );
  return {
    owner,
    register: (module) => runner.register(module),
    registerJob: (kind, handler) => {
      if (handlers.has(kind)) throw new Error(`job kind "${kind}" already has a handler`);
      // The payload is JSON parsed from the row; the handler owns its shape (and validation).
      handlers.set(kind, handler as JobHandler);
    },
    start: () => runner.start(),
    trigger: () => runner.trigger(),
    runOnce: () => runner.runOnce(),
    stop: () => runner.stop(),
  };
}
