import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../../core/db/index.js';
import type { ContactMethodsTable, NotificationRulesTable, Urgency } from './tables.js';
import { prepared } from '../../core/db/prepared.js';

// Contact methods and notification rules: the only place their SQL lives.

export async function findMethod(q: Q, id: string) {
  return q.selectFrom('contact_methods').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every method of these people, oldest first. */
export async function methodsOf(q: Q, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return q.selectFrom('contact_methods').selectAll().where('user_id', 'in', userIds).orderBy('created_at').orderBy('id').execute();
}

export async function countMethods(q: Q, userId: string): Promise<number> {
  const row = await q.selectFrom('contact_methods').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertMethod(q: Q, row: Insertable<ContactMethodsTable>): Promise<void> {
  await q.insertInto('contact_methods').values(row).execute();
}

export async function updateMethod(q: Q, id: string, patch: Updateable<ContactMethodsTable>): Promise<void> {
  await q.updateTable('contact_methods').set(patch).where('id', '=', id).execute();
}

/** Puts a new code on a method if no other code went out meanwhile (compare-and-set on the send count). */
export async function setCode(q: Q, id: string, sentBefore: number, patch: Updateable<ContactMethodsTable>): Promise<boolean> {
  const res = await q.updateTable('contact_methods').set(patch).where('id', '=', id).where('verify_sent', '=', sentBefore).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Takes one attempt at the current code, if any are left: atomic, so parallel guesses cannot share one. */
export async function claimCodeAttempt(q: Q, id: string, max: number, now: number): Promise<boolean> {
  const res = await q
    .updateTable('contact_methods')
    .set((eb) => ({ verify_attempts: eb('verify_attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('verify_attempts', '<', max)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function removeMethod(q: Q, id: string): Promise<void> {
  await q.deleteFrom('contact_methods').where('id', '=', id).execute();
}

/** Every rule of these people, by delay. */
export async function rulesOf(q: Q, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return q.selectFrom('notification_rules').selectAll().where('user_id', 'in', userIds).orderBy('urgency').orderBy('delay_minutes').orderBy('id').execute();
}

export async function findRule(q: Q, id: string) {
  return q.selectFrom('notification_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRules(q: Q, rows: Insertable<NotificationRulesTable>[]): Promise<void> {
  if (rows.length) await q.insertInto('notification_rules').values(rows).execute();
}

export async function removeRule(q: Q, id: string): Promise<void> {
  await q.deleteFrom('notification_rules').where('id', '=', id).execute();
}

/** The rules of these people for an urgency whose method is verified and not disabled: who can be paged, and how. */
export async function reachRows(q: Q, userIds: readonly string[], urgency: Urgency) {
  if (userIds.length === 0) return [];
  return REACH_ROWS.all(q, { user_ids: userIds, urgency });
}
// Prepared (db/prepared.ts): every page reads it.
const REACH_ROWS = prepared((db, p: { user_ids: readonly string[]; urgency: Urgency }) =>
  db
    .selectFrom('notification_rules as r')
    .innerJoin('contact_methods as m', 'm.id', 'r.contact_method_id')
    .select(['r.id as rule_id', 'r.user_id', 'r.delay_minutes', 'm.id as contact_method_id', 'm.channel', 'm.address', 'm.details'])
    .where('r.user_id', 'in', p.user_ids)
    .where('r.urgency', '=', p.urgency)
    .where('m.verified_at', 'is not', null)
    .where('m.disabled_at', 'is', null)
    .orderBy('r.user_id')
    .orderBy('r.delay_minutes')
    .orderBy('m.channel')
    .orderBy('r.id'),
);
