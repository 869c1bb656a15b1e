import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Alerts by what sent them, newest first, open or not. By source (a monitor, an integration key):
 * a monitor's page lists its alerts, and one that rarely fails was looked for by reading every
 * alert. By dedup key: Opsgenie's scripts read an alert by its alias, and the only index on the
 * key was the one of open alerts, so an alias that had closed was looked for the same way.
 */
export async function up(db: K): Promise<void> {
  await db.schema.createIndex('alerts_by_source').on('alerts').columns(['source_ref', 'opened_at', 'id']).execute();
  await db.schema.createIndex('alerts_by_dedup_key').on('alerts').columns(['dedup_key', 'source_ref', 'opened_at', 'id']).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropIndex('alerts_by_dedup_key').execute();
  await db.schema.dropIndex('alerts_by_source').execute();
}
