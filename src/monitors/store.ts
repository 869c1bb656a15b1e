import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import { afterKeySql, nameContainsSql, type NameKey } from '../core/lists.js';
import type {
  CheckResultsTable,
  CheckRollupsTable,
  MaintenanceWindowsTable,
  MonitorEventsTable,
  MonitorLocationStatesTable,
  MonitorsTable,
} from './tables.js';

// Monitors, their states, results, roll-ups, events, maintenance windows, locations and workers:
// the only place their SQL lives.

/** The next small integer of a counter (`monitor_seq`, `location_seq`). */
export async function nextSeq(q: Q, name: 'monitor_seq' | 'location_seq'): Promise<number> {
  const row = await q
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertMonitor(q: Q, row: Insertable<MonitorsTable>): Promise<void> {
  await q.insertInto('monitors').values(row).execute();
}

export async function updateMonitor(q: Q, id: string, patch: Updateable<MonitorsTable>): Promise<void> {
  await q.updateTable('monitors').set(patch).where('id', '=', id).execute();
}

export async function deleteMonitor(q: Q, id: string): Promise<void> {
  await q.deleteFrom('monitors').where('id', '=', id).execute();
}

/** `lock`: PostgreSQL row lock, so two evaluations of one monitor take turns. */
export async function findById(q: Q, id: string, lock = false): Promise<MonitorsTable | undefined> {
  const query = q.selectFrom('monitors').selectAll().where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export async function findByHeartbeat(q: Q, uuid: string): Promise<MonitorsTable | undefined> {
  return q.selectFrom('monitors').selectAll().where('heartbeat_uuid', '=', uuid).executeTakeFirst();
}

/** The service's heartbeat monitors called `name` (names are not unique: each of them), oldest first. */
export async function findHeartbeatsByName(q: Q, serviceId: string, name: string): Promise<MonitorsTable[]> {
  return q
    .selectFrom('monitors')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('name', '=', name)
    .where('type', '=', 'heartbeat')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface MonitorFilter {
  limit: number;
  after: NameKey | null;
  q: string | null;
  serviceId?: string;
  state?: 'up' | 'degraded' | 'down' | 'unknown' | 'paused';
}

export async function list(q: Q, f: MonitorFilter): Promise<MonitorsTable[]> {
  let query = q.selectFrom('monitors').selectAll().orderBy('name').orderBy('id').limit(f.limit + 1);
  if (f.after) query = query.where(afterKeySql(f.after));
  if (f.q) query = query.where(nameContainsSql(f.q));
  if (f.serviceId) query = query.where('service_id', '=', f.serviceId);
  if (f.state === 'paused') query = query.where('paused', '=', 1);
  else if (f.state) query = query.where('state', '=', f.state).where('paused', '=', 0);
  return query.execute();
}

/** Counts by state for the monitors page's header (paused counted apart). */
export async function countByState(q: Q): Promise<{ state: string; paused: number; n: number }[]> {
  const rows = await q
    .selectFrom('monitors')
    .select(['state', 'paused', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['state', 'paused'])
    .execute();
  return rows.map((r) => ({ state: r.state, paused: Number(r.paused), n: Number(r.n) }));
}

/**
 * Whether checks are being made at all: the monitors that check actively (not paused, not
 * heartbeats), their shortest interval and first creation, and the newest result from any
 * location. Two plain scans, a few ms at 20,000 monitors (a per-monitor staleness took 34).
 */
export async function checking(q: Q): Promise<{ active: number; shortestIntervalS: number | null; activeSince: number | null; lastResultAt: number | null }> {
  const a = await q
    .selectFrom('monitors')
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min<number | string | null>('interval_s').as('shortest'), eb.fn.min<number | string | null>('created_at').as('since')])
    .where('paused', '=', 0)
    .where('type', '<>', 'heartbeat')
    .executeTakeFirst();
  const r = await q.selectFrom('monitor_location_states').select((eb) => eb.fn.max<number | string | null>('last_result_at').as('last')).executeTakeFirst();
  const num = (v: number | string | null | undefined) => (v == null ? null : Number(v));
  return { active: Number(a?.n ?? 0), shortestIntervalS: num(a?.shortest), activeSince: num(a?.since), lastResultAt: num(r?.last) };
}

/** What the scheduler needs of every monitor that actively checks (not paused, not a heartbeat). */
export async function listActive(q: Q) {
  return q
    .selectFrom('monitors')
    .select(['id', 'seq', 'type', 'spec', 'interval_s', 'timeout_ms', 'locations', 'confirmation', 'updated_at'])
    .where('paused', '=', 0)
    .where('type', '<>', 'heartbeat')
    .execute();
}

/** Heartbeat monitors that are not paused, with their last result at the server. */
export async function listHeartbeats(q: Q) {
  return q
    .selectFrom('monitors')
    .leftJoin('monitor_location_states as s', (j) => j.onRef('s.monitor_id', '=', 'monitors.id').on('s.location', '=', 'server'))
    .select(['monitors.id', 'monitors.seq', 'monitors.spec', 'monitors.created_at', 's.last_result_at'])
    .where('monitors.paused', '=', 0)
    .where('monitors.type', '=', 'heartbeat')
    .execute();
}

export async function statesOf(q: Q, monitorIds: readonly string[]): Promise<MonitorLocationStatesTable[]> {
  if (monitorIds.length === 0) return [];
  return q.selectFrom('monitor_location_states').selectAll().where('monitor_id', 'in', [...monitorIds]).orderBy('location').execute();
}

/** The states at a location whose last checks await confirmation (a failure while up, a success while down). */
export async function unconfirmedAt(q: Q, location: string): Promise<MonitorLocationStatesTable[]> {
  return q.selectFrom('monitor_location_states').selectAll().where('location', '=', location).where('streak', '>', 0).execute();
}

/** Writes each (monitor, location) state of a batch in one statement. */
export async function upsertStates(q: Q, rows: readonly MonitorLocationStatesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insertInto('monitor_location_states')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['monitor_id', 'location']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        streak: eb.ref('excluded.streak'),
        first_failure_at: eb.ref('excluded.first_failure_at'),
        last_result_at: eb.ref('excluded.last_result_at'),
        last_status: eb.ref('excluded.last_status'),
        last_latency_ms: eb.ref('excluded.last_latency_ms'),
        last_message: eb.ref('excluded.last_message'),
      })),
    )
    .execute();
}

