import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * Noise control (src/integrations, src/alerts): suppression rules, each with a counter of the
 * events it matched so that nothing is silently lost; and alerts by the time they opened, which
 * the noise report reads by range.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('suppression_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('cascade'))
    .addColumn('source', 'text')
    .addColumn('severity', 'text', (c) => c.check(sql`severity in (${inList(['critical', 'error', 'warning', 'info'])})`))
    .addColumn('match', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in (${inList(['drop', 'quiet'])})`))
    .addColumn('matched_events', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_matched_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_by_opened_at').on('alerts').column('opened_at').execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropIndex('alerts_by_opened_at').ifExists().execute();
  await db.schema.dropTable('suppression_rules').ifExists().execute();
}
