import { hash } from '@node-rs/argon2';
import type { Role } from '../../src/core/context.js';
import type { Database } from '../../src/core/db/index.js';
import { newId } from '../../src/core/ids.js';
import { hashSecret, newApiToken } from '../../src/core/secrets.js';

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
