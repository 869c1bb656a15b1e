/**
 * A dispatcher in its own process, for the outbox kill test and bench:outbox: `node --import
 * tsx test/support/outbox-worker.ts <dbUrl> <owner> <receiverUrl> [timeoutMs] [concurrency]`.
 * The engine runs the outbox dispatcher with the webhook provider pointed at the receiver.
 * Prints `ready <owner>` once started; SIGTERM stops it cleanly (printing `stats {...}`, its
 * event-loop delay p99); the tests SIGKILL it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';
import { createLogger } from '../../src/core/log.js';
import { createOutboxDispatcher } from '../../src/core/outbox/index.js';
import { createWebhookProvider } from '../../src/notify/providers/webhook.js';

const [url, owner, receiverUrl, timeoutArg, concurrencyArg] = process.argv.slice(2);
if (!url || !owner || !receiverUrl) {
  console.error('usage: outbox-worker.ts <dbUrl> <owner> <receiverUrl> [timeoutMs] [concurrency]');
  process.exit(2);
}

const db = openDatabase(url, { sqliteSynchronous: 'FULL' });
const timeoutMs = Number(timeoutArg ?? 1_000);
const engine = createEngine({ db, clock: systemClock, log: createLogger(process.env.OUTBOX_WORKER_LOG ?? 'silent'), owner, intervalMs: 50 });
const dispatcher = createOutboxDispatcher({
  db,
  owner,
  providers: [createWebhookProvider({ url: receiverUrl, timeoutMs, concurrency: Number(concurrencyArg ?? 8) })],
  wake: () => engine.trigger(),
  deadlineGraceMs: 500,
});
engine.register(dispatcher);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
engine.start();
process.stdout.write(`ready ${owner}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await engine.stop();
    await dispatcher.drain();
    await db.close();
    // For bench:outbox: this process's event-loop delay p99 over its life.
    process.stdout.write(`stats ${JSON.stringify({ event_loop_p99_ms: loop.percentile(99) / 1e6 })}\n`);
    process.exit(0);
  })();
});
