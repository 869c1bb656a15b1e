import { type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as typed now */
type K = Kysely<any>;

/**
 * Jobs whose lease was lost are reclaimed one at a time (src/core/engine/queue.ts), and only a
 * lease lost while running alone counts against the job: `claimed_alone` says how the current
 * claim was made, `lone_losses` counts the lone claims that were lost. A crash that takes a whole
 * batch down no longer uses up the attempts of every job in it (bench:chaos gave up 65 paging
 * jobs after 50 SIGKILLs on PostgreSQL).
 */
export async function up(db: K): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('claimed_alone', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('jobs').addColumn('lone_losses', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: K): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('lone_losses').execute();
  await db.schema.alterTable('jobs').dropColumn('claimed_alone').execute();
}
