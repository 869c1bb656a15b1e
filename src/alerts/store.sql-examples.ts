import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const alert = {
  id: 'alt_1',
  service_id: 'svc_1',
  dedup_key: 'monitor:mon_1',
  source: 'monitor',
  source_ref: 'mon_1',
  status: 'open' as const,
  summary: 'Checkout API is down',
  severity: 'SEV-2' as const,
  incident_id: null,
  started_at: now - 20_000,
  opened_at: now,
  resolved_at: null,
  acknowledged_at: null,
  events: 1,
  details: '{}',
};

export const examples = {
  insertIfNoneOpen: [(d) => [d, alert]],
  insertManyIfNoneOpen: [(d) => [d, [alert, { ...alert, id: 'alt_2', dedup_key: 'monitor:mon_2', incident_id: 'inc_1' }]], (d) => [d, []]],
  absorb: [['svc_1', 'monitor:mon_1'], [null, 'monitor:mon_1']],
  absorbMany: [
    (d) => [d, [{ service_id: 'svc_1', dedup_key: 'ikey_1:disk', n: 3 }, { service_id: null, dedup_key: 'monitor:mon_1', n: 1 }]],
    (d) => [d, []],
  ],
  acknowledgeOpen: [['svc_1', 'monitor:mon_1', now]],
  setIncident: [['alt_1', 'inc_1']],
  resolveOpen: [['svc_1', 'monitor:mon_1', now]],
  countOpenOnIncident: [['inc_1']],
  findById: [['alt_1']],
  list: [[{ limit: 50 }], [{ status: 'open', incidentId: 'inc_1', sourceRef: 'mon_1', dedupKey: 'monitor:mon_1', limit: 10 }], [{ incidentId: 'inc_1', before: { openedAt: now, id: 'alt_1' }, limit: 201 }]],
  incidentTotals: [['inc_1']],
  findOpen: [['svc_1', 'ikey_1:disk', false], ['svc_1', 'ikey_1:disk', true]],
  setRevised: [['alt_1', { summary: 'Disk full on db-1', severity: 'SEV-2', details: '{"description":"95%","priority":"P1"}' }]],
  noiseCounts: [(d) => [d, { from: now - 30 * 86_400_000, to: now, now }], (d) => [d, { from: now - 86_400_000, to: now, now, serviceId: 'svc_1' }]],
  firstAlertsOf: [[['inc_1', 'inc_2']], [[]]],
  findSettings: [['svc_1']],
  putSettings: [[{ service_id: 'svc_1', grouping_window_minutes: 30, grouping_labels: '["cluster"]', on_all_alerts_resolved: 'mitigate', updated_at: now }]],
} satisfies SqlExamples<typeof store>;
