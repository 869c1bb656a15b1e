import type { SqlExamples } from '../db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md).

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const examples = {
  append: [[[{ origin: 'ins_1', topic: 'incident', data: '{"id":"inc_1","number":1,"kind":"declared"}', at: now }]], [[]]],
  readSince: [[41, 'ins_1', 500]],
  lastSeq: [[]],
  forgetBefore: [[now - 60_000]],
} satisfies SqlExamples<typeof store>;
