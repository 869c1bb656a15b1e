import type { Transaction } from 'kysely';
import type { Ctx, TxCtx } from '../context.js';
import type { Database, Q } from '../db/index.js';
import type { JobStatus, Tables } from '../db/schema.js';
import { newId } from '../ids.js';
import { afterFailure, errorMessage, exhaustedByLostLeases } from './model.js';
import type { Unit } from '../events.js';
import type { EngineModule } from './runner.js';
import * as store from './store.js';

export const DEFAULT_MAX_ATTEMPTS = 10;

export interface Job<P = unknown> {
  id: string;
  kind: string;
  key: string;
  payload: P;
  status: JobStatus;
  dueAt: number;
  /** Including the one in progress when a handler sees it. */
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/**
 * A handler's context: the engine's Ctx inside the job's transaction (`tx`, `unit`), plus the
 * cycle's `now`, so it never reads the clock. Use cases called with it join the transaction.
 */
export interface JobCtx extends TxCtx {
  now: number;
}

/**
 * Does a job's work inside the transaction that marks it done: database effects written
 * through `tx` happen exactly once. Throwing rolls them back and schedules a retry. Effects
 * outside the database (a provider call) must go through an outbox row instead.
 */
export type JobHandler<P = unknown> = (tx: Transaction<Tables>, job: Job<P>, ctx: JobCtx) => Promise<void>;

export interface EnqueueInput<P = unknown> {
  kind: string;
  /** Idempotency key, unique across all jobs forever, e.g. `escalate:<incident>:<step>`. */
  key: string;
  payload: P;
  dueAt: number;
  maxAttempts?: number;
}

export class UnknownJobKindError extends Error {
  constructor(kind: string) {
    super(`no handler registered for job kind "${kind}" on this instance`);
    this.name = 'UnknownJobKindError';
  }
}

export function toJob<P = unknown>(row: store.JobRow, payload: P): Job<P> {
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload,
    status: row.status,
    dueAt: Number(row.due_at),
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
  };
}

/**
 * Schedules a job unless one with the same key exists (then `created: false` and the existing
 * job). Takes a Q so it can join the caller's transaction: the state change and the work it
 * causes commit together. `now` stamps created_at.
 */
export async function enqueue<P>(q: Q, input: EnqueueInput<P>, now: number): Promise<{ created: boolean; job: Job<P> }> {
  const inserted = await store.insertJob(q, {
    id: newId('job'),
    kind: input.kind,
    key: input.key,
    payload: JSON.stringify(input.payload ?? null),
    status: 'pending',
    due_at: input.dueAt,
    attempts: 0,
    max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  });
  const row = inserted ?? (await store.findJobByKey(q, input.key));
  if (!row) throw new Error(`job ${input.key} neither inserted nor found`);
  return { created: inserted !== undefined, job: toJob(row, JSON.parse(row.payload) as P) };
}

export interface JobsModuleOptions {
  db: Database;
  owner: string;
  handlers: ReadonlyMap<string, JobHandler>;
  /** How long a claim lasts before another worker may take the job over. */
  leaseMs: number;
  batchSize: number;
  random: () => number;
  /** Called when a full batch was claimed: there is likely more due work. */
  onBacklog: () => void;
}

/** The job runner as an engine module. Not exclusive: each job row carries its own lease. */
export function createJobsModule(opts: JobsModuleOptions): EngineModule {
  return {
    name: 'jobs',
    exclusive: false,
    tick: async (ctx, now) => {
      const claimed = await store.claimJobs(opts.db.kysely, opts.db.dialect, {
        owner: opts.owner,
        now,
        leaseMs: opts.leaseMs,
        limit: opts.batchSize,
      });
      for (const row of claimed) await runClaimed(opts, ctx, now, row);
      if (claimed.length === opts.batchSize) opts.onBacklog();
    },
  };
}

async function runClaimed(opts: JobsModuleOptions, base: Ctx, now: number, row: store.JobRow): Promise<void> {
  const ctx = { ...base, now };
  const log = ctx.log.child({ job: row.id, kind: row.kind, attempt: row.attempts });
  if (exhaustedByLostLeases(row)) {
    const patch = { status: 'failed' as const, finished_at: ctx.now, last_error: `gave up: attempt ${row.attempts - 1} of ${row.max_attempts} lost its lease (process died or handler hung)` };
    await store.recordFailure(opts.db.kysely, row.id, opts.owner, patch, ctx.now);
    log.error({ error: patch.last_error }, 'job failed');
    return;
  }
  try {
    const outcome = await runInTransaction(opts, ctx, row);
    if (outcome === 'lost') log.warn('job lease lost before it ran; another worker has it');
    else log.debug('job done');
  } catch (err) {
    await recordAttemptFailure(opts, ctx, row, errorMessage(err));
  }
}

/** Lock-and-verify, handler, done: one transaction, so the effect and `done` commit together. */
async function runInTransaction(opts: JobsModuleOptions, ctx: Ctx & { now: number }, row: store.JobRow): Promise<'done' | 'lost'> {
  const handler = opts.handlers.get(row.kind);
  // Unknown kinds retry (with backoff) rather than fail at once: during a rolling upgrade an
  // older instance may claim a kind only newer ones know; they then get their turn.
  if (!handler) throw new UnknownJobKindError(row.kind);
  const job = toJob(row, JSON.parse(row.payload) as unknown);
  const unit: Unit = { events: [], wake: false, afterCommit: [] };
  const outcome = await opts.db.tx(async (tx) => {
    if (!(await store.lockOwnedJob(tx, row.id, opts.owner, ctx.now))) return 'lost' as const;
    await handler(tx, job, { ...ctx, tx, unit });
    await store.markDone(tx, row.id, ctx.now);
    return 'done' as const;
  });
  // The job's domain events reach live views like a request's do.
  if (outcome === 'done') ctx.bus.committed(unit);
  return outcome;
}

async function recordAttemptFailure(opts: JobsModuleOptions, ctx: Ctx & { now: number }, row: store.JobRow, error: string): Promise<void> {
  const next = afterFailure(row, ctx.now, error, opts.random());
  const recorded = await store.recordFailure(opts.db.kysely, row.id, opts.owner, next, ctx.now);
  const fields = { job: row.id, kind: row.kind, attempt: row.attempts, error, next: next.status };
  if (!recorded) ctx.log.warn(fields, 'job failed after its lease was taken over; not recorded');
  else if (next.status === 'failed') ctx.log.error(fields, 'job failed for good');
  else ctx.log.warn({ ...fields, retryAt: next.due_at }, 'job attempt failed; will retry');
}
