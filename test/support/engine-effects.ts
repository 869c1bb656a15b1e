import { sql, type Transaction } from 'kysely';
import type { Database, Q } from '../../src/core/db/index.js';
import type { Tables } from '../../src/core/db/schema.js';
import { newId } from '../../src/core/ids.js';

// A scratch table the engine tests' job handlers write to. Deliberately without a unique key
// on job_key: a job that ran twice shows up as two rows instead of a constraint error.

export async function createEffectsTable(db: Database): Promise<void> {
  await sql`create table engine_effects (id text primary key, job_key text not null, worker text not null)`.execute(db.kysely);
}

export async function writeEffect(tx: Transaction<Tables> | Q, jobKey: string, worker: string): Promise<void> {
  await sql`insert into engine_effects (id, job_key, worker) values (${newId('eff')}, ${jobKey}, ${worker})`.execute(tx);
}

/** Effect rows per job key. */
export async function effectCounts(db: Database): Promise<Map<string, number>> {
  const { rows } = await sql<{ job_key: string; n: number }>`select job_key, count(*) as n from engine_effects group by job_key`.execute(
    db.kysely,
  );
  return new Map(rows.map((r) => [r.job_key, Number(r.n)]));
}
