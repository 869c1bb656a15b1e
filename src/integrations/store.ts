import type { Insertable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { ChangeEventsTable, IntegrationKeysTable } from './tables.js';

export async function insertKey(q: Q, row: Insertable<IntegrationKeysTable>): Promise<void> {
  await q.insertInto('integration_keys').values(row).execute();
}

export async function listKeys(q: Q, serviceId: string): Promise<IntegrationKeysTable[]> {
  return q.selectFrom('integration_keys').selectAll().where('service_id', '=', serviceId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** The live (not revoked) key with this hash. */
export async function findLiveKey(q: Q, keyHash: string): Promise<IntegrationKeysTable | undefined> {
  return q.selectFrom('integration_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

/** Revokes the key (once; a second revoke keeps the first time); answers it, or nothing. */
export async function revokeKey(q: Q, serviceId: string, keyId: string, at: number): Promise<IntegrationKeysTable | undefined> {
  await q.updateTable('integration_keys').set({ revoked_at: at }).where('id', '=', keyId).where('service_id', '=', serviceId).where('revoked_at', 'is', null).execute();
  return q.selectFrom('integration_keys').selectAll().where('id', '=', keyId).where('service_id', '=', serviceId).executeTakeFirst();
}

export async function insertChange(q: Q, row: ChangeEventsTable): Promise<void> {
  await q.insertInto('change_events').values(row).execute();
}

/** Changes on these services from `since` to `until`, newest first. */
export async function listChanges(q: Q, f: { serviceIds: string[]; since?: number; until?: number; limit: number }): Promise<ChangeEventsTable[]> {
  if (f.serviceIds.length === 0) return [];
  let query = q.selectFrom('change_events').selectAll().where('service_id', 'in', f.serviceIds);
  if (f.since !== undefined) query = query.where('at', '>=', f.since);
  if (f.until !== undefined) query = query.where('at', '<=', f.until);
  return query.orderBy('at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export async function findSeverityMap(q: Q, serviceId: string): Promise<string | undefined> {
  return (await q.selectFrom('service_severity_maps').select('map').where('service_id', '=', serviceId).executeTakeFirst())?.map;
}

/** Sets the service's map (insert or replace in one statement). */
export async function putSeverityMap(q: Q, serviceId: string, map: string, at: number): Promise<void> {
  await q
    .insertInto('service_severity_maps')
    .values({ service_id: serviceId, map, updated_at: at })
    .onConflict((oc) => oc.column('service_id').doUpdateSet({ map, updated_at: at }))
    .execute();
}
