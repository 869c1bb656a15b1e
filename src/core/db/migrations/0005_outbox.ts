import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The outbox (src/core/outbox/README.md): one row per effect that leaves the building (a page,
 * a mail, a webhook), idempotent by `key`, and one row per attempt so the UI can show each.
 * `next_attempt_at` is when the dispatcher looks at the row next: the due time while pending,
 * the deadline of the send in flight or the time of the next retry while sending.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${inList(['pending', 'sending', 'sent', 'delivered', 'failed'])})`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_ref', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_messages_due').on('outbox_messages').columns(['channel', 'status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_messages_provider_ref').on('outbox_messages').column('provider_ref').execute();

  await db.schema
    .createTable('outbox_attempts')
    .addColumn('message_id', 'text', (c) => c.notNull().references('outbox_messages.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome is null or outcome in (${inList(['sent', 'transient_error', 'permanent_error', 'interrupted', 'confirmed', 'gave_up'])})`),
    )
    .addColumn('error', 'text')
    .addColumn('response_code', 'integer')
    .addPrimaryKeyConstraint('outbox_attempts_pk', ['message_id', 'attempt'])
    .execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('outbox_attempts').ifExists().execute();
  await db.schema.dropTable('outbox_messages').ifExists().execute();
}
