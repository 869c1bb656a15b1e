import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Sign-in attempts counted in the database, per key and minute, so that every instance shares
 * one count (an in-memory limit let two instances allow twice the guesses).
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('signin_attempts')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('signin_attempts_pk', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('signin_attempts_window').on('signin_attempts').column('window_start').execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('signin_attempts').execute();
}
