/**
 * A Tocsin engine in its own process, for "two engines never run the same job twice":
 * `node --import tsx test/support/pair-worker.ts <dbUrl> <owner>`. Its `test.effect` handler
 * prints `ran <job key>` each time it is called (before the job's transaction commits, so a
 * second run shows even if that commit would fail), pauses inside the transaction so the
 * other process's queries interleave with it, and writes one row to engine_effects.
 * SIGTERM stops it cleanly.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';
import { createLogger } from '../../src/core/log.js';
import { writeEffect } from './engine-effects.js';

const [url, owner] = process.argv.slice(2);
if (!url || !owner) {
  console.error('usage: pair-worker.ts <dbUrl> <owner>');
  process.exit(2);
}

// A long busy timeout: on SQLite the two processes take turns at the write lock.
const db = openDatabase(url, { sqliteBusyTimeoutMs: 30_000 });
const engine = createEngine({
  db,
  clock: systemClock,
  log: createLogger(process.env.JOB_WORKER_LOG ?? 'silent'),
  owner,
  // Short enough to see newly enqueued jobs soon; once it has, the queue sleeps until the next
  // job is due, so two workers wake at the same instant for the same jobs.
  intervalMs: 100,
  jobLeaseMs: 10_000,
  // Two jobs per claim and one claim in flight: a wave of four due together is split or fought over.
  jobBatchSize: 2,
  queues: { default: { concurrency: 1 } },
});
engine.registerJob('test.effect', async (tx, job) => {
  process.stdout.write(`ran ${job.key}\n`);
  await sleep(2); // inside the job's transaction: let the other process's queries interleave
  await writeEffect(tx, job.key, owner);
});
engine.start();
process.stdout.write(`ready ${owner}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await engine.stop();
    await db.close();
    process.exit(0);
  })();
});
