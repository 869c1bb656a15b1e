import type { Transaction } from 'kysely';
import type { TxCtx } from '../context.js';
import type { Q } from '../db/index.js';
import type { JobStatus, Tables } from '../db/schema.js';
import { newId } from '../ids.js';
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

/**
 * Does the work of several due jobs of one kind at once, inside one savepoint of their batch:
 * one statement per table for all of them instead of one per job (bench:paging's escalation
 * steps). If it throws, the engine rolls it back and runs each job alone through the kind's
 * JobHandler, so one bad job still fails (and retries) on its own.
 */
export type JobsHandler<P = unknown> = (tx: Transaction<Tables>, jobs: Job<P>[], ctx: JobCtx) => Promise<void>;

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
    claimed_alone: 0,
    lone_losses: 0,
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

/**
 * Enqueues through the open transaction (`ctx.tx`), stamped with the clock's now, and when the
 * job is due already asks the engine to run at once after commit (`ctx.unit.wake`): the bus
 * calls the engine's trigger, so the job starts within milliseconds of the commit.
 */
export async function schedule<P>(ctx: TxCtx, input: EnqueueInput<P>): Promise<{ created: boolean; job: Job<P> }> {
  const now = ctx.clock.now().getTime();
  const result = await enqueue(ctx.tx, input, now);
  if (result.created && input.dueAt <= now) ctx.unit.wake = true;
  return result;
}

/** Where a job kind runs: a queue with its own concurrency (default queue: `default`). */
export interface JobOptions {
  queue?: string;
  /** The queue's batches in flight, when the engine's options do not set it (a domain's default). */
  concurrency?: number;
  /** Runs the kind's jobs of a batch together (see JobsHandler). */
  together?: JobsHandler;
}
