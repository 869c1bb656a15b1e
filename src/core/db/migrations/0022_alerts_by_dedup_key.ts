import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * An alert by its sender's dedup key, newest first, open or not: Opsgenie's scripts read an alert
 * by its alias (GET /v2/alerts/:alias, notes, the list's alias: filter), and the only index on the
 * key was the one of open alerts, so an alias that had closed was looked for by reading every alert.
 */
export async function up(db: K): Promise<void> {
  await db.schema.createIndex('alerts_by_dedup_key').on('alerts').columns(['dedup_key', 'opened_at', 'id']).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropIndex('alerts_by_dedup_key').execute();
}
