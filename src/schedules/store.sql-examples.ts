import type { SqlExamples } from '../core/db/sql-snapshots.js';
import type * as store from './store.js';

// Example calls of each store function, compiled into store.sqlite.sql and store.postgres.sql
// by `npm run sql` (docs/development.md). Cover every branch that changes the SQL.

const now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const week = 7 * 86_400_000;
const layer = {
  id: 'lyr_1',
  schedule_id: 'sch_1',
  position: 0,
  name: 'Weekly rotation',
  members: '["usr_1","usr_2"]',
  shift: '{"unit":"weeks","count":1}',
  handoff: '09:00',
  start_date: '2026-01-05',
  restrictions: null,
  ends_at: null,
};
const override = { id: 'ovr_1', schedule_id: 'sch_1', user_id: 'usr_2', replaces: 'usr_1', starts_at: now, ends_at: now + 3_600_000, created_by: 'usr_2', cover_request_id: null, created_at: now };
const cover = { id: 'cov_1', schedule_id: 'sch_1', requester_id: 'usr_1', starts_at: now, ends_at: now + 86_400_000, note: 'dentist', status: 'open' as const, taken_by: null, override_id: null, created_at: now, updated_at: now };

export const examples = {
  findById: [['sch_1']],
  findByName: [['Platform']],
  findByFeedHash: [['9f86d081884c7d65']],
  insert: [[{ id: 'sch_1', name: 'Platform', time_zone: 'Europe/Berlin', team_id: null, description: '', feed_token_hash: null, holidays: '[]', pay_rates: null, created_at: now, updated_at: now }]],
  update: [['sch_1', { name: 'Platform primary', updated_at: now }]],
  remove: [['sch_1']],
  list: [
    [{ limit: 50, after: null, q: null }],
    [{ limit: 50, after: { name: 'Platform', id: 'sch_1' }, q: 'plat' }],
  ],
  all: [[]],
  ofTeam: [['tea_1']],
  layersOf: [[['sch_1', 'sch_2']], [[]]],
  replaceLayers: [['sch_1', [layer]], ['sch_1', []]],
  overridesOf: [[['sch_1'], now, now + week], [[], now, now + week]],
  insertOverride: [[override]],
  removeOverride: [['sch_1', 'ovr_1']],
  insertCoverRequest: [[cover]],
  findCoverRequest: [['cov_1']],
  openCoverRequests: [['sch_1']],
  claimCoverRequest: [['cov_1', 'usr_2', 'ovr_1', now]],
  cancelCoverRequest: [['cov_1', now]],
  cursorsOf: [[['sch_1', 'sch_2']], [[]]],
  setCursors: [[['sch_1', 'sch_2'], now], [[], now]],
  recordHandoff: [[{ schedule_id: 'sch_1', at: now, from_user_id: 'usr_1', to_user_id: 'usr_2', noticed_at: now }]],
  findUserFeed: [['9f86d081884c7d65']],
  setUserFeed: [['usr_1', '9f86d081884c7d65', now]],
} satisfies SqlExamples<typeof store>;
