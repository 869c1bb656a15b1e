import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const key = {
  id: 'ikey_1',
  service_id: 'svc_1',
  name: 'Prometheus',
  type: 'alertmanager' as const,
  default_severity: null,
  key_hash: 'ab12',
  key_prefix: 'ab12cd',
  mapping: null,
  created_by: 'usr_1',
  created_at: now,
  revoked_at: null,
};
const change = { id: 'chg_1', service_id: 'svc_1', summary: 'Deployed v42', source: 'ci', at: now, links: '[]', custom_details: '{}', integration_key_id: null, created_at: now };

const rule = {
  id: 'sup_1',
  name: 'staging is not paged',
  service_id: null,
  source: 'alertmanager',
  severity: null,
  match: '{"labels.env":"staging"}',
  action: 'quiet' as const,
  matched_events: 0,
  last_matched_at: null,
  created_by: null,
  created_at: now,
};

export const examples = {
  insertKey: [[key]],
  listKeys: [['svc_1']],
  findLiveKey: [['ab12']],
  revokeKey: [['svc_1', 'ikey_1', now]],
  insertChange: [[change]],
  listChanges: [[{ serviceIds: [], limit: 50 }], [{ serviceIds: ['svc_1'], limit: 50 }], [{ serviceIds: ['svc_1', 'svc_2'], since: now - 21_600_000, until: now, limit: 50 }]],
  findSeverityMap: [['svc_1']],
  putSeverityMap: [['svc_1', '{"critical":"SEV-1"}', now]],
  insertRule: [[rule]],
  listRules: [[]],
  deleteRule: [['sup_1']],
  countMatch: [['sup_1', now]],
  keyExists: [['ikey_1']],
} satisfies SqlExamples<typeof store>;
