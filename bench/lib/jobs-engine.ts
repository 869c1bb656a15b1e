/**
 * The Tocsin side of bench:jobs, in its own process (pinned by the caller): an engine with one
 * job kind whose handler records its lateness (start minus due). `node --import tsx
 * bench/lib/jobs-engine.ts <dbUrl> <expected>`. Prints `ready`; starts the engine on SIGUSR1
 * (or at once with --start); prints `lateness [...]` once `expected` jobs have started; on
 * SIGTERM stops cleanly and prints `stats {...}` (event-loop delay p99). BENCH_CONCURRENCY and
 * BENCH_BATCH override the default queue's concurrency (2) and batch size (50) for experiments.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';

const [url, expectedArg] = process.argv.slice(2);
if (!url || !expectedArg) {
  console.error('usage: jobs-engine.ts <dbUrl> <expected> [--start]');
  process.exit(2);
}
const expected = Number(expectedArg);
const db = openDatabase(url);
const engine = createEngine({ db, intervalMs: 1_000, queues: { default: { concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2), batchSize: Number(process.env.BENCH_BATCH ?? 50) } } });
const lateness: number[] = [];
engine.registerJob('bench.job', async (_tx, job) => {
  lateness.push(Date.now() - job.dueAt);
  if (lateness.length === expected) process.stdout.write(`lateness ${JSON.stringify(lateness)}\n`);
});
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const keepAlive = setInterval(() => undefined, 60_000); // until SIGTERM, started or not
process.once('SIGUSR1', () => engine.start());
if (process.argv.includes('--start')) engine.start();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void (async () => {
    clearInterval(keepAlive);
    await engine.stop();
    await db.close();
    process.stdout.write(`stats ${JSON.stringify({ event_loop_p99_ms: loop.percentile(99) / 1e6 })}\n`);
    process.exit(0);
  })();
});
