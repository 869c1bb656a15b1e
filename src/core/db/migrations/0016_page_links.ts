import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Action links of pages (src/notify/links.ts): one row per signed, single-use, expiring link
 * that acknowledges or resolves an incident without signing in. Only the token's SHA-256 is
 * stored, so a copy of the database acts on nothing. `used_at` is set once, by the one UPDATE
 * that redeems the link.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('page_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('acknowledge', 'resolve')`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  // Expired links are deleted by age; the incident's links go with it.
  await db.schema.createIndex('page_links_expires').on('page_links').column('expires_at').execute();
  await db.schema.createIndex('page_links_incident').on('page_links').column('incident_id').execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('page_links').ifExists().execute();
}
