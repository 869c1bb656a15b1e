import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/index.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger, type Logger } from '../core/log.js';
import { prepareFirstRunSetup } from '../users/service.js';
import { buildApp } from './app.js';
import type { App, AppDeps } from './deps.js';
import { createLiveEvents } from './live.js';

export interface RunningServer {
  app: App;
  deps: AppDeps;
  url: string;
  stop(): Promise<void>;
}

/** Opens and migrates the database, builds the app, listens, and prints the first-run link. */
export async function startServer(config: Config, opts: { clock?: Clock; log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  const deps: AppDeps = { config, db, clock: opts.clock ?? systemClock, log, events: createLiveEvents() };
  const app = await buildApp(deps);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  log.info({ url, database: db.dialect }, `Tocsin is serving on ${url}`);
  const setupLink = await prepareFirstRunSetup(deps);
  if (setupLink) log.warn({ setup: setupLink }, `No users yet. Create the owner account at ${setupLink}`);
  return {
    app,
    deps,
    url,
    stop: async () => {
      await app.close();
      await db.close();
    },
  };
}
