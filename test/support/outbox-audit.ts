import type { Database } from '../../src/core/db/index.js';
import '../../src/core/outbox/tables.js';

export interface Audit {
  /** Keys received at least once. */
  sent: number;
  /** Keys never received: must be 0. */
  lost: number;
  /** Receipts beyond the first, summed over keys. */
  duplicates: number;
  /** Duplicates matched by an attempt with no recorded outcome (interrupted) or one that timed out. */
  duplicatesInWindow: number;
  /** Messages not `sent` in the database at the end. */
  notSent: number;
}

/**
 * Compares what the receiver saw with the outbox's attempts. A key received n times is explained
 * when at least n - 1 of its attempts ended without the provider's answer being recorded: the
 * documented window (src/core/outbox/README.md), i.e. `interrupted` (process died mid-send) or a
 * transient error after the receiver had the request (a timeout).
 */
export async function auditDelivery(db: Database, keys: string[], counts: Map<string, number>): Promise<Audit> {
  const rows = await db.kysely
    .selectFrom('outbox_messages as m')
    .leftJoin('outbox_attempts as a', 'a.message_id', 'm.id')
    .select(['m.key', 'm.status', 'a.outcome'])
    .execute();
  const unrecorded = new Map<string, number>();
  const status = new Map<string, string>();
  for (const r of rows) {
    status.set(r.key, r.status);
    if (r.outcome === 'interrupted' || r.outcome === 'transient_error') unrecorded.set(r.key, (unrecorded.get(r.key) ?? 0) + 1);
  }
  const a: Audit = { sent: 0, lost: 0, duplicates: 0, duplicatesInWindow: 0, notSent: 0 };
  for (const key of keys) {
    const n = counts.get(key) ?? 0;
    if (n === 0) a.lost++;
    else a.sent++;
    if (n > 1) {
      a.duplicates += n - 1;
      a.duplicatesInWindow += Math.min(n - 1, unrecorded.get(key) ?? 0);
    }
    if (status.get(key) !== 'sent') a.notSent++;
  }
  return a;
}
