import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * The watchdog (src/watchdog) asks, for a channel whose recent messages all failed, whether any
 * went out in the same minutes: without this index that read walks the channel's whole history.
 */
export async function up(db: K): Promise<void> {
  await db.schema.createIndex('outbox_messages_sent').on('outbox_messages').columns(['channel', 'sent_at']).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.dropIndex('outbox_messages_sent').execute();
}
