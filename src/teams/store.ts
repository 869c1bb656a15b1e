import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { TeamsTable } from './tables.js';
import { afterKeySql, nameContainsSql, type ListInput } from '../core/lists.js';

// Teams and their members: the only place their SQL lives.

export async function findById(q: Q, id: string) {
  return q.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case. */
export async function findByName(q: Q, name: string) {
  return q.selectFrom('teams').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export async function insert(q: Q, row: Insertable<TeamsTable>): Promise<void> {
  await q.insertInto('teams').values(row).execute();
}

export async function update(q: Q, id: string, patch: Updateable<TeamsTable>): Promise<void> {
  await q.updateTable('teams').set(patch).where('id', '=', id).execute();
}

export async function remove(q: Q, id: string): Promise<void> {
  await q.deleteFrom('teams').where('id', '=', id).execute();
}

export async function list(q: Q, input: ListInput) {
  let query = q.selectFrom('teams').selectAll().orderBy('name').orderBy('id').limit(input.limit + 1);
  if (input.after) query = query.where(afterKeySql(input.after));
  if (input.q) query = query.where(nameContainsSql(input.q));
  return query.execute();
}

/** Member ids of each team asked for (teams without members are absent). */
export async function membersOf(q: Q, teamIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (teamIds.length === 0) return out;
  const rows = await q.selectFrom('team_members').select(['team_id', 'user_id']).where('team_id', 'in', teamIds).execute();
  for (const r of rows) out.set(r.team_id, [...(out.get(r.team_id) ?? []), r.user_id]);
  return out;
}

export async function setMembers(q: Q, teamId: string, userIds: string[]): Promise<void> {
  await q.deleteFrom('team_members').where('team_id', '=', teamId).execute();
  if (userIds.length) await q.insertInto('team_members').values(userIds.map((user_id) => ({ team_id: teamId, user_id }))).execute();
}

/** Which of these ids are teams; for checking references (a service's owner team). */
export async function exists(q: Q, id: string): Promise<boolean> {
  return (await findById(q, id)) !== undefined;
}
