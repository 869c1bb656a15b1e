import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { openDatabase, type Database, type OpenOptions } from '../core/db/index.js';
import { createEngine, type EngineOptions } from '../core/engine/index.js';
import { createEventBus } from '../core/events.js';
import { createOutboxDispatcher, openSendJournal, type SendJournal } from '../core/outbox/index.js';
import { createSqliteRelay } from '../core/live/sqlite-relay.js';
import { createLogger, type Logger } from '../core/log.js';
import type { BackgroundWorker, DomainModule, Kernel, LiveEvents } from '../core/module.js';
import { createLiveEvents, createSharedLiveEvents } from '../http/live.js';
import { MODULES } from './modules.js';

export interface KernelOptions {
  clock?: Clock;
  log?: Logger;
  /** An open database (tests); else opened from config.databaseUrl. */
  db?: Database;
  /** Share live events with other instances through PostgreSQL LISTEN/NOTIFY (servers: yes). */
  sharedLive?: boolean;
  modules?: readonly DomainModule[];
  engine?: Partial<EngineOptions>;
}

/** How the configuration opens the database: timeouts, pool size. */
export const databaseOptions = (config: Config): OpenOptions => ({
  sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
  queryTimeoutMs: config.dbQueryTimeoutMs,
  connectTimeoutMs: config.dbConnectTimeoutMs,
  poolSize: config.dbPoolSize,
});

/** Live events every instance on the same database sees: LISTEN/NOTIFY on PostgreSQL, a relay table on SQLite. */
function sharedLive(db: Database, config: Config, clock: Clock, log: Logger): (LiveEvents & { close(): Promise<void> }) | null {
  if (db.dialect === 'postgres') return createSharedLiveEvents(config.databaseUrl, log);
  if (db.url.endsWith(':memory:')) return null;
  return createSqliteRelay({ db, clock, log, local: createLiveEvents() });
}

/** The outbox's send journal; without one (a file that cannot be opened) pages still go, with a wider duplicate window. */
function openJournal(path: string, log: Logger): SendJournal | undefined {
  try {
    return openSendJournal(path, (err) => log.warn({ err: String(err), path }, 'send journal write failed'));
  } catch (err) {
    log.warn({ err: String(err), path }, 'send journal not opened: a page accepted just before a crash may be sent twice');
    return undefined;
  }
}

export interface OpenKernel extends Kernel {
  modules: readonly DomainModule[];
  /** Starts the modules' background workers (the server does, after the engine). */
  startWorkers(): Promise<void>;
  /** Stops the workers, the engine, the live listener and the database. */
  close(): Promise<void>;
}

/**
 * Builds one running Tocsin's shared parts and plugs every domain module into them: event
 * handlers and live topics into the bus, engine modules and job handlers into the engine.
 * After commit, events go to live views and wake the engine when work is due now.
 */
export function createKernel(config: Config, opts: KernelOptions = {}): OpenKernel {
  const modules = opts.modules ?? MODULES;
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const db = opts.db ?? openDatabase(config.databaseUrl, databaseOptions(config));
  const shared = opts.sharedLive ? sharedLive(db, config, clock, log) : null;
  const live: LiveEvents = shared ?? createLiveEvents();
  const bus = createEventBus();
  const engine = createEngine({
    db,
    clock,
    log: log.child({ component: 'engine' }),
    intervalMs: config.engineIntervalMs,
    jobRetentionMs: config.jobRetentionHours * 3_600_000,
    bus,
    ...opts.engine,
  });
  bus.connect({ publish: (topic, data) => live.publish(topic, data), wake: () => engine.trigger() });
  const kernel: Kernel = { config, clock, db, log, bus, live, engine };
  const journal = config.sendJournalPath ? openJournal(config.sendJournalPath, log) : undefined;
  const outbox = createOutboxDispatcher({ db, owner: engine.owner, wake: () => engine.trigger(), providers: modules.flatMap((m) => m.providers?.(kernel) ?? []), journal });
  engine.register(outbox);
  for (const m of modules) {
    for (const [type, handler] of Object.entries(m.on ?? {})) bus.on(type, handler);
    for (const p of m.live ?? []) bus.project(p);
    for (const e of m.engine?.(kernel) ?? []) engine.register(e);
    for (const j of m.jobs ?? []) engine.registerJob(j.kind, j.handler, { queue: j.queue, concurrency: j.concurrency, together: j.together });
  }
  const workers = modules.flatMap((m) => m.workers?.(kernel) ?? []);
  let started: BackgroundWorker[] = [];
  return {
    ...kernel,
    modules,
    startWorkers: async () => {
      for (const w of workers) {
        await w.start();
        started.push(w);
      }
    },
    close: async () => {
      for (const w of started.reverse()) await w.stop();
      started = [];
      await engine.stop();
      await outbox.drain();
      journal?.close();
      await shared?.close();
      if (!opts.db) await db.close();
    },
  };
}
