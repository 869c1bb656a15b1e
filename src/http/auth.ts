import type { FastifyRequest } from 'fastify';
import { roleAtLeast, type Actor } from '../core/context.js';
import { ForbiddenError, UnauthorizedError } from '../core/errors.js';
import { hashSecret, sameSecret } from '../core/secrets.js';
import * as users from '../users/store.js';
import type { App, AppDeps } from './deps.js';

export const SESSION_COOKIE = 'tocsin_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DOCS = '/api/v1/docs';
// Last-used stamps are for people reading token lists; a minute's precision spares a write per request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Every route under /api/v1 needs a signed-in actor unless it is marked `config.public`.
 * Scripts send `Authorization: Bearer <token>`; the web app sends the session cookie and, on
 * writes, the session's CSRF token in `X-CSRF-Token` (a cross-site form cannot read it).
 */
export function registerAuth(app: App, deps: AppDeps): void {
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    const url = req.routeOptions.url ?? '';
    // The API docs page shows the same document as the public /api/v1/openapi.json.
    if (config.public || !url.startsWith('/api/') || url === DOCS || url.startsWith(`${DOCS}/`)) return;
    const actor = await authenticate(req, deps);
    const need = config.minRole ?? (SAFE_METHODS.has(req.method) ? 'viewer' : 'responder');
    if (actor.kind !== 'user' || !roleAtLeast(actor.role, need)) {
      throw new ForbiddenError(`This needs the ${need} role or higher`);
    }
    req.ctx = { actor, requestId: req.id, log: req.log, clock: deps.clock, db: deps.db, bus: deps.bus };
  });
}

async function authenticate(req: FastifyRequest, deps: AppDeps): Promise<Actor> {
  const now = deps.clock.now().getTime();
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new UnauthorizedError('The Authorization header must be "Bearer <token>"');
    const row = await users.findActiveToken(deps.db.kysely, hashSecret(m[1]!), now);
    if (!row) throw new UnauthorizedError('The API token is unknown, expired or revoked');
    if (row.last_used_at === null || now - row.last_used_at > TOUCH_EVERY_MS) {
      await users.touchToken(deps.db.kysely, row.token_id, now);
    }
    return { kind: 'user', userId: row.user_id, name: row.name, role: row.role, via: 'token', tokenId: row.token_id };
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) throw new UnauthorizedError('Sign in, or send an API token as "Authorization: Bearer <token>"');
  const session = await users.findActiveSession(deps.db.kysely, hashSecret(cookie), now);
  if (!session) throw new UnauthorizedError('Your session has expired; sign in again');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrf_token)) {
      throw new ForbiddenError(`Missing or wrong ${CSRF_HEADER} header for a cookie-authenticated change`);
    }
  }
  if (now - session.last_seen_at > TOUCH_EVERY_MS) await users.touchSession(deps.db.kysely, session.session_id, now);
  return { kind: 'user', userId: session.user_id, name: session.name, role: session.role, via: 'session', sessionId: session.session_id };
}