export async function monitorsByIds(q: Q, ids: readonly string[]): Promise<MonitorsTable[]> {
  if (ids.length === 0) return [];
  return q.selectFrom('monitors').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
}

/** Writes a batch of results, answering the rows that were new (a slot another instance recorded is not). */
export async function insertResultsReturning(q: Q, rows: readonly CheckResultsTable[]): Promise<{ monitor_seq: number; at: number; location_seq: number }[]> {
  if (rows.length === 0) return [];
  const out = await q
    .insertInto('check_results')
    .values([...rows])
    .onConflict((oc) => oc.columns(['monitor_seq', 'at', 'location_seq']).doNothing())
    .returning(['monitor_seq', 'at', 'location_seq'])
    .execute();
  return out.map((r) => ({ monitor_seq: Number(r.monitor_seq), at: Number(r.at), location_seq: Number(r.location_seq) }));
}

export async function resultsOf(q: Q, monitorSeq: number, from: number, to: number, locationSeq?: number, limit = 10_000): Promise<CheckResultsTable[]> {
  let query = q
    .selectFrom('check_results')
    .selectAll()
    .where('monitor_seq', '=', monitorSeq)
    .where('at', '>=', from)
    .where('at', '<', to);
  if (locationSeq !== undefined) query = query.where('location_seq', '=', locationSeq);
  return query.orderBy('at').limit(limit).execute();
}

