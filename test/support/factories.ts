import { hash } from '@node-rs/argon2';
import type { Role } from '../../src/core/context.js';
import type { Database } from '../../src/core/db/index.js';
import { newId } from '../../src/core/ids.js';
import { hashSecret, newApiToken } from '../../src/core/secrets.js';
import * as contacts from '../../src/notify/contacts/store.js';

let seq = 0;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** Inserts a user directly (fixtures should not depend on the routes under test). */
export async function createUser(db: Database, opts: Partial<Omit<TestUser, 'id'>> & { at?: number } = {}): Promise<TestUser> {
  seq += 1;
  const role = opts.role ?? 'responder';
  const user: TestUser = {
    id: newId('usr'),
    email: opts.email ?? `${role}${seq}.${Math.random().toString(36).slice(2, 7)}@example.test`,
    name: opts.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${seq}`,
    role,
    password: opts.password ?? 'correct horse battery staple',
  };
  const at = opts.at ?? Date.now();
  await db.kysely
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email.toLowerCase(),
      name: user.name,
      role,
      time_zone: 'UTC',
      password_hash: await hash(user.password),
      created_at: at,
      updated_at: at,
      deactivated_at: null,
    })
    .execute();
  return user;
}

/** Inserts an API token for the user and returns the secret to send as a Bearer token. */
export async function createToken(db: Database, userId: string, opts: { expiresAt?: number; at?: number } = {}): Promise<string> {
  const token = newApiToken();
  await db.kysely
    .insertInto('api_tokens')
    .values({
      id: newId('tok'),
      user_id: userId,
      name: 'test',
      token_hash: hashSecret(token),
      prefix: token.slice(0, 12),
      created_at: opts.at ?? Date.now(),
      last_used_at: null,
      expires_at: opts.expiresAt ?? null,
      revoked_at: null,
    })
    .execute();
  return token;
}

/**
 * Makes a person reachable: a verified contact method (email by default) and notification rules
 * reaching it `delay` minutes into a page, for both urgencies. Answers the method's id.
 */
export async function makeReachable(db: Database, userId: string, o: { address: string; channel?: 'email' | 'sms'; delay?: number; at?: number }): Promise<string> {
  const now = o.at ?? Date.now();
  const id = newId('cm');
  await contacts.insertMethod(db.kysely, { id, user_id: userId, channel: o.channel ?? 'email', address: o.address, label: '', details: null, verified_at: now, verify_code_hash: null, verify_expires_at: null, verify_attempts: 0, verify_sent: 0, verify_sent_at: null, disabled_at: null, created_at: now, updated_at: now });
  await contacts.insertRules(db.kysely, (['high', 'low'] as const).map((urgency) => ({ id: newId('nr'), user_id: userId, contact_method_id: id, urgency, delay_minutes: o.delay ?? 0, created_at: now })));
  return id;
}
