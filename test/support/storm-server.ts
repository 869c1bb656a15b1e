/**
 * `tocsin serve` for the paging storm (test/support/paging-storm.ts): the same startServer the
 * command runs, with the configuration from the environment, but on a clock that reads the
 * system time plus `<offsetMs>` (argv). Escalation delays are whole minutes; the storm restarts
 * each killed server with a larger offset, so tiers and notifications that were minutes away
 * are overdue at once, as after a long outage, without a time scale in production code.
 * The offset never shrinks and is the same for every live process, so deadlines agree.
 * Prints `ready <url>`; SIGTERM stops cleanly; the storm SIGKILLs it.
 */
import { startServer } from '../../src/app/server.js';
import type { Clock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';

const offsetMs = Number(process.argv[2] ?? 0);
if (!Number.isFinite(offsetMs)) {
  console.error('usage: storm-server.ts <clock offset ms>');
  process.exit(2);
}
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const server = await startServer(loadConfig(), { clock });
process.stdout.write(`ready ${server.url}\n`);
process.once('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
