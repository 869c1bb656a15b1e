import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * On-call pay rates per schedule (src/schedules/pay.ts): JSON { currency, per_hour, per_shift },
 * null while none are set (the report then shows hours without pay).
 */
export async function up(db: K): Promise<void> {
  await db.schema.alterTable('schedules').addColumn('pay_rates', 'text').execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('pay_rates').execute();
}
