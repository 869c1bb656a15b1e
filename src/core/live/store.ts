import type { Insertable } from 'kysely';
import type { Q } from '../db/index.js';
import type { LiveRelayTable } from './tables.js';

// The live relay's SQL: append, read what others wrote since a point, forget old rows.

export async function append(q: Q, rows: Insertable<LiveRelayTable>[]): Promise<void> {
  if (rows.length) await q.insertInto('live_relay').values(rows).execute();
}

export async function readSince(q: Q, afterSeq: number, notOrigin: string, limit: number) {
  return q
    .selectFrom('live_relay')
    .selectAll()
    .where('seq', '>', afterSeq)
    .where('origin', '<>', notOrigin)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function lastSeq(q: Q): Promise<number> {
  const r = await q.selectFrom('live_relay').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

export async function forgetBefore(q: Q, at: number): Promise<void> {
  await q.deleteFrom('live_relay').where('at', '<', at).execute();
}