/** Raw results older than `before` go once their roll-ups exist; answers how many were deleted. */
export async function pruneResults(q: Q, before: number): Promise<number> {
  const r = await q.deleteFrom('check_results').where('at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function upsertRollups(q: Q, rows: readonly CheckRollupsTable[]): Promise<void> {
  if (rows.length === 0) return;
  await q
    .insertInto('check_rollups')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['monitor_seq', 'bucket_ms', 'start', 'location_seq']).doUpdateSet((eb) => ({
        count: eb.ref('excluded.count'),
        up: eb.ref('excluded.up'),
        degraded: eb.ref('excluded.degraded'),
        down: eb.ref('excluded.down'),
        up_ms: eb.ref('excluded.up_ms'),
        degraded_ms: eb.ref('excluded.degraded_ms'),
        down_ms: eb.ref('excluded.down_ms'),
        unknown_ms: eb.ref('excluded.unknown_ms'),
        p50_ms: eb.ref('excluded.p50_ms'),
        p95_ms: eb.ref('excluded.p95_ms'),
        p99_ms: eb.ref('excluded.p99_ms'),
        max_ms: eb.ref('excluded.max_ms'),
      })),
    )
    .execute();
}

export async function rollupsOf(q: Q, monitorSeq: number, bucketMs: number, from: number, to: number): Promise<CheckRollupsTable[]> {
  return q
    .selectFrom('check_rollups')
    .selectAll()
    .where('monitor_seq', '=', monitorSeq)
    .where('bucket_ms', '=', bucketMs)
    .where('start', '>=', from)
    .where('start', '<', to)
    .orderBy('start')
    .execute();
}

export async function pruneRollups(q: Q, bucketMs: number, before: number): Promise<void> {
  await q.deleteFrom('check_rollups').where('bucket_ms', '=', bucketMs).where('start', '<', before).execute();
}

export async function insertEvent(q: Q, row: MonitorEventsTable): Promise<void> {
  await insertEvents(q, [row]);
}

/** Several events in few statements (7 columns each: 100 rows stay under every bind-variable limit). */
export async function insertEvents(q: Q, rows: readonly MonitorEventsTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await q.insertInto('monitor_events').values(rows.slice(i, i + 100)).execute();
}

