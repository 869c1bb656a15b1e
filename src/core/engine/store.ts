import { sql, type ExpressionBuilder } from 'kysely';
import type { Dialect, Q } from '../db/index.js';
import type { JobsTable, Tables } from '../db/schema.js';

// Leases and jobs: the only place the engine's SQL lives. Every time is a parameter (`now`)
// rather than the database's now(), so both dialects and the fake clock agree.

export type JobRow = JobsTable;

/**
 * Takes the lease, or renews it when it is already ours, or takes it over when it expired:
 * one upsert, so two instances racing for it cannot both win. Returns whether we hold it.
 */
export async function acquireLease(q: Q, name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
  // A plain read first: a lease another instance holds is skipped without waiting for the row
  // lock its tick's transaction holds (PostgreSQL would block the upsert until that commits).
  const current = await findLease(q, name);
  if (current && current.owner !== owner && Number(current.expires_at) >= now) return false;
  const expires_at = now + ttlMs;
  const row = await q
    .insertInto('leases')
    .values({ name, owner, expires_at })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.owner', '=', owner)])),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

/** Gives the lease up if we hold it, so another instance need not wait for it to expire. */
export async function releaseLease(q: Q, name: string, owner: string): Promise<void> {
  await q.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
}

/**
 * First statement of an exclusive module's tick transaction: proves the lease is still ours
 * and unexpired, renews it, and locks the row (row lock on PostgreSQL, the write lock on
 * SQLite) until the tick commits, so no other instance can take it over meanwhile.
 */
export async function verifyLease(q: Q, name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
  const res = await q
    .updateTable('leases')
    .set({ expires_at: now + ttlMs })
    .where('name', '=', name)
    .where('owner', '=', owner)
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function findLease(q: Q, name: string) {
  return q.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Inserts the job unless one with the same key exists; undefined means it already did. */
export async function insertJob(q: Q, row: JobRow): Promise<JobRow | undefined> {
  return q
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findJobByKey(q: Q, key: string): Promise<JobRow | undefined> {
  return q.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findJobById(q: Q, id: string): Promise<JobRow | undefined> {
  return q.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The SQL twin of model.isClaimable. */
const anyClaimable = (now: number) => (eb: ExpressionBuilder<Tables, 'jobs'>) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', now)]),
    eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
  ]);

/** Which kinds a queue takes: its own (`in`), or, for the default queue, all but other queues' (`notIn`). */
export interface KindFilter {
  in?: readonly string[];
  notIn?: readonly string[];
}

export interface ClaimInput {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  kinds?: KindFilter;
  /**
   * due: pending jobs whose time has come; lost: running jobs whose lease expired (their worker
   * died or hung), claimed alone, each counting the lone claim it follows if that one was lost
   * too. Absent: either (tools and tests).
   */
  which?: 'due' | 'lost';
}

const lost = (now: number) => (eb: ExpressionBuilder<Tables, 'jobs'>) => eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]);
const dueNow = (now: number) => (eb: ExpressionBuilder<Tables, 'jobs'>) => eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', now)]);

const ofKinds = (kinds: KindFilter | undefined) => (eb: ExpressionBuilder<Tables, 'jobs'>) =>
  eb.and([
    ...(kinds?.in ? [eb('kind', 'in', kinds.in.length ? [...kinds.in] : [''])] : []),
    ...(kinds?.notIn?.length ? [eb('kind', 'not in', [...kinds.notIn])] : []),
  ]);

/**
 * Claims up to `limit` claimable jobs, oldest due first, and commits the claim on its own.
 * PostgreSQL: SKIP LOCKED lets instances claim disjoint batches without waiting on each
 * other. The ids are picked in a MATERIALIZED CTE because PostgreSQL may rescan a plain
 * `IN (SELECT ... LIMIT n SKIP LOCKED)` subquery per row and so claim more than n. The outer
 * WHERE repeats the condition so a row changed by a concurrent claim is re-checked. SQLite
 * has one writer at a time, so the same statement is atomic there without row locks.
 */
export async function claimJobs(q: Q, dialect: Dialect, input: ClaimInput): Promise<JobRow[]> {
  const { owner, now, leaseMs, limit, kinds } = input;
  const claimable = input.which === 'due' ? dueNow : input.which === 'lost' ? lost : anyClaimable;
  const alone = input.which === 'lost' ? 1 : 0;
  const rows = await q
    .with(
      (cte) => cte('picked').materialized(),
      (db) =>
        db
          .selectFrom('jobs')
          .select('id')
          .where(claimable(now))
          .where(ofKinds(kinds))
          .orderBy('due_at')
          .limit(limit)
          .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      lease_owner: owner,
      lease_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      // SET reads the old row: a lone claim that is being reclaimed was lost.
      lone_losses: alone ? eb('lone_losses', '+', eb.ref('claimed_alone')) : eb.ref('lone_losses'),
      claimed_alone: alone,
      updated_at: now,
    }))
    .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
    .where(claimable(now))
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.due_at - b.due_at);
}

