import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md).

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const examples = {
  readHealth: [[now, { jobMs: 60_000, messageMs: 120_000, failureWindowMs: 900_000 }]],
} satisfies SqlExamples<typeof store>;