export async function eventsOf(q: Q, monitorId: string, from: number, to: number, limit = 500): Promise<MonitorEventsTable[]> {
  return q
    .selectFrom('monitor_events')
    .selectAll()
    .where('monitor_id', '=', monitorId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

export async function insertWindow(q: Q, row: MaintenanceWindowsTable): Promise<void> {
  await q.insertInto('maintenance_windows').values(row).execute();
}

export async function deleteWindow(q: Q, id: string): Promise<number> {
  const r = await q.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Windows on these monitors or on these services (a service's window covers its monitors). */
export async function windowsFor(q: Q, monitorIds: readonly string[], serviceIds: readonly string[]): Promise<MaintenanceWindowsTable[]> {
  if (monitorIds.length === 0 && serviceIds.length === 0) return [];
  return q
    .selectFrom('maintenance_windows')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(monitorIds.length ? [eb('monitor_id', 'in', [...monitorIds])] : []),
        ...(serviceIds.length ? [eb('service_id', 'in', [...serviceIds])] : []),
      ]),
    )
    .orderBy('starts_at')
    .execute();
}

export async function allWindows(q: Q): Promise<MaintenanceWindowsTable[]> {
  return q.selectFrom('maintenance_windows').selectAll().orderBy('starts_at').execute();
}

export async function listLocations(q: Q) {
  return q.selectFrom('monitor_locations').select(['name', 'seq', 'kind', 'last_seen_at', 'created_at']).orderBy('seq').execute();
}

export async function insertLocation(q: Q, row: { name: string; seq: number; kind: 'probe'; token_hash: string; created_at: number }): Promise<void> {
  await q.insertInto('monitor_locations').values({ ...row, last_seen_at: null }).execute();
}

export async function deleteLocation(q: Q, name: string): Promise<number> {
  const r = await q.deleteFrom('monitor_locations').where('name', '=', name).where('kind', '=', 'probe').executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findLocationByToken(q: Q, tokenHash: string) {
  return q.selectFrom('monitor_locations').select(['name', 'seq']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchLocation(q: Q, name: string, at: number): Promise<void> {
  await q.updateTable('monitor_locations').set({ last_seen_at: at }).where('name', '=', name).execute();
}

/** This instance is alive and checks for `location`. */
export async function heartbeatWorker(q: Q, owner: string, location: string, at: number): Promise<void> {
  await q
    .insertInto('monitor_workers')
    .values({ owner, location, seen_at: at })
    .onConflict((oc) => oc.column('owner').doUpdateSet({ seen_at: at, location }))
    .execute();
}

export async function liveWorkers(q: Q, location: string, since: number): Promise<string[]> {
  const rows = await q.selectFrom('monitor_workers').select('owner').where('location', '=', location).where('seen_at', '>=', since).orderBy('owner').execute();
  return rows.map((r) => r.owner);
}

export async function removeWorker(q: Q, owner: string): Promise<void> {
  await q.deleteFrom('monitor_workers').where('owner', '=', owner).execute();
}

export async function pruneWorkers(q: Q, before: number): Promise<void> {
  await q.deleteFrom('monitor_workers').where('seen_at', '<', before).execute();
}

/** Results of monitors with seq in (afterSeq, upToSeq] within [from, to), for the roll-up job. */
export async function resultsOfRange(q: Q, afterSeq: number, upToSeq: number, from: number, to: number): Promise<CheckResultsTable[]> {
  return q
    .selectFrom('check_results')
    .selectAll()
    .where('monitor_seq', '>', afterSeq)
    .where('monitor_seq', '<=', upToSeq)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('monitor_seq')
    .orderBy('location_seq')
    .orderBy('at')
    .execute();
}

/** Hour roll-ups of monitors with seq in (afterSeq, upToSeq] within one day, to build the day's. */
export async function hourRollupsOfRange(q: Q, afterSeq: number, upToSeq: number, from: number, to: number): Promise<CheckRollupsTable[]> {
  return q
    .selectFrom('check_rollups')
    .selectAll()
    .where('bucket_ms', '=', 3_600_000)
    .where('monitor_seq', '>', afterSeq)
    .where('monitor_seq', '<=', upToSeq)
    .where('start', '>=', from)
    .where('start', '<', to)
    .execute();
}

/** Interval of each monitor with seq in the range (a result stands for at most two of them). */
export async function intervalsOfRange(q: Q, afterSeq: number, upToSeq: number): Promise<{ seq: number; interval_s: number }[]> {
  return q.selectFrom('monitors').select(['seq', 'interval_s']).where('seq', '>', afterSeq).where('seq', '<=', upToSeq).execute();
}

export async function maxMonitorSeq(q: Q): Promise<number> {
  const r = await q.selectFrom('counters').select('value').where('name', '=', 'monitor_seq').executeTakeFirst();
  return Number(r?.value ?? 0);
}

export async function oldestResultAt(q: Q): Promise<number | null> {
  const r = await q.selectFrom('check_results').select((eb) => eb.fn.min('at').as('at')).executeTakeFirst();
  return r?.at == null ? null : Number(r.at);
}

/** The roll-up job's progress: `{ hour, seq }` (hour start being rolled, last monitor seq done). */
export async function getRollupMark(q: Q): Promise<string | undefined> {
  return (await q.selectFrom('settings').select('value').where('key', '=', 'monitors.rollup_mark').executeTakeFirst())?.value;
}

export async function putRollupMark(q: Q, value: string): Promise<void> {
  await q
    .insertInto('settings')
    .values({ key: 'monitors.rollup_mark', value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Monitors to look at again without a new transition: held open by flapping, or down with no alert (maintenance ended). */
export async function needingReview(q: Q): Promise<MonitorsTable[]> {
  return q
    .selectFrom('monitors')
    .selectAll()
    .where('paused', '=', 0)
    .where((eb) =>
      eb.or([
        eb('flap', 'like', '%"flapping":true%'),
        eb.and([
          eb('alert_id', 'is', null),
          eb.exists(eb.selectFrom('monitor_location_states as s').select('s.monitor_id').whereRef('s.monitor_id', '=', 'monitors.id').where('s.status', '=', 'down')),
        ]),
      ]),
    )
    .limit(500)
    .execute();
}
