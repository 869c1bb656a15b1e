import { CompiledQuery, sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Tables } from '../core/db/schema.js';
import type { Dialect, Q } from '../core/db/index.js';
import type { AlertSettingsTable, AlertsTable } from './tables.js';

const ALERT_COLUMNS = [
  'id',
  'service_id',
  'dedup_key',
  'source',
  'source_ref',
  'status',
  'summary',
  'severity',
  'incident_id',
  'started_at',
  'opened_at',
  'resolved_at',
  'acknowledged_at',
  'events',
  'details',
] as const satisfies readonly (keyof AlertsTable)[];
// Every column, or the statement below would leave one to its default unnoticed.
const everyColumn: Exclude<keyof AlertsTable, (typeof ALERT_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;

/** insertIfNoneOpen's statement, written once: it runs for every new alert (no query building). */
const INSERT_IF_NONE_OPEN: Record<Dialect, string> = {
  sqlite: `insert into alerts (${ALERT_COLUMNS.join(', ')}) values (${ALERT_COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`,
  postgres: `insert into alerts (${ALERT_COLUMNS.join(', ')}) values (${ALERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) on conflict do nothing`,
};

/** Inserts the alert unless one is already open for (service, dedup key); true when inserted. */
export async function insertIfNoneOpen(q: Q, dialect: Dialect, row: AlertsTable): Promise<boolean> {
  const r = await q.executeQuery(CompiledQuery.raw(INSERT_IF_NONE_OPEN[dialect], ALERT_COLUMNS.map((c) => row[c])));
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** insertManyIfNoneOpen's statement: one text whatever the number of rows (arrays / one JSON). */
const PG_COLUMN_TYPES: Record<(typeof ALERT_COLUMNS)[number], string> = {
  id: 'text',
  service_id: 'text',
  dedup_key: 'text',
  source: 'text',
  source_ref: 'text',
  status: 'text',
  summary: 'text',
  severity: 'text',
  incident_id: 'text',
  started_at: 'bigint',
  opened_at: 'bigint',
  resolved_at: 'bigint',
  acknowledged_at: 'bigint',
  events: 'int',
  details: 'text',
};
const INSERT_MANY_IF_NONE_OPEN: Record<Dialect, string> = {
  sqlite: `insert into alerts (${ALERT_COLUMNS.join(', ')})
select ${ALERT_COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')} from json_each(?) where true
on conflict do nothing
returning id`,
  postgres: `insert into alerts (${ALERT_COLUMNS.join(', ')})
select * from unnest(${ALERT_COLUMNS.map((c, i) => `$${i + 1}::${PG_COLUMN_TYPES[c]}[]`).join(', ')})
on conflict do nothing
returning id`,
};

/**
 * Inserts many alerts in one statement, each unless one is already open for its (service, dedup
 * key); answers the ids inserted. At most one row per (service, dedup key).
 */
export async function insertManyIfNoneOpen(q: Q, dialect: Dialect, rows: readonly AlertsTable[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const params =
    dialect === 'postgres' ? ALERT_COLUMNS.map((c) => rows.map((r) => r[c])) : [JSON.stringify(rows.map((r) => ALERT_COLUMNS.map((c) => r[c])))];
  const r = await q.executeQuery(CompiledQuery.raw(INSERT_MANY_IF_NONE_OPEN[dialect], params) as CompiledQuery<{ id: string }>);
  return r.rows.map((row) => row.id);
}

/**
 * The open alert for (service, dedup key): the one the partial unique index allows. Written as
 * the index is (the same coalesce, `status = 'open'` as a literal, not a parameter) so that both
 * databases find the row through that index rather than reading every alert.
 */
const isOpen = (serviceId: string | null, dedupKey: string) => (eb: ExpressionBuilder<Tables, 'alerts'>) =>
  eb.and([eb(sql<string>`coalesce(service_id, '')`, '=', serviceId ?? ''), eb('dedup_key', '=', dedupKey), sql<SqlBool>`status = 'open'`]);

/** Counts one more signal on the open alert for (service, dedup key) and answers it. */
export async function absorb(q: Q, serviceId: string | null, dedupKey: string): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set((eb) => ({ events: eb('events', '+', 1) }))
    .where(isOpen(serviceId, dedupKey))
    .returningAll()
    .executeTakeFirst();
}

/** Repeats of one open alert to count: `n` signals for (service, dedup key). */
export interface Repeats {
  service_id: string | null;
  dedup_key: string;
  n: number;
}

/**
 * absorbMany's statement per dialect, written once (no query building per call) with one text
 * whatever the number of keys: the keys travel as one JSON parameter (SQLite) or three arrays
 * (PostgreSQL), so the statement is prepared once. Matched as the partial unique index is.
 */
const ABSORB_MANY: Record<Dialect, string> = {
  sqlite: `update alerts set events = events + v.n
from (select json_extract(value, '$[0]') as service_id, json_extract(value, '$[1]') as dedup_key, json_extract(value, '$[2]') as n from json_each(?)) as v
where coalesce(alerts.service_id, '') = v.service_id and alerts.dedup_key = v.dedup_key and alerts.status = 'open'
returning id, service_id, dedup_key`,
  postgres: `update alerts set events = alerts.events + v.n
from unnest($1::text[], $2::text[], $3::int[]) as v(service_id, dedup_key, n)
where coalesce(alerts.service_id, '') = v.service_id and alerts.dedup_key = v.dedup_key and alerts.status = 'open'
returning alerts.id, alerts.service_id, alerts.dedup_key`,
};

/** An alert counted by absorbMany: which one (the whole row would be read and parsed for nothing). */
export type CountedAlert = Pick<AlertsTable, 'id' | 'service_id' | 'dedup_key'>;

/**
 * Counts repeats on many open alerts in one statement (one round trip for a whole group of
 * senders' repeats); answers the alerts that were open. Keys with no open alert
 * are left out of the answer. Each key at most once in `repeats`; in the order given, which
 * callers keep sorted so that concurrent transactions lock the rows in one order.
 */
export async function absorbMany(q: Q, dialect: Dialect, repeats: readonly Repeats[]): Promise<CountedAlert[]> {
  if (repeats.length === 0) return [];
  const params =
    dialect === 'postgres'
      ? [repeats.map((r) => r.service_id ?? ''), repeats.map((r) => r.dedup_key), repeats.map((r) => r.n)]
      : [JSON.stringify(repeats.map((r) => [r.service_id ?? '', r.dedup_key, r.n]))];
  return (await q.executeQuery(CompiledQuery.raw(ABSORB_MANY[dialect], params) as CompiledQuery<CountedAlert>)).rows;
}

/** Marks the open alert for (service, dedup key) acknowledged, once; answers it, or nothing. */
export async function acknowledgeOpen(q: Q, serviceId: string | null, dedupKey: string, at: number): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set((eb) => ({ acknowledged_at: at, events: eb('events', '+', 1) }))
    .where(isOpen(serviceId, dedupKey))
    .where('acknowledged_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function setIncident(q: Q, id: string, incidentId: string): Promise<void> {
  await q.updateTable('alerts').set({ incident_id: incidentId }).where('id', '=', id).execute();
}

/** Resolves the open alert for (service, dedup key); answers it, or nothing when none was open. */
export async function resolveOpen(q: Q, serviceId: string | null, dedupKey: string, at: number): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at })
    .where(isOpen(serviceId, dedupKey))
    .returningAll()
    .executeTakeFirst();
}

