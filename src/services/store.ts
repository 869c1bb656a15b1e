import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { ServicesTable } from './tables.js';
import { afterKeySql, nameContainsSql, type ListInput } from '../core/lists.js';
import type { Edge, ServiceLinks } from './model.js';
import { prepared } from '../core/db/prepared.js';

// Services, their experts and dependencies: the only place their SQL lives.

/** `lock`: PostgreSQL row lock (`update` before a delete, `share` while something comes to refer to it). */
export async function lockByIds(q: Q, ids: readonly string[], lock: 'update' | 'no-key-update' | 'share'): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  const query = q.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).orderBy('id');
  return (lock === 'update' ? query.forUpdate() : lock === 'no-key-update' ? query.forNoKeyUpdate() : query.forShare()).execute();
}

export async function findById(q: Q, id: string) {
  return q.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case: another service with this name, if any. */
export async function findOtherByName(q: Q, name: string, exceptId: string) {
  return q
    .selectFrom('services')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

export async function insert(q: Q, row: Insertable<ServicesTable>): Promise<void> {
  await q.insertInto('services').values(row).execute();
}

export async function update(q: Q, id: string, patch: Updateable<ServicesTable>): Promise<void> {
  await q.updateTable('services').set(patch).where('id', '=', id).execute();
}

export async function remove(q: Q, id: string): Promise<void> {
  await q.deleteFrom('services').where('id', '=', id).execute();
}

export async function list(q: Q, input: ListInput) {
  let query = q.selectFrom('services').selectAll().orderBy('name').orderBy('id').limit(input.limit + 1);
  if (input.after) query = query.where(afterKeySql(input.after));
  if (input.q) query = query.where(nameContainsSql(input.q));
  return query.execute();
}

export async function existingIds(q: Q, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q.selectFrom('services').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Experts and dependencies of each service asked for. */
export async function linksOf(q: Q, serviceIds: string[]): Promise<Map<string, ServiceLinks>> {
  const out = new Map<string, ServiceLinks>(serviceIds.map((id) => [id, { expertIds: [], dependencyIds: [] }]));
  if (serviceIds.length === 0) return out;
  const experts = await q.selectFrom('service_experts').select(['service_id', 'user_id']).where('service_id', 'in', serviceIds).execute();
  const deps = await q
    .selectFrom('service_dependencies')
    .select(['service_id', 'depends_on_id'])
    .where('service_id', 'in', serviceIds)
    .execute();
  for (const e of experts) out.get(e.service_id)?.expertIds.push(e.user_id);
  for (const d of deps) out.get(d.service_id)?.dependencyIds.push(d.depends_on_id);
  return out;
}

export async function setExperts(q: Q, serviceId: string, userIds: string[]): Promise<void> {
  await q.deleteFrom('service_experts').where('service_id', '=', serviceId).execute();
  if (userIds.length) await q.insertInto('service_experts').values(userIds.map((user_id) => ({ service_id: serviceId, user_id }))).execute();
}

export async function setDependencies(q: Q, serviceId: string, dependsOn: string[]): Promise<void> {
  await q.deleteFrom('service_dependencies').where('service_id', '=', serviceId).execute();
  if (dependsOn.length) {
    await q
      .insertInto('service_dependencies')
      .values(dependsOn.map((depends_on_id) => ({ service_id: serviceId, depends_on_id })))
      .execute();
  }
}

/** The whole dependency graph (a catalog is hundreds of services, not millions). */
export async function allDependencyEdges(q: Q): Promise<Edge[]> {
  const rows = await q.selectFrom('service_dependencies').select(['service_id', 'depends_on_id']).execute();
  return rows.map((r) => ({ from: r.service_id, to: r.depends_on_id }));
}

/** The services each of these policies escalates, by name (a catalog is hundreds, not millions). */
export async function usingPolicies(q: Q, policyIds: string[]) {
  if (policyIds.length === 0) return [];
  return q.selectFrom('services').select(['id', 'name', 'escalation_policy_id']).where('escalation_policy_id', 'in', policyIds).orderBy('name').orderBy('id').execute();
}

/** Names by id, for messages that people read. */
export async function namesOf(q: Q, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await SERVICE_NAMES.all(q, { ids });
  return new Map(rows.map((r) => [r.id, r.name]));
}
const SERVICE_NAMES = prepared((db, p: { ids: readonly string[] }) => db.selectFrom('services').select(['id', 'name']).where('id', 'in', p.ids));
