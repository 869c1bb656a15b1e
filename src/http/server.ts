import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/index.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createEngine, type Engine } from '../core/engine/index.js';
import { createEventBus } from '../core/events.js';
import { createLogger, type Logger } from '../core/log.js';
import { prepareFirstRunSetup } from '../users/service.js';
import { buildApp } from './app.js';
import type { App, AppDeps } from './deps.js';
import { createLiveEvents, createSharedLiveEvents } from './live.js';

export interface RunningServer {
  app: App;
  deps: AppDeps;
  url: string;
  /** Background work; features register modules and job handlers on it. */
  engine: Engine;
  /** The one-time link that creates the owner account, while no user exists. */
  setupLink: string | null;
  stop(): Promise<void>;
}

/** Opens and migrates the database, builds the app, listens, and prints the first-run link. */
export async function startServer(config: Config, opts: { clock?: Clock; log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl, { sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs });
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  // Several instances may share one PostgreSQL; their live views must see each other's changes.
  const shared = db.dialect === 'postgres' ? createSharedLiveEvents(config.databaseUrl, log) : null;
  const deps: AppDeps = { config, db, clock: opts.clock ?? systemClock, log, events: shared ?? createLiveEvents(), bus: createEventBus() };
  const engine = createEngine({ db, clock: deps.clock, log: log.child({ component: 'engine' }), intervalMs: config.engineIntervalMs });
  // Feature modules and job handlers are registered on `engine` here, before it starts.
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  log.info({ url, database: db.dialect }, `Tocsin is serving on ${url}`);
  const setupLink = await prepareFirstRunSetup(deps);
  if (setupLink) log.warn({ setup: setupLink }, `No users yet. Create the owner account at ${setupLink}`);
  // Started after listen, so a process that cannot serve does not take work (leases, jobs).
  engine.start();
  return {
    app,
    deps,
    url,
    engine,
    setupLink,
    stop: async () => {
      await app.close();
      // Waits for the cycle in progress and releases module leases for the next instance.
      await engine.stop();
      await shared?.close();
      await db.close();
    },
  };
}
