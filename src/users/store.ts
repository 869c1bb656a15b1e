import type { Q } from '../core/db/index.js';

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
