import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const service = {
  id: 'svc_1',
  name: 'Checkout API',
  description: 'Takes payments',
  owner_team_id: 'team_1',
  runbook_url: 'https://wiki.example.com/runbooks/checkout',
  created_at: now,
  updated_at: now,
};

export const examples = {
  findById: [['svc_1']],
  findOtherByName: [['Checkout API', 'svc_1']],
  insert: [[service]],
  update: [['svc_1', { owner_team_id: null, updated_at: now }]],
  remove: [['svc_1']],
  list: [
    [{ limit: 50, after: null, q: null }],
    [{ limit: 50, after: { name: 'Checkout API', id: 'svc_1' }, q: 'check' }],
  ],
  existingIds: [[['svc_1', 'svc_2']]],
  linksOf: [[['svc_1', 'svc_2']]],
  setExperts: [['svc_1', ['usr_1', 'usr_2']], ['svc_1', []]],
  setDependencies: [['svc_1', ['svc_2', 'svc_3']], ['svc_1', []]],
  allDependencyEdges: [[]],
  namesOf: [[['svc_1', 'svc_2']]],
  usingPolicies: [[['esc_1', 'esc_2']], [[]]],
  lockByIds: [[['svc_1'], 'update'], [['svc_1'], 'no-key-update'], [['svc_1', 'svc_2'], 'share']],
} satisfies SqlExamples<typeof store>;
