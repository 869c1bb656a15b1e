import { type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * A new alert that may join an open incident is compared with that incident's first alert
 * (grouping labels). Found through `incident_id` alone, that read went through every alert the
 * incident had gathered (min(opened_at)): at bench:ingest's rate an incident gathers thousands,
 * and each new alert got slower. Ordered by (opened_at, id) within the incident, the first is one
 * index step. The index on `incident_id` alone is a prefix of this one: dropped.
 */
export async function up(db: K): Promise<void> {
  await db.schema.createIndex('alerts_by_incident_opened').on('alerts').columns(['incident_id', 'opened_at', 'id']).execute();
  await db.schema.dropIndex('alerts_by_incident').execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.createIndex('alerts_by_incident').on('alerts').column('incident_id').execute();
  await db.schema.dropIndex('alerts_by_incident_opened').execute();
}
