import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const policy = { id: 'esc_1', name: 'Default', team_id: 'team_1', repeat_count: 1, description: '', created_at: now, updated_at: now };
const tier = { id: 'tier_1', policy_id: 'esc_1', position: 1, delay_minutes: 0, severities: null };
const target = { tier_id: 'tier_1', position: 0, kind: 'schedule' as const, target_id: 'sch_1' };

export const examples = {
  findById: [['esc_1']],
  findByName: [['Default']],
  insert: [[policy]],
  update: [['esc_1', { name: 'Checkout', updated_at: now }]],
  remove: [['esc_1']],
  list: [
    [{ limit: 50, after: null, q: null }],
    [{ limit: 50, after: { name: 'Default', id: 'esc_1' }, q: 'def' }],
  ],
  tiersOf: [[['esc_1', 'esc_2']], [[]]],
  targetsOf: [[['tier_1']], [[]]],
  policyWithTiers: [['esc_1']],
  replaceTiers: [['esc_1', [tier], [target]], ['esc_1', [], []]],
} satisfies SqlExamples<typeof store>;
