import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import { afterKeySql, nameContainsSql, type ListInput } from '../core/lists.js';
import type { ScheduleCoverRequestsTable, ScheduleLayersTable, ScheduleOverridesTable, SchedulesTable } from './tables.js';

// Schedules, their layers, overrides, cover requests, hand-offs and feeds: the only place their SQL lives.

export async function findById(q: Q, id: string) {
  return q.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names are unique regardless of case. */
export async function findByName(q: Q, name: string) {
  return q.selectFrom('schedules').selectAll().where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase())).executeTakeFirst();
}

export async function findByFeedHash(q: Q, hash: string) {
  return q.selectFrom('schedules').selectAll().where('feed_token_hash', '=', hash).executeTakeFirst();
}

export async function insert(q: Q, row: Insertable<SchedulesTable>): Promise<void> {
  await q.insertInto('schedules').values(row).execute();
}

export async function update(q: Q, id: string, patch: Updateable<SchedulesTable>): Promise<void> {
  await q.updateTable('schedules').set(patch).where('id', '=', id).execute();
}

export async function remove(q: Q, id: string): Promise<void> {
  await q.deleteFrom('schedules').where('id', '=', id).execute();
}

export async function list(q: Q, input: ListInput) {
  let query = q.selectFrom('schedules').selectAll().orderBy('name').orderBy('id').limit(input.limit + 1);
  if (input.after) query = query.where(afterKeySql(input.after));
  if (input.q) query = query.where(nameContainsSql(input.q));
  return query.execute();
}

/** Every schedule (the dashboard, hand-offs and a person's feed look at all of them). */
export async function all(q: Q) {
  return q.selectFrom('schedules').selectAll().orderBy('name').orderBy('id').execute();
}

/** The schedules a team owns (a team's readiness covers the people they put on call). */
export async function ofTeam(q: Q, teamId: string) {
  return q.selectFrom('schedules').select(['id', 'name']).where('team_id', '=', teamId).orderBy('name').orderBy('id').execute();
}

export async function layersOf(q: Q, scheduleIds: string[]) {
  if (scheduleIds.length === 0) return [];
  return q.selectFrom('schedule_layers').selectAll().where('schedule_id', 'in', scheduleIds).orderBy('schedule_id').orderBy('position').execute();
}

export async function replaceLayers(q: Q, scheduleId: string, rows: Insertable<ScheduleLayersTable>[]): Promise<void> {
  await q.deleteFrom('schedule_layers').where('schedule_id', '=', scheduleId).execute();
  if (rows.length) await q.insertInto('schedule_layers').values(rows).execute();
}

/** Overrides of these schedules that touch [from, to). */
export async function overridesOf(q: Q, scheduleIds: string[], from: number, to: number) {
  if (scheduleIds.length === 0) return [];
  return q
    .selectFrom('schedule_overrides')
    .selectAll()
    .where('schedule_id', 'in', scheduleIds)
    .where('ends_at', '>', from)
    .where('starts_at', '<', to)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertOverride(q: Q, row: Insertable<ScheduleOverridesTable>): Promise<void> {
  await q.insertInto('schedule_overrides').values(row).execute();
}

export async function removeOverride(q: Q, scheduleId: string, id: string): Promise<boolean> {
  const r = await q.deleteFrom('schedule_overrides').where('schedule_id', '=', scheduleId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertCoverRequest(q: Q, row: Insertable<ScheduleCoverRequestsTable>): Promise<void> {
  await q.insertInto('schedule_cover_requests').values(row).execute();
}

export async function findCoverRequest(q: Q, id: string) {
  return q.selectFrom('schedule_cover_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function openCoverRequests(q: Q, scheduleId: string) {
  return q.selectFrom('schedule_cover_requests').selectAll().where('schedule_id', '=', scheduleId).where('status', '=', 'open').orderBy('starts_at').execute();
}

/** Marks an open request taken; false when someone else took it first (exactly one winner). */
export async function claimCoverRequest(q: Q, id: string, takerId: string, overrideId: string, now: number): Promise<boolean> {
  const r = await q
    .updateTable('schedule_cover_requests')
    .set({ status: 'taken', taken_by: takerId, override_id: overrideId, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function cancelCoverRequest(q: Q, id: string, now: number): Promise<boolean> {
  const r = await q.updateTable('schedule_cover_requests').set({ status: 'cancelled', updated_at: now }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How far each schedule's hand-offs have been looked for (schedules never looked at are absent). */
export async function cursorsOf(q: Q, scheduleIds: string[]): Promise<Map<string, number>> {
  if (scheduleIds.length === 0) return new Map();
  const rows = await q.selectFrom('schedule_handoff_cursors').selectAll().where('schedule_id', 'in', scheduleIds).execute();
  return new Map(rows.map((r) => [r.schedule_id, Number(r.checked_until)]));
}

export async function setCursors(q: Q, scheduleIds: string[], checkedUntil: number): Promise<void> {
  if (scheduleIds.length === 0) return;
  await q
    .insertInto('schedule_handoff_cursors')
    .values(scheduleIds.map((schedule_id) => ({ schedule_id, checked_until: checkedUntil })))
    .onConflict((oc) => oc.column('schedule_id').doUpdateSet({ checked_until: checkedUntil }))
    .execute();
}

/** Records a hand-off once; false when it was already recorded (by this or another instance). */
export async function recordHandoff(q: Q, row: { schedule_id: string; at: number; from_user_id: string | null; to_user_id: string | null; noticed_at: number }): Promise<boolean> {
  const r = await q.insertInto('schedule_handoffs').values(row).onConflict((oc) => oc.columns(['schedule_id', 'at']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findUserFeed(q: Q, hash: string) {
  return q.selectFrom('user_calendar_feeds').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function setUserFeed(q: Q, userId: string, hash: string, now: number): Promise<void> {
  await q
    .insertInto('user_calendar_feeds')
    .values({ user_id: userId, token_hash: hash, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: hash, created_at: now }))
    .execute();
}
