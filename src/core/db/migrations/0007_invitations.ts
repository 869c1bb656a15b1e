import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Invitations: an admin adds a teammate, who sets their own password through a one-time link.
 * One row per invited user (a new invite replaces the old link); only the link's SHA-256 is kept.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
