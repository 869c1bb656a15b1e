import { makeCtx, roleAtLeast } from '../core/context.js';
import { ForbiddenError } from '../core/errors.js';
import type { Authenticator } from '../core/module.js';
import type { App, Kernel } from './deps.js';

export const SESSION_COOKIE = 'tocsin_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DOCS = '/api/v1/docs';

/**
 * Every route under /api/v1 needs a signed-in actor unless it is marked `config.public`.
 * Scripts send `Authorization: Bearer <token>`; the web app sends the session cookie and, on
 * writes, the session's CSRF token in `X-CSRF-Token` (a cross-site form cannot read it).
 * Who the credentials belong to is the users domain's business (the authenticator).
 */
export function registerAuth(app: App, kernel: Kernel, authenticator: Authenticator): void {
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    const url = req.routeOptions.url ?? '';
    // The API docs page shows the same document as the public /api/v1/openapi.json.
    if (config.public || !url.startsWith('/api/') || url === DOCS || url.startsWith(`${DOCS}/`)) return;
    const csrf = req.headers[CSRF_HEADER];
    const actor = await authenticator.authenticate(kernel, {
      authorization: req.headers.authorization,
      session: req.cookies[SESSION_COOKIE],
      csrf: typeof csrf === 'string' ? csrf : undefined,
      write: !SAFE_METHODS.has(req.method),
    });
    const need = config.minRole ?? (SAFE_METHODS.has(req.method) ? 'viewer' : 'responder');
    if (actor.kind !== 'user' || !roleAtLeast(actor.role, need)) {
      throw new ForbiddenError(`This needs the ${need} role or higher`);
    }
    req.ctx = makeCtx(kernel, actor, req.id, req.log);
  });
}
