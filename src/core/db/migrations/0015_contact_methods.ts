import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
const CHANNELS = list(['email', 'sms', 'voice', 'push', 'chat']);
const URGENCIES = list(['high', 'low']);

/**
 * How people are reached (src/notify/contacts): contact methods, each verified by a code before
 * it is paged, and notification rules (which method, how long after the page, for which urgency).
 * The unique keys make two concurrent adds of the same address (or the same rule) one row.
 */
export async function up(db: K): Promise<void> {
  await db.schema
    .createTable('contact_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in (${CHANNELS})`))
    // Normalised: lower-case email, E.164 phone, push endpoint URL, chat webhook URL.
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: push {keys:{p256dh,auth}}, chat {format}.
    .addColumn('details', 'text')
    .addColumn('verified_at', 'bigint')
    .addColumn('verify_code_hash', 'text')
    .addColumn('verify_expires_at', 'bigint')
    .addColumn('verify_attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`verify_attempts >= 0`))
    .addColumn('verify_sent', 'integer', (c) => c.notNull().defaultTo(0).check(sql`verify_sent >= 0`))
    .addColumn('verify_sent_at', 'bigint')
    // Set when the address is known dead (a push subscription its service says is gone).
    .addColumn('disabled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contact_methods_user_channel_address', ['user_id', 'channel', 'address'])
    .execute();
  await db.schema
    .createTable('notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.notNull().references('contact_methods.id').onDelete('cascade'))
    .addColumn('urgency', 'text', (c) => c.notNull().check(sql`urgency in (${URGENCIES})`))
    .addColumn('delay_minutes', 'integer', (c) => c.notNull().check(sql`delay_minutes between 0 and 1440`))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('notification_rules_method_urgency_delay', ['contact_method_id', 'urgency', 'delay_minutes'])
    .execute();
  await db.schema.createIndex('notification_rules_user').on('notification_rules').columns(['user_id', 'urgency']).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropTable('notification_rules').ifExists().execute();
  await db.schema.dropTable('contact_methods').ifExists().execute();
}
