import type { SqlExamples } from '../db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const job = {
  id: 'job_1',
  kind: 'incident.notify',
  key: 'incident.notify:inc_1:1',
  payload: '{"incident_id":"inc_1"}',
  status: 'pending' as const,
  due_at: now,
  attempts: 0,
  max_attempts: 5,
  claimed_alone: 0,
  lone_losses: 0,
  lease_owner: null,
  lease_until: null,
  last_error: null,
  created_at: now,
  updated_at: now,
  finished_at: null,
};

export const examples = {
  acquireLease: [['engine', 'host-a:1234', now, 30_000]],
  releaseLease: [['engine', 'host-a:1234']],
  findLease: [['engine']],
  insertJob: [[job]],
  findJobByKey: [['incident.notify:inc_1:1']],
  findJobById: [['job_1']],
  // SKIP LOCKED on PostgreSQL only, as jobs.ts passes the database's dialect.
  verifyLease: [['engine', 'host-a:1234', now, 30_000]],
  claimJobs: [
    (d) => [d, { owner: 'host-a:1234', now, leaseMs: 60_000, limit: 10 }],
    (d) => [d, { owner: 'host-a:1234', now, leaseMs: 60_000, limit: 1, kinds: { in: ['outbox.send'] } }],
    (d) => [d, { owner: 'host-a:1234', now, leaseMs: 60_000, limit: 20, kinds: { notIn: ['outbox.send'] } }],
    (d) => [d, { owner: 'host-a:1234', now, leaseMs: 60_000, limit: 50, which: 'due' }],
    (d) => [d, { owner: 'host-a:1234', now, leaseMs: 60_000, limit: 1, which: 'lost' }],
  ],
  lockOwnedJobs: [[['job_1', 'job_2'], 'host-a:1234', now]],
  markDone: [[['job_1', 'job_2'], now]],
  nextDueAt: [[undefined], [{ in: ['escalation.step'] }]],
  pruneFinished: [[now - 7 * 86_400_000, 1000]],
  savepoint: [['job_1']],
  rollbackToSavepoint: [['job_1']],
  recordFailure: [
    ['job_1', 'host-a:1234', { status: 'pending', due_at: now + 30_000, last_error: 'timeout' }, now],
    ['job_1', 'host-a:1234', { status: 'failed', finished_at: now, last_error: 'timeout' }, now],
  ],
  countJobs: [[now, 60_000]],
} satisfies SqlExamples<typeof store>;
