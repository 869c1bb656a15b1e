import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Paging (src/paging): an incident's escalations (one per escalation policy its services use),
 * the tiers each has fired (a tier fires once per round: the primary key decides between two
 * instances), the pages sent to people and the notifications each page planned (one outbox
 * message each). Urgency per severity and business hours per service; an acknowledgement
 * timeout per policy.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .alterTable('escalation_policies')
    .addColumn('ack_timeout_minutes', 'integer', (c) => c.check(sql`ack_timeout_minutes is null or ack_timeout_minutes between 1 and 10080`))
    .execute();
  await db.schema
    .createTable('service_paging')
    .addColumn('service_id', 'text', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
    // JSON { "SEV-1": "high", ... } with high | low | none.
    .addColumn('urgencies', 'text', (c) => c.notNull())
    // JSON { time_zone, days: [1..7], start: "09:00", end: "17:00" } or null: the default hours.
    .addColumn('business_hours', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('high', 'low')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('waiting', 'active', 'acknowledged', 'done')`))
    // Tier delays count from here; a round r starts round_minutes * r later.
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    // Rounds restart from here after an acknowledgement timed out or the incident reopened.
    .addColumn('first_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('escalations_incident_policy', ['incident_id', 'policy_id'])
    .execute();
  await db.schema
    .createTable('escalation_steps')
    .addColumn('escalation_id', 'text', (c) => c.notNull().references('escalations.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('fired_at', 'bigint', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('escalation_steps_pk', ['escalation_id', 'round', 'position'])
    .execute();
  await db.schema
    .createTable('pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('escalation_id', 'text', (c) => c.references('escalations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('round', 'integer')
    .addColumn('position', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('escalation', 'manual')`))
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in ('high', 'low')`))
    .addColumn('reply_code', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .execute();
  await sql`create unique index pages_escalation_step_user on pages (escalation_id, round, position, user_id) where escalation_id is not null`.execute(db);
  await sql`create index pages_incident on pages (incident_id, created_at)`.execute(db);
  await sql`create index pages_user on pages (user_id, created_at)`.execute(db);
  await db.schema
    .createTable('page_notifications')
    // The outbox message's key: what makes this notification go out once.
    .addColumn('outbox_key', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // Planned (a job is due), sent to the outbox, or skipped (acknowledged before it was due).
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('planned').check(sql`state in ('planned', 'queued', 'skipped')`))
    // Set when a failed delivery has been reported and the next method tried.
    .addColumn('fallback_at', 'bigint')
    .execute();
  await sql`create index page_notifications_page on page_notifications (page_id)`.execute(db);
  await sql`create index page_notifications_unhandled on page_notifications (due_at) where fallback_at is null`.execute(db);
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('page_notifications').ifExists().execute();
  await db.schema.dropTable('pages').ifExists().execute();
  await db.schema.dropTable('escalation_steps').ifExists().execute();
  await db.schema.dropTable('escalations').ifExists().execute();
  await db.schema.dropTable('service_paging').ifExists().execute();
  await db.schema.alterTable('escalation_policies').dropColumn('ack_timeout_minutes').execute();
}
