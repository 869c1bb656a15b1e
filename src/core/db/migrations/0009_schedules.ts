import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * On-call schedules (src/schedules): layers of rotations, overrides, cover requests, hand-off
 * notices and calendar feeds. User ids carry no foreign key: deleting a person must not delete
 * the history of who was on call (their turns show as flagged gaps instead).
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('feed_token_hash', 'text', (c) => c.unique())
    .addColumn('holidays', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create unique index schedules_name_lower on schedules (lower(name))`.execute(db);

  await db.schema
    .createTable('schedule_layers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('shift', 'text', (c) => c.notNull())
    .addColumn('handoff', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('restrictions', 'text')
    .addColumn('ends_at', 'bigint')
    .addUniqueConstraint('schedule_layers_position', ['schedule_id', 'position'])
    .execute();

  await db.schema
    .createTable('schedule_cover_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'taken', 'cancelled')`))
    .addColumn('taken_by', 'text')
    .addColumn('override_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('schedule_cover_requests_range', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('schedule_cover_requests_by_schedule').on('schedule_cover_requests').columns(['schedule_id', 'status']).execute();

  await db.schema
    .createTable('schedule_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('replaces', 'text')
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    // A cover request becomes at most one override, whoever else tries to take it.
    .addColumn('cover_request_id', 'text', (c) => c.unique().references('schedule_cover_requests.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('schedule_overrides_range', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('schedule_overrides_by_schedule').on('schedule_overrides').columns(['schedule_id', 'ends_at']).execute();

  await db.schema
    .createTable('schedule_handoffs')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('from_user_id', 'text')
    .addColumn('to_user_id', 'text')
    .addColumn('noticed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('schedule_handoffs_pk', ['schedule_id', 'at'])
    .execute();

  await db.schema
    .createTable('schedule_handoff_cursors')
    .addColumn('schedule_id', 'text', (c) => c.primaryKey().references('schedules.id').onDelete('cascade'))
    .addColumn('checked_until', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_calendar_feeds')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: K): Promise<void> {
  for (const t of ['user_calendar_feeds', 'schedule_handoff_cursors', 'schedule_handoffs', 'schedule_overrides', 'schedule_cover_requests', 'schedule_layers', 'schedules']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
