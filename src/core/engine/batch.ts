import type { Transaction } from 'kysely';
import type { Ctx } from '../context.js';
import type { Database } from '../db/index.js';
import type { Tables } from '../db/schema.js';
import type { Unit } from '../events.js';
import { toJob, UnknownJobKindError, type JobCtx, type JobHandler } from './jobs.js';
import { afterFailure, errorMessage, exhaustedByLostLeases } from './model.js';
import * as store from './store.js';

export interface BatchOptions {
  db: Database;
  owner: string;
  handlers: ReadonlyMap<string, JobHandler>;
  random: () => number;
}

type Tx = Transaction<Tables>;
type Outcome = { done: Unit } | 'gave-up';

/**
 * Runs claimed jobs in ONE transaction. Its first statement locks and verifies every claim of
 * the batch (a job whose claim was taken over does not run); then each job runs inside its own
 * savepoint, so a job that throws rolls back only its own work, and its failure is recorded in
 * the same transaction; the jobs that succeeded are marked done together before the commit.
 * One commit for the batch instead of one per job is what makes the throughput; a crash before
 * it leaves every job of the batch claimed, to be retried after its lease. After the commit
 * each done job's unit reaches the bus (live views, engine wake-up).
 */
export async function runBatch(opts: BatchOptions, base: Ctx, rows: store.JobRow[], now: number): Promise<void> {
  const units: Unit[] = [];
  await opts.db.tx(async (tx) => {
    const ours = await store.lockOwnedJobs(tx, rows.map((r) => r.id), opts.owner, now);
    const done: string[] = [];
    for (const [i, row] of rows.entries()) {
      if (!ours.has(row.id)) {
        base.log.warn({ job: row.id, kind: row.kind }, 'job lease lost before it ran; another worker has it');
        continue;
      }
      const unit = await runInSavepoint(opts, { ...base, now }, tx, row, `tocsin_job_${i}`);
      if (!unit) continue;
      units.push(unit);
      done.push(row.id);
    }
    await store.markDone(tx, done, now);
  });
  for (const unit of units) base.bus.committed(unit);
}

/**
 * The savepoint is not released on success: COMMIT keeps the work of every savepoint still
 * open, and skipping RELEASE saves a round trip per job (a batch nests at most batchSize).
 */
async function runInSavepoint(opts: BatchOptions, ctx: Ctx & { now: number }, tx: Tx, row: store.JobRow, name: string): Promise<Unit | null> {
  const fields = () => ({ job: row.id, kind: row.kind, attempt: row.attempts });
  await store.savepoint(tx, name);
  try {
    const outcome = await attempt(opts, ctx, tx, row);
    if (outcome === 'gave-up') ctx.log.error(fields(), 'job failed: its final attempt lost its lease');
    return outcome === 'gave-up' ? null : outcome.done;
  } catch (err) {
    await store.rollbackToSavepoint(tx, name);
    await recordAttemptFailure(opts, { ...ctx, log: ctx.log.child(fields()) }, tx, row, errorMessage(err));
    return null;
  }
}

/** One job whose claim was verified: given up (its last attempt lost its lease) or run. */
async function attempt(opts: BatchOptions, ctx: Ctx & { now: number }, tx: Tx, row: store.JobRow): Promise<Outcome> {
  if (exhaustedByLostLeases(row)) {
    const last_error = `gave up: it lost its lease ${row.lone_losses} times running alone (its process died or it hung)`;
    await store.recordFailure(tx, row.id, opts.owner, { status: 'failed', finished_at: ctx.now, last_error }, ctx.now);
    return 'gave-up';
  }
  const handler = opts.handlers.get(row.kind);
  // Unknown kinds retry (with backoff) rather than fail at once: during a rolling upgrade an
  // older instance may claim a kind only newer ones know; they then get their turn.
  if (!handler) throw new UnknownJobKindError(row.kind);
  const unit: Unit = { events: [], wake: false, afterCommit: [] };
  const jobCtx: JobCtx = { ...ctx, tx, unit };
  await handler(tx, toJob(row, JSON.parse(row.payload) as unknown), jobCtx);
  return { done: unit };
}

async function recordAttemptFailure(opts: BatchOptions, ctx: Ctx & { now: number }, tx: Tx, row: store.JobRow, error: string): Promise<void> {
  const next = afterFailure(row, ctx.now, error, opts.random());
  const recorded = await store.recordFailure(tx, row.id, opts.owner, next, ctx.now);
  const fields = { error, next: next.status };
  if (!recorded) ctx.log.warn(fields, 'job failed after its lease was taken over; not recorded');
  else if (next.status === 'failed') ctx.log.error(fields, 'job failed for good');
  else ctx.log.warn({ ...fields, retryAt: next.due_at }, 'job attempt failed; will retry');
}
