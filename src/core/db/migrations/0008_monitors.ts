import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Uptime monitors (src/monitors) and the alerts they raise (src/alerts).
 * Raw check results are the big table: one row per check, keyed by small integers
 * (monitor `seq`, location `seq`) so a row stays well under 64 bytes on disk; on SQLite the
 * table is WITHOUT ROWID (the primary key is the row). Messages are not kept per result, only
 * per location state and in monitor_events (state changes), where people read them.
 */
export async function up(db: K): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.insertInto('counters').values([{ name: 'monitor_seq', value: 0 }, { name: 'location_seq', value: 1 }]).execute();

  await db.schema
    .createTable('monitor_locations')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('server', 'probe')`))
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('last_seen_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('monitor_locations').values({ name: 'server', seq: 1, kind: 'server', created_at: 0 }).execute();

  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in (${inList(['http', 'tcp', 'dns', 'tls', 'heartbeat'])})`))
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('interval_s', 'integer', (c) => c.notNull().check(sql`interval_s >= 10`))
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('confirmation', 'text', (c) => c.notNull())
    .addColumn('locations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in (${inList(['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'])})`))
    .addColumn('auto_resolve', 'integer', (c) => c.notNull().defaultTo(1).check(sql`auto_resolve in (0, 1)`))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0).check(sql`paused in (0, 1)`))
    .addColumn('heartbeat_uuid', 'text', (c) => c.unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('unknown').check(sql`state in (${inList(['up', 'degraded', 'down', 'unknown'])})`))
    .addColumn('state_changed_at', 'bigint')
    .addColumn('flap', 'text', (c) => c.notNull().defaultTo('{"changes":[],"flapping":false}'))
    .addColumn('alert_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitors_name').on('monitors').column('name').execute();
  await db.schema.createIndex('monitors_service').on('monitors').column('service_id').execute();

  await db.schema
    .createTable('monitor_location_states')
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('up', 'down', 'unknown')`))
    .addColumn('streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_failure_at', 'bigint')
    .addColumn('last_result_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_message', 'text')
    .addPrimaryKeyConstraint('monitor_location_states_pk', ['monitor_id', 'location'])
    .execute();

  // (monitor, slot, location) is the key: a slot is recorded once, whichever instance ran it.
  const results = db.schema
    .createTable('check_results')
    .addColumn('monitor_seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('location_seq', pg ? sql`smallint` : 'integer', (c) => c.notNull())
    .addColumn('code', pg ? sql`smallint` : 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('check_results_pk', ['monitor_seq', 'at', 'location_seq']);
  await (pg ? results : results.modifyEnd(sql`without rowid`)).execute();

  await db.schema
    .createTable('check_rollups')
    .addColumn('monitor_seq', 'integer', (c) => c.notNull())
    .addColumn('bucket_ms', 'integer', (c) => c.notNull())
    .addColumn('start', 'bigint', (c) => c.notNull())
    .addColumn('location_seq', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('up', 'integer', (c) => c.notNull())
    .addColumn('degraded', 'integer', (c) => c.notNull())
    .addColumn('down', 'integer', (c) => c.notNull())
    .addColumn('up_ms', 'bigint', (c) => c.notNull())
    .addColumn('degraded_ms', 'bigint', (c) => c.notNull())
    .addColumn('down_ms', 'bigint', (c) => c.notNull())
    .addColumn('unknown_ms', 'bigint', (c) => c.notNull())
    .addColumn('p50_ms', 'integer')
    .addColumn('p95_ms', 'integer')
    .addColumn('p99_ms', 'integer')
    .addColumn('max_ms', 'integer')
    .addPrimaryKeyConstraint('check_rollups_pk', ['monitor_seq', 'bucket_ms', 'start', 'location_seq'])
    .execute();

  await db.schema
    .createTable('monitor_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
    .addColumn('location', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('monitor_events_by_monitor').on('monitor_events').columns(['monitor_id', 'at']).execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('monitor_id', 'text', (c) => c.references('monitors.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('rrule', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('maintenance_windows_target', sql`monitor_id is not null or service_id is not null`)
    .execute();

  // Instances alive per location: monitors are divided among the live ones (rendezvous hashing).
  await db.schema
    .createTable('monitor_workers')
    .addColumn('owner', 'text', (c) => c.primaryKey())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'resolved')`))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.references('incidents.id'))
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('events', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // At most one open alert per (service, dedup key): the database says so, not a read first.
  await sql`create unique index alerts_one_open on alerts (coalesce(service_id, ''), dedup_key) where status = 'open'`.execute(db);
  await db.schema.createIndex('alerts_by_incident').on('alerts').column('incident_id').execute();
}

export async function down(db: K): Promise<void> {
  for (const t of ['alerts', 'monitor_workers', 'maintenance_windows', 'monitor_events', 'check_rollups', 'check_results', 'monitor_location_states', 'monitors', 'monitor_locations']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.deleteFrom('counters').where('name', 'in', ['monitor_seq', 'location_seq']).execute();
}
