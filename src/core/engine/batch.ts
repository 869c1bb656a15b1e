import type { Transaction } from 'kysely';
import type { Ctx } from '../context.js';
import type { Database } from '../db/index.js';
import type { Tables } from '../db/schema.js';
import type { Unit } from '../events.js';
import { toJob, UnknownJobKindError, type JobCtx, type JobHandler, type JobsHandler } from './jobs.js';
import { afterFailure, errorMessage, exhaustedByLostLeases } from './model.js';
import * as store from './store.js';

export interface BatchOptions {
  db: Database;
  owner: string;
  handlers: ReadonlyMap<string, JobHandler>;
  /** Kinds whose jobs of a batch run together (JobsHandler); the others run one by one. */
  together?: ReadonlyMap<string, JobsHandler>;
  random: () => number;
}

type Tx = Transaction<Tables>;
type Outcome = { done: Unit } | 'gave-up';

/**
 * Runs claimed jobs in ONE transaction. Its first statement locks and verifies every claim of
 * the batch (a job whose claim was taken over does not run); then each job runs inside its own
 * savepoint (the jobs of a kind with a JobsHandler together in one, then alone if that throws), so a job that throws rolls back only its own work, and its failure is recorded in
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
    const ctx = { ...base, now };
    const finished = (ids: string[], unit: Unit | null) => {
      if (!unit) return;
      units.push(unit);
      done.push(...ids);
    };
    const groups = new Map<string, store.JobRow[]>();
    let n = 0;
    for (const row of rows) {
      if (!ours.has(row.id)) {
        base.log.warn({ job: row.id, kind: row.kind }, 'job lease lost before it ran; another worker has it');
        continue;
      }
      if (opts.together?.has(row.kind) && !exhaustedByLostLeases(row)) {
        const group = groups.get(row.kind);
        if (group) group.push(row);
        else groups.set(row.kind, [row]);
      } else finished([row.id], await runInSavepoint(opts, ctx, tx, row, `tocsin_job_${n++}`));
    }
    for (const [kind, group] of groups) {
      const unit = group.length > 1 ? await runTogether(opts.together!.get(kind)!, ctx, tx, group, `tocsin_job_${n++}`) : null;
      if (unit) finished(group.map((r) => r.id), unit);
      // Alone (or after the group threw, rolled back): each job's failure is its own.
      else for (const row of group) finished([row.id], await runInSavepoint(opts, ctx, tx, row, `tocsin_job_${n++}`));
    }
    await store.markDone(tx, done, now);
  });
  for (const unit of units) base.bus.committed(unit);
}

/** Jobs of one kind through its JobsHandler in one savepoint; null (rolled back) when it threw. */
async function runTogether(handler: JobsHandler, ctx: Ctx & { now: number }, tx: Tx, rows: store.JobRow[], name: string): Promise<Unit | null> {
  await store.savepoint(tx, name);
  const unit: Unit = { events: [], wake: false, afterCommit: [] };
  try {
    await handler(tx, rows.map((row) => toJob(row, JSON.parse(row.payload) as unknown)), { ...ctx, tx, unit });
    return unit;
  } catch (err) {
    await store.rollbackToSavepoint(tx, name);
    ctx.log.warn({ kind: rows[0]!.kind, jobs: rows.length, error: errorMessage(err) }, 'jobs run together failed; running each alone');
    return null;
  }
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
