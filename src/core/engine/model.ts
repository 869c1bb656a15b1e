/**
 * Pure rules of the engine: retry schedule, lease expiry, which jobs a worker may claim and
 * what happens to a job after a failure. No I/O and no clock: `now` (epoch ms) comes in.
 * store.ts expresses the same rules in SQL; the integration tests check that they agree.
 */
/** Where a durable job stands; the jobs table's CHECK constraint lists the same words. */
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** Up to this fraction is taken off each delay so retries of many jobs do not land together. */
export const BACKOFF_JITTER = 0.2;
/** last_error is for people reading the UI; a stack of megabytes helps nobody. */
export const MAX_ERROR_LENGTH = 2_000;

/** Delay before the retry that follows attempt number `attempt` (1-based): 1 s, 2 s, 4 s ... capped. */
export function backoffMs(attempt: number): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^19 s is far past the cap; stopping there keeps the arithmetic exact.
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 19));
}

/** backoffMs with jitter; `random` in [0, 1) (Math.random in production, fixed in tests). */
export function retryDelayMs(attempt: number, random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  return Math.floor(backoffMs(attempt) * (1 - BACKOFF_JITTER * r));
}

/**
 * A lease (module lease or job claim) is held until its expiry instant inclusive; after that
 * anyone may take it. The SQL uses the same strict comparison (`expires_at < now`).
 */
export function leaseExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt === null || expiresAt < now;
}

/** Whether `owner` may take or renew a lease whose current row is `current` (undefined: none). */
export function canAcquireLease(current: { owner: string; expires_at: number } | undefined, owner: string, now: number): boolean {
  return current === undefined || current.owner === owner || leaseExpired(current.expires_at, now);
}

export interface ClaimView {
  status: JobStatus;
  due_at: number;
  lease_until: number | null;
}

/** Due pending jobs, and running jobs whose worker stopped renewing (crashed or hung). */
export function isClaimable(job: ClaimView, now: number): boolean {
  if (job.status === 'pending') return job.due_at <= now;
  if (job.status === 'running') return job.lease_until !== null && leaseExpired(job.lease_until, now);
  return false;
}

/**
 * A job whose lease is lost is reclaimed alone (queue.ts). Only losses while running alone count
 * here: a crash that takes a whole batch down says nothing about each job in it, but a job that
 * keeps losing its lease while it runs by itself is the one killing its process. It is given up
 * after `max_attempts` such losses rather than taking every instance down in turn.
 */
export function exhaustedByLostLeases(job: { lone_losses: number; max_attempts: number }): boolean {
  return job.lone_losses >= job.max_attempts;
}

export type AfterFailure =
  | { status: 'pending'; due_at: number; last_error: string }
  | { status: 'failed'; finished_at: number; last_error: string };

/** What a failed attempt leads to: a retry after the backoff, or `failed` once attempts are used up. */
export function afterFailure(
  job: { attempts: number; max_attempts: number },
  now: number,
  error: string,
  random: number,
): AfterFailure {
  const last_error = error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
  if (job.attempts >= job.max_attempts) return { status: 'failed', finished_at: now, last_error };
  return { status: 'pending', due_at: now + retryDelayMs(job.attempts, random), last_error };
}

/** A readable message from anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

/** Below this a queue that found due work it could not claim (another instance has it) waits. */
export const MIN_WAKE_MS = 5;

/**
 * How long a job queue sleeps before claiming again: until the earliest pending job is due
 * (so lateness stays small), but no longer than the interval (jobs enqueued by other
 * instances, leases to reclaim) and not less than MIN_WAKE_MS when work is due already.
 */
export function wakeDelayMs(nextDueAt: number | null, now: number, intervalMs: number): number {
  if (nextDueAt === null) return intervalMs;
  if (nextDueAt <= now) return Math.min(MIN_WAKE_MS, intervalMs);
  return Math.min(nextDueAt - now, intervalMs);
}

/** Finished jobs older than this instant are pruned. */
export function pruneCutoff(now: number, retentionMs: number): number {
  return now - retentionMs;
}
