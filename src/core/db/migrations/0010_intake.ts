import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Alert intake (src/integrations): integration keys per service, the change events (deploys)
 * they and CI pipelines send, and what an alert from outside carries (acknowledged, labels,
 * links), and each service's severity map. A key is kept only as its SHA-256: it is shown once,
 * at creation.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('integration_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in (${inList(['pagerduty', 'alertmanager', 'opsgenie', 'webhook'])})`))
    .addColumn('default_severity', 'text', (c) => c.check(sql`default_severity in (${inList(['critical', 'error', 'warning', 'info'])})`))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('integration_keys_by_service').on('integration_keys').column('service_id').execute();

  await db.schema
    .createTable('change_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('integration_key_id', 'text', (c) => c.references('integration_keys.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_events_by_service').on('change_events').columns(['service_id', 'at']).execute();

  // A service's own mapping of sender severities to incident severities (JSON); none: the defaults.
  await db.schema
    .createTable('service_severity_maps')
    .addColumn('service_id', 'text', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
    .addColumn('map', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('alerts').addColumn('acknowledged_at', 'bigint').execute();
  await db.schema.alterTable('alerts').addColumn('details', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.alterTable('alerts').dropColumn('details').execute();
  await db.schema.alterTable('alerts').dropColumn('acknowledged_at').execute();
  await db.schema.dropTable('service_severity_maps').ifExists().execute();
  await db.schema.dropTable('change_events').ifExists().execute();
  await db.schema.dropTable('integration_keys').ifExists().execute();
}
