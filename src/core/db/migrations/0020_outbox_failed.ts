import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Paging follows up each failed page (src/paging/failures.ts) and asks after every engine
 * wake-up. Found from the page's side, that read went through every notification of the last
 * day (1.6 ms a time during bench:paging's 2,000 notifications, 92 times in its window); failed
 * messages are few, so it starts from them. Partial: only failed rows are in it.
 */
export async function up(db: K): Promise<void> {
  await sql`create index outbox_messages_failed on outbox_messages (failed_at) where status = 'failed'`.execute(db);
}

export async function down(db: K): Promise<void> {
  await db.schema.dropIndex('outbox_messages_failed').execute();
}