export async function countOpenOnIncident(q: Q, incidentId: string): Promise<number> {
  const r = await q
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findById(q: Q, id: string): Promise<AlertsTable | undefined> {
  return q.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The open alert for (service, dedup key), its row held until commit on PostgreSQL (`lock`). */
export async function findOpen(q: Q, serviceId: string | null, dedupKey: string, lock: boolean): Promise<AlertsTable | undefined> {
  const query = q.selectFrom('alerts').selectAll().where(isOpen(serviceId, dedupKey));
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** A new summary and details for an alert (a sender revised its words). */
export async function setRevised(q: Q, id: string, revised: Pick<AlertsTable, 'summary' | 'severity' | 'details'>): Promise<void> {
  await q.updateTable('alerts').set(revised).where('id', '=', id).execute();
}

export interface AlertFilter {
  status?: 'open' | 'resolved';
  incidentId?: string;
  sourceRef?: string;
  dedupKey?: string;
  /** Only alerts opened before this one, in the list's order (the cursor). */
  before?: { openedAt: number; id: string };
  limit: number;
  /** Rows to skip first (Opsgenie's list pages by offset). */
  offset?: number;
}

export async function list(q: Q, f: AlertFilter): Promise<AlertsTable[]> {
  let query = q.selectFrom('alerts').selectAll();
  if (f.status) query = query.where('status', '=', f.status);
  if (f.incidentId) query = query.where('incident_id', '=', f.incidentId);
  if (f.sourceRef) query = query.where('source_ref', '=', f.sourceRef);
  if (f.dedupKey) query = query.where('dedup_key', '=', f.dedupKey);
  const before = f.before;
  if (before) query = query.where((eb) => eb.or([eb('opened_at', '<', before.openedAt), eb.and([eb('opened_at', '=', before.openedAt), eb('id', '<', before.id)])]));
  const ordered = query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(f.limit);
  return (f.offset ? ordered.offset(f.offset) : ordered).execute();
}

/** The incident's alerts counted: all, still open, and the signals they absorbed (through alerts_by_incident_opened). */
export async function incidentTotals(q: Q, incidentId: string): Promise<{ alerts: number; open: number; events: number }> {
  const row = await q
    .selectFrom('alerts')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('alerts'),
      eb.fn.coalesce(eb.fn.sum<number | string | null>(sql`case when status = 'open' then 1 else 0 end`), sql<number>`0`).as('open'),
      eb.fn.coalesce(eb.fn.sum<number | string | null>('events'), sql<number>`0`).as('events'),
    ])
    .where('incident_id', '=', incidentId)
    .executeTakeFirstOrThrow();
  // PostgreSQL answers count and sum as text (bigint, numeric).
  return { alerts: Number(row.alerts), open: Number(row.open), events: Number(row.events) };
}

/** The alert's class: what the sender called the kind of problem, else its source. */
function alertClass(pg: boolean) {
  if (pg)
    return sql<string>`coalesce(nullif(cast(a.details as jsonb)->>'class', ''), nullif(cast(a.details as jsonb)->'labels'->>'alertname', ''), nullif(cast(a.details as jsonb)->>'component', ''), a.source)`;
  return sql<string>`coalesce(nullif(json_extract(a.details, '$.class'), ''), nullif(json_extract(a.details, '$.labels.alertname'), ''), nullif(json_extract(a.details, '$.component'), ''), a.source)`;
}

export interface NoiseFilter {
  from: number;
  to: number;
  serviceId?: string;
  /** Open alerts count as open until then. */
  now: number;
}

export interface NoiseCounts {
  source: string;
  source_ref: string;
  source_name: string | null;
  service_name: string | null;
  alert_class: string;
  fired: number | string;
  acknowledged: number | string;
  acted_on: number | string;
  handled: number | string;
  self_resolved: number | string;
  events: number | string;
  median_open_ms: number | string | null;
}

/**
 * Per (source, source ref, alert class), alerts opened in [from, to): how many fired, were
 * acknowledged (by the sender, or their incident by a person), led to an incident a person acted
 * on (any timeline event by a user), resolved untouched, the events absorbed, and the median time
 * open (the middle one or two by row_number, averaged: both dialects have window functions).
 */
export async function noiseCounts(q: Q, dialect: Dialect, f: NoiseFilter): Promise<NoiseCounts[]> {
  const service = f.serviceId === undefined ? sql`` : sql` and a.service_id = ${f.serviceId}`;
  const inRange = sql`a.opened_at >= ${f.from} and a.opened_at < ${f.to}${service}`;
  // What people did on the incidents the range's alerts opened or joined, read once per incident:
  // asked per alert, a storm's thousands of alerts each read their one incident's whole timeline.
  const r = await sql<NoiseCounts>`
    with touched as (
      select t.incident_id, max(case when t.kind = 'acknowledged' then 1 else 0 end) as acked
      from timeline_events t
      where t.actor_kind = 'user' and t.incident_id in (select a.incident_id from alerts a where ${inRange})
      group by t.incident_id
    ), base as (
      select a.source, coalesce(a.source_ref, '') as source_ref, ${alertClass(dialect === 'postgres')} as alert_class, a.status, a.events,
        coalesce(a.resolved_at, ${f.now}) - a.opened_at as open_ms,
        case when a.acknowledged_at is not null or tc.acked = 1 then 1 else 0 end as acked,
        case when tc.incident_id is not null then 1 else 0 end as acted
      from alerts a
      left join touched tc on tc.incident_id = a.incident_id
      where ${inRange}
    ), ranked as (
      select base.*,
        row_number() over (partition by source, source_ref, alert_class order by open_ms) as rn,
        count(*) over (partition by source, source_ref, alert_class) as n
      from base
    ), grouped as (
      select source, source_ref, alert_class, count(*) as fired, sum(acked) as acknowledged, sum(acted) as acted_on,
        sum(case when acked = 1 or acted = 1 then 1 else 0 end) as handled,
        sum(case when status = 'resolved' and acked = 0 and acted = 0 then 1 else 0 end) as self_resolved,
        sum(events) as events,
        avg(case when rn = (n + 1) / 2 or rn = (n + 2) / 2 then open_ms end) as median_open_ms
      from ranked
      group by source, source_ref, alert_class
    )
    select g.*, coalesce(k.name, m.name) as source_name, s.name as service_name
    from grouped g
    left join integration_keys k on k.id = g.source_ref
    left join monitors m on m.id = g.source_ref
    left join services s on s.id = coalesce(k.service_id, m.service_id)
    order by g.fired desc, g.source, g.source_ref, g.alert_class`.execute(q);
  return r.rows;
}

/**
 * The first alert (the earliest opened; of two at one instant, the lower id) of each of these
 * incidents: what a new alert's grouping labels are compared with. One step down the index on
 * (incident_id, opened_at, id) per incident, however many alerts it has gathered.
 */
export async function firstAlertsOf(q: Q, incidentIds: readonly string[]): Promise<{ incident_id: string; details: string }[]> {
  if (incidentIds.length === 0) return [];
  const rows = await q
    .selectFrom('alerts as a')
    .select(['a.incident_id', 'a.details'])
    .where('a.id', 'in', (eb) =>
      eb
        .selectFrom('incidents as i')
        .select((e) => e.selectFrom('alerts as b').select('b.id').whereRef('b.incident_id', '=', 'i.id').orderBy('b.opened_at').orderBy('b.id').limit(1).as('first_id'))
        .where('i.id', 'in', incidentIds),
    )
    .execute();
  return rows.flatMap((r) => (r.incident_id ? [{ incident_id: r.incident_id, details: r.details }] : []));
}

export async function findSettings(q: Q, serviceId: string): Promise<AlertSettingsTable | undefined> {
  return q.selectFrom('alert_settings').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
}

/** Sets the service's alert settings (insert or replace in one statement). */
export async function putSettings(q: Q, row: AlertSettingsTable): Promise<void> {
  const { service_id: _, ...fields } = row;
  await q
    .insertInto('alert_settings')
    .values(row)
    .onConflict((oc) => oc.column('service_id').doUpdateSet(fields))
    .execute();
}
