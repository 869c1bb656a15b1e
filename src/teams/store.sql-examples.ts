import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z

export const examples = {
  findById: [['team_1']],
  findByName: [['Payments']],
  insert: [[{ id: 'team_1', name: 'Payments', description: 'Checkout and billing', created_at: now, updated_at: now }]],
  update: [['team_1', { description: 'Checkout, billing and refunds', updated_at: now }]],
  remove: [['team_1']],
  list: [
    [{ limit: 50, after: null, q: null }],
    [{ limit: 50, after: { name: 'Payments', id: 'team_1' }, q: 'pay' }],
  ],
  membersOf: [[['team_1', 'team_2']]],
  setMembers: [['team_1', ['usr_1', 'usr_2']], ['team_1', []]],
  exists: [['team_1']],
} satisfies SqlExamples<typeof store>;
