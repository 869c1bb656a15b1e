import type { Insertable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { ChangeEventsTable, IntegrationKeysTable, SuppressionRulesTable } from './tables.js';

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

export async function insertRule(q: Q, row: SuppressionRulesTable): Promise<void> {
  await q.insertInto('suppression_rules').values(row).execute();
}

export async function listRules(q: Q): Promise<SuppressionRulesTable[]> {
  return q.selectFrom('suppression_rules').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** Deletes the rule; true when there was one. */
export async function deleteRule(q: Q, id: string): Promise<boolean> {
  const r = await q.deleteFrom('suppression_rules').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Counts one more event the rule suppressed (one statement: concurrent events each count). */
export async function countMatch(q: Q, id: string, at: number): Promise<void> {
  await q
    .updateTable('suppression_rules')
    .set((eb) => ({ matched_events: eb('matched_events', '+', 1), last_matched_at: at }))
    .where('id', '=', id)
    .execute();
}

/** Whether an integration key with this id exists (revoked or not). */
export async function keyExists(q: Q, id: string): Promise<boolean> {
  return (await q.selectFrom('integration_keys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
