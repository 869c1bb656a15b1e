/**
 * A Tocsin engine in its own process, for the crash tests: `node --import tsx
 * test/support/job-worker.ts <dbUrl> <owner> [jobLeaseMs]`. It runs `test.effect` jobs, whose
 * handler sleeps `payload.sleepMs` inside the job's transaction and then writes one row to
 * engine_effects, so a SIGKILL lands mid-job; with `payload.dieOnAttempt` it kills itself right
 * after writing the effect, before the commit. SIGTERM stops it cleanly.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';
import { createLogger } from '../../src/core/log.js';
import { writeEffect } from './engine-effects.js';

const [url, owner, leaseArg] = process.argv.slice(2);
if (!url || !owner) {
  console.error('usage: job-worker.ts <dbUrl> <owner> [jobLeaseMs]');
  process.exit(2);
}

const db = openDatabase(url);
const engine = createEngine({
  db,
  clock: systemClock,
  log: createLogger(process.env.JOB_WORKER_LOG ?? 'silent'),
  owner,
  intervalMs: 50,
  jobLeaseMs: Number(leaseArg ?? 1_500),
  // One job per claim and one batch in flight, so a kill loses at most the job it is running.
  jobBatchSize: 1,
  queues: { default: { concurrency: 1 } },
});
engine.registerJob<{ sleepMs?: number; dieOnAttempt?: number }>('test.effect', async (tx, job) => {
  await sleep(job.payload.sleepMs ?? 0);
  await writeEffect(tx, job.key, owner);
  // The narrowest window on purpose: effect written, `done` not yet committed.
  if (job.attempts === job.payload.dieOnAttempt) process.kill(process.pid, 'SIGKILL');
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
