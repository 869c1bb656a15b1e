import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Alert grouping per service (src/alerts): how long an open incident keeps taking new alerts,
 * which labels must match its first alert's for one to join it, and what happens to the
 * incident when its last alert resolves. A service without a row has the defaults.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('alert_settings')
    .addColumn('service_id', 'text', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
    .addColumn('grouping_window_minutes', 'integer', (c) => c.notNull().defaultTo(60).check(sql`grouping_window_minutes between 1 and 10080`))
    .addColumn('grouping_labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('on_all_alerts_resolved', 'text', (c) => c.notNull().defaultTo('resolve').check(sql`on_all_alerts_resolved in ('resolve', 'mitigate')`))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('alert_settings').ifExists().execute();
}
