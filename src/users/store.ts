import type { Insertable, Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import { sql, type SqlBool } from 'kysely';
import type { ApiTokensTable, InvitationsTable, SessionsTable, UsersTable } from './tables.js';
import { afterKeySql, containsPattern, nameContainsSql, type ListInput } from '../core/lists.js';
import { prepared } from '../core/db/prepared.js';

// Users, sessions and API tokens: the only place their SQL lives.

export async function findUserById(q: Q, id: string) {
  return q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(q: Q, email: string) {
  return q.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** The live token with this hash, joined to its (active) user. */
export async function findActiveToken(q: Q, tokenHash: string, now: number) {
  return q
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id as token_id', 't.last_used_at', 'u.id as user_id', 'u.name', 'u.role'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function touchToken(q: Q, tokenId: string, now: number): Promise<void> {
  await q.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

/** The unexpired session with this hash, joined to its (active) user. */
export async function findActiveSession(q: Q, sessionHash: string, now: number) {
  return q
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 's.last_seen_at', 'u.id as user_id', 'u.name', 'u.role'])
    .where('s.id', '=', sessionHash)
    .where('s.expires_at', '>', now)
    .where('u.deactivated_at', 'is', null)
    .executeTakeFirst();
}

export async function touchSession(q: Q, sessionHash: string, now: number): Promise<void> {
  await q.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', sessionHash).execute();
}

export async function insertUser(q: Q, row: Insertable<UsersTable>): Promise<void> {
  await q.insertInto('users').values(row).execute();
}

export async function updateUser(q: Q, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await q.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function countUsers(q: Q): Promise<number> {
  const r = await q.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countActiveOwners(q: Q): Promise<number> {
  const r = await q
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'owner')
    .where('deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of users by name then id (limit + 1 rows: the extra says there is more); `q` matches name or email. */
export async function listUsers(q: Q, input: ListInput) {
  let query = q.selectFrom('users').selectAll().orderBy('name').orderBy('id').limit(input.limit + 1);
  if (input.after) query = query.where(afterKeySql(input.after));
  const text = input.q;
  if (text) query = query.where((eb) => eb.or([nameContainsSql(text), sql<SqlBool>`email like ${containsPattern(text)} escape '!'`]));
  return query.execute();
}

/** Which of these ids are users; for checking references (team members, service experts). */
export async function existingUserIds(q: Q, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q.selectFrom('users').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

// Sessions

export async function insertSession(q: Q, row: Insertable<SessionsTable>): Promise<void> {
  await q.insertInto('sessions').values(row).execute();
}

export async function deleteSession(q: Q, sessionHash: string): Promise<void> {
  await q.deleteFrom('sessions').where('id', '=', sessionHash).execute();
}

/** Ends the user's sessions, all of them or all but one (the one making the change). */
export async function deleteUserSessions(q: Q, userId: string, exceptSessionId?: string): Promise<void> {
  await q
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(exceptSessionId !== undefined, (qb) => qb.where('id', '<>', exceptSessionId!))
    .execute();
}

export async function deleteExpiredSessions(q: Q, userId: string, now: number): Promise<void> {
  await q.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
}

// API tokens

export async function insertToken(q: Q, row: Insertable<ApiTokensTable>): Promise<void> {
  await q.insertInto('api_tokens').values(row).execute();
}

export async function findTokenById(q: Q, id: string) {
  return q.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokensOf(q: Q, userId: string) {
  return q.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export async function revokeToken(q: Q, id: string, now: number): Promise<void> {
  await q.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeUserTokens(q: Q, userId: string, now: number): Promise<void> {
  await q.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

// Invitations (one per user: a new one replaces the old link)

export async function putInvitation(q: Q, row: InvitationsTable): Promise<void> {
  await q.deleteFrom('invitations').where('user_id', '=', row.user_id).execute();
  await q.insertInto('invitations').values(row).execute();
}

/** Invitations not yet used: whom, by whom, until when. */
export async function pendingInvitations(q: Q) {
  return q.selectFrom('invitations').select(['user_id', 'invited_by', 'created_at', 'expires_at']).orderBy('created_at', 'desc').execute();
}

/** The invitation with this hash (expired or not) and who it is for. */
export async function findInvitation(q: Q, tokenHash: string) {
  return q
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.user_id', 'i.expires_at', 'u.name', 'u.email', 'u.deactivated_at'])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Deletes the unexpired invitation with this hash; true when it did (the one-time claim). */
export async function claimInvitation(q: Q, tokenHash: string, now: number): Promise<boolean> {
  const r = await q.deleteFrom('invitations').where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// Settings (key/value)

export async function getSetting(q: Q, key: string): Promise<string | undefined> {
  const r = await q.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

/** Sets the value, replacing any: one upsert, so two instances starting at once both succeed (the later write wins). */
export async function putSetting(q: Q, key: string, value: string): Promise<void> {
  await q
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Deletes the setting only if it still has this value; true when it did (a one-time claim). */
export async function claimSetting(q: Q, key: string, value: string): Promise<boolean> {
  const r = await q.deleteFrom('settings').where('key', '=', key).where('value', '=', value).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function deleteSetting(q: Q, key: string): Promise<void> {
  await q.deleteFrom('settings').where('key', '=', key).execute();
}

/** Names by id (active or not: history keeps naming people who left). */
export async function namesOf(q: Q, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await USER_NAMES.all(q, { ids });
  return new Map(rows.map((r) => [r.id, r.name]));
}
const USER_NAMES = prepared((db, p: { ids: readonly string[] }) => db.selectFrom('users').select(['id', 'name']).where('id', 'in', p.ids));

/** Each user's IANA time zone (unknown ids are absent). */
export async function timeZonesOf(q: Q, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'time_zone']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.time_zone]));
}

export async function findActiveRef(q: Q, id: string): Promise<{ id: string; name: string } | undefined> {
  return q.selectFrom('users').select(['id', 'name']).where('id', '=', id).where('deactivated_at', 'is', null).executeTakeFirst();
}

// Sign-in attempts

/** Counts one attempt for `key` in the window and answers the window's count: one atomic upsert. */
export async function countSignInAttempt(q: Q, key: string, windowStart: number): Promise<number> {
  const row = await q
    .insertInto('signin_attempts')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('signin_attempts.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function forgetSignInAttempts(q: Q, before: number): Promise<void> {
  await q.deleteFrom('signin_attempts').where('window_start', '<', before).execute();
}
