import { sql, type ExpressionBuilder, type Insertable, type SqlBool } from 'kysely';
import type { Tables } from '../core/db/schema.js';
import type { Q } from '../core/db/index.js';
import type { AlertsTable } from './tables.js';

/** Inserts the alert unless one is already open for (service, dedup key); true when inserted. */
export async function insertIfNoneOpen(q: Q, row: Insertable<AlertsTable>): Promise<boolean> {
  const r = await q.insertInto('alerts').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * The open alert for (service, dedup key): the one the partial unique index allows. Written as
 * the index is (the same coalesce, `status = 'open'` as a literal, not a parameter) so that both
 * databases find the row through that index rather than reading every alert.
 */
const isOpen = (serviceId: string | null, dedupKey: string) => (eb: ExpressionBuilder<Tables, 'alerts'>) =>
  eb.and([eb(sql<string>`coalesce(service_id, '')`, '=', serviceId ?? ''), eb('dedup_key', '=', dedupKey), sql<SqlBool>`status = 'open'`]);

/** Counts one more signal on the open alert for (service, dedup key) and answers it. */
export async function absorb(q: Q, serviceId: string | null, dedupKey: string): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set((eb) => ({ events: eb('events', '+', 1) }))
    .where(isOpen(serviceId, dedupKey))
    .returningAll()
    .executeTakeFirst();
}

/** Marks the open alert for (service, dedup key) acknowledged, once; answers it, or nothing. */
export async function acknowledgeOpen(q: Q, serviceId: string | null, dedupKey: string, at: number): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set((eb) => ({ acknowledged_at: at, events: eb('events', '+', 1) }))
    .where(isOpen(serviceId, dedupKey))
    .where('acknowledged_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function setIncident(q: Q, id: string, incidentId: string): Promise<void> {
  await q.updateTable('alerts').set({ incident_id: incidentId }).where('id', '=', id).execute();
}

/** Resolves the open alert for (service, dedup key); answers it, or nothing when none was open. */
export async function resolveOpen(q: Q, serviceId: string | null, dedupKey: string, at: number): Promise<AlertsTable | undefined> {
  return q
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at })
    .where(isOpen(serviceId, dedupKey))
    .returningAll()
    .executeTakeFirst();
}

export async function countOpenOnIncident(q: Q, incidentId: string): Promise<number> {
  const r = await q
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('incident_id', '=', incidentId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findById(q: Q, id: string): Promise<AlertsTable | undefined> {
  return q.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface AlertFilter {
  status?: 'open' | 'resolved';
  incidentId?: string;
  sourceRef?: string;
  dedupKey?: string;
  limit: number;
}

export async function list(q: Q, f: AlertFilter): Promise<AlertsTable[]> {
  let query = q.selectFrom('alerts').selectAll();
  if (f.status) query = query.where('status', '=', f.status);
  if (f.incidentId) query = query.where('incident_id', '=', f.incidentId);
  if (f.sourceRef) query = query.where('source_ref', '=', f.sourceRef);
  if (f.dedupKey) query = query.where('dedup_key', '=', f.dedupKey);
  return query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
