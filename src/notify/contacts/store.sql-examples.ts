import type { SqlExamples } from '../../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md).

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const method = {
  id: 'cm_1',
  user_id: 'usr_1',
  channel: 'sms' as const,
  address: '+447911123456',
  label: 'Phone',
  details: null,
  verified_at: null,
  verify_code_hash: 'hash',
  verify_expires_at: now + 900_000,
  verify_attempts: 0,
  verify_sent: 1,
  verify_sent_at: now,
  disabled_at: null,
  created_at: now,
  updated_at: now,
};
const rule = { id: 'nr_1', user_id: 'usr_1', contact_method_id: 'cm_1', urgency: 'high' as const, delay_minutes: 0, created_at: now };

export const examples = {
  findMethod: [['cm_1']],
  methodsOf: [[['usr_1', 'usr_2']], [[]]],
  countMethods: [['usr_1']],
  insertMethod: [[method]],
  updateMethod: [['cm_1', { verified_at: now, verify_code_hash: null, updated_at: now }]],
  setCode: [['cm_1', 1, { verify_code_hash: 'hash2', verify_expires_at: now + 900_000, verify_attempts: 0, verify_sent: 2, verify_sent_at: now, updated_at: now }]],
  claimCodeAttempt: [['cm_1', 5, now]],
  removeMethod: [['cm_1']],
  rulesOf: [[['usr_1']], [[]]],
  findRule: [['nr_1']],
  insertRules: [[[rule]], [[]]],
  removeRule: [['nr_1']],
  reachRows: [[['usr_1', 'usr_2'], 'high'], [[], 'low']],
} satisfies SqlExamples<typeof store>;
