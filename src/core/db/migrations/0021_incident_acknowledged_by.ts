import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Who acknowledged an incident first (a person; null when its sender or nobody did): the list
 * says who is on it, and on an incident without a commander that is the one name to call.
 * Incidents acknowledged before this learn it from their timeline's first acknowledgement.
 */
export async function up(db: K): Promise<void> {
  // No foreign key, like timeline_events.actor_id: people are deactivated, never deleted.
  await db.schema.alterTable('incidents').addColumn('acknowledged_by', 'text').execute();
  await sql`
    update incidents set acknowledged_by = (
      select t.actor_id from timeline_events t
      where t.incident_id = incidents.id and t.kind = 'acknowledged' and t.actor_kind = 'user'
      order by t.seq limit 1)
    where acknowledged_at is not null`.execute(db);
}

export async function down(db: K): Promise<void> {
  await db.schema.alterTable('incidents').dropColumn('acknowledged_by').execute();
}
