import type { Actor } from '../core/context.js';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';
import type { Authenticator, Credentials, Kernel } from '../core/module.js';
import { hashSecret, sameSecret } from '../core/secrets.js';
import * as store from './store.js';

// Last-used stamps are for people reading token lists; a minute's precision spares a write per request.
const TOUCH_EVERY_MS = 60_000;

/** Authentication as a users use case: an API token or a session cookie becomes an actor. */
export const authenticator: Authenticator = {
  authenticate: (kernel, creds) => (creds.authorization !== undefined ? byToken(kernel, creds.authorization) : bySession(kernel, creds)),
};

async function byToken(kernel: Kernel, header: string): Promise<Actor> {
  const now = kernel.clock.now().getTime();
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw new UnauthorizedError('The Authorization header must be "Bearer <token>"');
  const row = await store.findActiveToken(kernel.db.kysely, hashSecret(m[1]!), now);
  if (!row) throw new UnauthorizedError('The API token is unknown, expired or revoked');
  if (row.last_used_at === null || now - row.last_used_at > TOUCH_EVERY_MS) await store.touchToken(kernel.db.kysely, row.token_id, now);
  return { kind: 'user', userId: row.user_id, name: row.name, role: row.role, via: 'token', tokenId: row.token_id };
}

async function bySession(kernel: Kernel, creds: Credentials): Promise<Actor> {
  const now = kernel.clock.now().getTime();
  if (!creds.session) throw new UnauthorizedError('Sign in, or send an API token as "Authorization: Bearer <token>"');
  const session = await store.findActiveSession(kernel.db.kysely, hashSecret(creds.session), now);
  if (!session) throw new UnauthorizedError('Your session has expired; sign in again');
  if (creds.write && (creds.csrf === undefined || !sameSecret(creds.csrf, session.csrf_token))) {
    throw new ForbiddenError('Missing or wrong x-csrf-token header for a cookie-authenticated change');
  }
  if (now - session.last_seen_at > TOUCH_EVERY_MS) await store.touchSession(kernel.db.kysely, session.session_id, now);
  return { kind: 'user', userId: session.user_id, name: session.name, role: session.role, via: 'session', sessionId: session.session_id };
}
