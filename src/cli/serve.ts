import type { Command } from 'commander';
import { loadConfig } from '../core/config.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';

/** What `serve` needs of a running server (src/app/server.ts makes it; main.ts hands it in). */
interface RunningServer {
  url: string;
  setupLink: string | null;
  kernel: { log: Logger; db: { dialect: string } };
  stop(): Promise<void>;
}
type StartServer = (config: Config) => Promise<RunningServer>;
import { CliError, reasonOf, withJson } from './common.js';

/** Stops the server on the first SIGINT/SIGTERM; a second signal while stopping exits at once. */
function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`tocsin: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    server.kernel.log.info({ signal }, 'stopping');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`tocsin: error while stopping: ${reasonOf(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** `start` is handed in by the entry point (main.ts), the one CLI file that knows the composition root. */
export function serveCommand(program: Command, start: () => Promise<{ startServer: StartServer }>): void {
  withJson(
    program
      .command('serve')
      .description('run the Tocsin server (API, web app, engine) with the configuration from the environment')
      .addHelpText(
        'after',
        `
Configuration comes from environment variables, e.g.
  TOCSIN_DATABASE_URL  sqlite:./data/tocsin.db (default) or postgres://user@host/db
  TOCSIN_PORT          8080 (default)       TOCSIN_HOST  0.0.0.0 (default)
  TOCSIN_PUBLIC_URL    the address people reach Tocsin at
  TOCSIN_LOG_LEVEL     info (default): fatal, error, warn, info, debug, trace, silent
Logs are JSON lines on stdout (with or without --json). SIGINT or SIGTERM stops cleanly.`,
      ),
  ).action(async () => {
    const config = loadConfig();
    let server: RunningServer;
    try {
      const { startServer } = await start();
      server = await startServer(config);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const reason =
        code === 'EADDRINUSE' ? `port ${config.port} is already in use (set TOCSIN_PORT)` : reasonOf(err);
      throw new CliError(`cannot start: ${reason}`);
    }
    stopOnSignals(server);
    // JSON logs are for log systems; a person who just typed `npm start` gets the two facts they need.
    if (process.stderr.isTTY) {
      const lines = [`\n  Tocsin is serving on ${server.url} (${server.kernel.db.dialect})`];
      if (server.setupLink) lines.push(`  Create the owner account: ${server.setupLink}`);
      process.stderr.write(lines.join('\n') + '\n\n');
    }
  });
}
