import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const incident = {
  id: 'inc_1',
  number: 42,
  title: 'Checkout returns 502',
  severity: 'SEV-2' as const,
  status: 'triggered' as const,
  detection_source: 'monitor' as const,
  drill: 0,
  users_affected: null,
  functionality_broken: 'Payments fail',
  data_at_risk: 0,
  hypothesis: '',
  root_cause_category: null,
  started_at: now - 300_000,
  detected_at: now,
  acknowledged_at: null,
  mitigated_at: null,
  resolved_at: null,
  closed_at: null,
  created_by: 'usr_1',
  created_at: now,
  updated_at: now,
};

const timelineRow = (id: string, incident_id: string) => ({ id, incident_id, at: now, kind: 'paged', actor_kind: 'system' as const, actor_id: null, actor_name: 'Tocsin paging', actor_role: null, data: '{}' });

export const examples = {
  nextNumber: [[]],
  insertIncident: [[incident]],
  // By id or by number; the row lock is taken on PostgreSQL only (unit-of-work.ts).
  findByKey: [['inc_1'], ['42'], (d) => ['inc_1', d === 'postgres']],
  updateIncident: [['inc_1', { status: 'acknowledged', acknowledged_at: now, updated_at: now }]],
  setServices: [['inc_1', ['svc_1', 'svc_2']], ['inc_1', []]],
  addServices: [['inc_1', ['svc_1']]],
  servicesOf: [[['inc_1', 'inc_2']]],
  countNaming: [['svc_1']],
  findOpenNaming: [['svc_1', 20]],
  rolesOf: [[['inc_1', 'inc_2']]],
  commandersIn: [[1_767_225_600_000, 1_767_830_400_000]],
  insertRole: [['inc_1', 'commander', 'usr_1', now]],
  deleteRole: [['inc_1', 'commander', 'usr_1']],
  touchIncidents: [[['inc_1', 'inc_2'], now], [[], now]],
  findByIds: [(d) => [['inc_1', 'inc_2'], d === 'postgres'], [[], true]],
  // Two facts on one incident and one on another: PostgreSQL numbers them in one statement.
  insertTimelineEvents: [[[timelineRow('evt_1', 'inc_1'), timelineRow('evt_2', 'inc_1'), timelineRow('evt_3', 'inc_2')]]],
  insertTimelineEvent: [
    [
      {
        id: 'evt_1',
        incident_id: 'inc_1',
        at: now,
        kind: 'acknowledged',
        actor_kind: 'user',
        actor_id: 'usr_1',
        actor_name: 'Ada Lovelace',
        actor_role: 'commander',
        data: '{}',
      },
    ],
  ],
  findTimelineEvent: [['evt_1']],
  listTimeline: [['inc_1'], ['inc_1', { after: 40, limit: 5001 }]],
  // No filter, then every filter; `ilike` is what read.ts passes on PostgreSQL.
  listIncidents: [
    [{ limit: 50 }],
    (d) => [
      {
        status: ['triggered', 'acknowledged'],
        severity: ['SEV-1', 'SEV-2'],
        serviceId: 'svc_1',
        since: now - 86_400_000,
        until: now,
        q: '50%_off',
        ilike: d === 'postgres',
        drill: false,
        before: 42,
        limit: 50,
      },
    ],
  ],
  countOpen: [[]],
} satisfies SqlExamples<typeof store>;
