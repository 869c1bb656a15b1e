import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Team and service names are unique regardless of case. The services checked before writing,
 * which two concurrent writes both passed; now the database refuses the second. Names that
 * already collide are told apart first by appending the id, so the index can be built.
 */
export async function up(db: K): Promise<void> {
  for (const table of ['teams', 'services']) {
    await sql`
      update ${sql.table(table)} set name = name || ' (' || id || ')'
      where id in (
        select t.id from ${sql.table(table)} t
        where exists (select 1 from ${sql.table(table)} o where lower(o.name) = lower(t.name) and o.id < t.id)
      )`.execute(db);
    await sql`create unique index ${sql.raw(`${table}_name_lower`)} on ${sql.table(table)} (lower(name))`.execute(db);
  }
}

export async function down(db: K): Promise<void> {
  for (const table of ['teams', 'services']) await sql`drop index ${sql.raw(`${table}_name_lower`)}`.execute(db);
}
