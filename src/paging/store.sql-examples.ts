import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const escalation = { id: 'escl_1', incident_id: 'inc_1', policy_id: 'esc_1', service_id: 'svc_1', urgency: 'high' as const, state: 'active' as const, started_at: now, acknowledged_at: null, first_round: 0, created_at: now, updated_at: now };
const page = { id: 'page_1', incident_id: 'inc_1', escalation_id: 'escl_1', user_id: 'usr_1', round: 0, position: 1, reason: 'escalation' as const, urgency: 'high' as const, reply_code: '4821', requested_by: null, note: '', created_at: now, acknowledged_at: null };
const notification = { outbox_key: 'page:page_1:nr_1', page_id: 'page_1', contact_method_id: 'cm_1', channel: 'email', due_at: now, state: 'planned' as const };

const step = (escalation_id: string) => ({ escalation_id, round: 0, position: 1, fired_at: now, people: 1 });

export const examples = {
  pagingSettingsOf: [[['svc_1']], [[]]],
  upsertPagingSettings: [[{ service_id: 'svc_1', urgencies: '{"SEV-3":"high"}', business_hours: null, updated_at: now }]],
  insertEscalation: [[escalation]],
  findEscalation: [['escl_1']],
  lockEscalation: [['escl_1', true], ['escl_1', false]],
  escalationsOf: [['inc_1']],
  escalationsOfIncidents: [[['inc_1', 'inc_2']], [[]]],
  moveEscalations: [['inc_1', ['waiting', 'active'], { state: 'acknowledged', acknowledged_at: now }, now]],
  updateEscalation: [['escl_1', { state: 'active', started_at: now, first_round: 1 }, now]],
  firedSteps: [['escl_1']],
  lockEscalations: [[['escl_1', 'escl_2'], true], [['escl_1'], false], [[], true]],
  incidentsOfEscalations: [[['escl_1', 'escl_2']], [[]]],
  firedStepsOf: [[['escl_1', 'escl_2']], [[]]],
  claimSteps: [[[step('escl_1')]], [[step('escl_1'), step('escl_2')]], [[]]],
  insertPages: [[[page]], [[page, { ...page, id: 'page_2', user_id: 'usr_2' }]], [[]]],
  findPage: [['page_1']],
  pagesOfIncident: [['inc_1']],
  pagesOfIncidents: [[['inc_1', 'inc_2']], [[]]],
  pagesOfUser: [['usr_1', 50]],
  acknowledgePages: [['inc_1', now]],
  insertNotifications: [[[notification]], [[notification, { ...notification, outbox_key: 'page:page_2:rule_1', page_id: 'page_2' }]], [[]]],
  findNotification: [['page:page_1:nr_1']],
  setNotificationState: [['page:page_1:nr_1', 'queued']],
  skipPlanned: [['page_1', 'cm_1']],
  notificationsOfPages: [[['page_1']], [[]]],
  failedUnhandled: [[now - 86_400_000, 50]],
  markFallback: [['page:page_1:nr_1', now]],
  notificationsWithDelivery: [[['page_1']], [[]]],
  pageTimes: [[['usr_1'], now - 86_400_000, now], [[], 0, now]],
} satisfies SqlExamples<typeof store>;