/**
 * First statement of a batch's transaction: proves each claim is still ours and locks those
 * rows (row locks on PostgreSQL, the write lock on SQLite) until the jobs' work commits, so no
 * other worker can reclaim them meanwhile. Returns the ids still ours; the others were taken
 * over (lease lost) and must not run.
 */
export async function lockOwnedJobs(q: Q, ids: readonly string[], owner: string, now: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q
    .updateTable('jobs')
    .set({ updated_at: now })
    .where('id', 'in', [...ids])
    .where('status', '=', 'running')
    .where('lease_owner', '=', owner)
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function markDone(q: Q, ids: readonly string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await q
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, updated_at: now, lease_owner: null, lease_until: null, last_error: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** The earliest due time of pending jobs of these kinds, so a queue can wake just then. */
export async function nextDueAt(q: Q, kinds: KindFilter | undefined): Promise<number | null> {
  const row = await q
    .selectFrom('jobs')
    .select((eb) => eb.fn.min<number>('due_at').as('due'))
    .where('status', '=', 'pending')
    .where(ofKinds(kinds))
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

/** Deletes up to `limit` jobs that finished (done or failed) before `cutoff`; returns how many. */
export async function pruneFinished(q: Q, cutoff: number, limit: number): Promise<number> {
  const res = await q
    .deleteFrom('jobs')
    .where('id', 'in', (eb) =>
      eb.selectFrom('jobs').select('id').where('status', 'in', ['done', 'failed']).where('finished_at', '<', cutoff).limit(limit),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Savepoints let one transaction run a batch of jobs, each rolling back only its own work (never released: COMMIT keeps them). */
export const savepoint = async (tx: Q, name: string) => void (await sql`savepoint ${sql.id(name)}`.execute(tx));
export const rollbackToSavepoint = async (tx: Q, name: string) => void (await sql`rollback to savepoint ${sql.id(name)}`.execute(tx));

export type FailurePatch =
  | { status: 'pending'; due_at: number; last_error: string }
  | { status: 'failed'; finished_at: number; last_error: string };

/** Records a failed attempt, only while the claim is still ours; false means someone took it over. */
export async function recordFailure(q: Q, id: string, owner: string, patch: FailurePatch, now: number): Promise<boolean> {
  const res = await q
    .updateTable('jobs')
    .set({ ...patch, updated_at: now, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Unfinished and failed jobs by kind and status, and how many are overdue (pending past their
 * due time by more than `graceMs`): what an operator alerts on. Finished jobs are not counted.
 */
export async function countJobs(q: Q, now: number, graceMs: number) {
  return q
    .selectFrom('jobs')
    .select((eb) => [
      'kind',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('due_at', '<', now - graceMs).then(1).else(0).end()).as('overdue'),
    ])
    .where('status', 'in', ['pending', 'running', 'failed'])
    .groupBy(['kind', 'status'])
    .execute();
}
