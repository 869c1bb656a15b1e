import { loadConfig } from '../core/config.js';
import { startServer } from '../http/server.js';

/** Placeholder until the CLI work lands: `serve` only. */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'serve') {
    const server = await startServer(loadConfig());
    const stop = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  process.stderr.write(`tocsin: unknown command ${argv[0] ?? ''}\n`);
  process.exit(2);
}
