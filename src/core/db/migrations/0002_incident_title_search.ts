import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Text search in incident titles (`?q=`) is `ILIKE '%word%'`, which reads every title when the
 * word is rare: about 40 ms at 100,000 incidents. On PostgreSQL a trigram index answers it in
 * about a millisecond. pg_trgm ships with PostgreSQL and is a trusted extension, but a role may
 * still lack the right to create it: then search keeps working, only without the index.
 * (SQLite scans 100,000 titles in about 20 ms, within the list goal; an FTS5 trigram table would
 * be its equivalent if that grows.)
 */
export async function up(db: K): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`savepoint tocsin_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`release savepoint tocsin_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint tocsin_trgm`.execute(db);
    return;
  }
  await sql`create index if not exists incidents_title_trgm on incidents using gin (title gin_trgm_ops)`.execute(db);
}

export async function down(db: K): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists incidents_title_trgm`.execute(db);
}
