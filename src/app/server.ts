import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { openDatabase } from '../core/db/index.js';
import { migrateToLatest } from '../core/db/migrate.js';
import { createLogger, type Logger } from '../core/log.js';
import { buildApp } from '../http/app.js';
import type { App } from '../http/deps.js';
import { prepareFirstRunSetup } from '../users/service.js';
import { createKernel, databaseOptions, type OpenKernel } from './kernel.js';
import { authenticator } from './modules.js';

export interface RunningServer {
  app: App;
  kernel: OpenKernel;
  url: string;
  /** The one-time link that creates the owner account, while no user exists. */
  setupLink: string | null;
  stop(): Promise<void>;
}

/** Opens and migrates the database, builds the kernel and the app, listens, and prints the first-run link. */
export async function startServer(config: Config, opts: { clock?: Clock; log?: Logger } = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  // Migrated before the kernel starts anything that reads the tables (the live relay polls at once).
  const db = openDatabase(config.databaseUrl, { ...databaseOptions(config), sqliteBackgroundCheckpoints: true });
  const applied = await migrateToLatest(db).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  const kernel = createKernel(config, { clock: opts.clock, log, sharedLive: true, db });
  const app = await buildApp(kernel, { modules: kernel.modules, authenticator });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  log.info({ url, database: kernel.db.dialect }, `Tocsin is serving on ${url}`);
  const setupLink = await prepareFirstRunSetup(kernel);
  if (setupLink) log.warn({ setup: setupLink }, `No users yet. Create the owner account at ${setupLink}`);
  // Started after listen, so a process that cannot serve does not take work (leases, jobs).
  kernel.engine.start();
  await kernel.startWorkers();
  return {
    app,
    kernel,
    url,
    setupLink,
    stop: async () => {
      await app.close();
      // Waits for the cycle in progress and releases module leases for the next instance.
      await kernel.close();
      await db.close();
    },
  };
}
