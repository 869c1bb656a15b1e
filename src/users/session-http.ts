import type { FastifyReply, FastifyRequest } from 'fastify';
import { systemActor, type Ctx } from '../core/context.js';
import type { Kernel } from '../core/module.js';
import { SESSION_COOKIE } from '../http/auth.js';
import type { SessionStart } from './session-service.js';

// What the public routes that start a session share: an anonymous context and the cookie.

/** Context for the public routes that run before anyone is signed in. */
export const anonymousCtx = (req: FastifyRequest, deps: Kernel): Ctx => ({
  actor: systemActor('anonymous'),
  requestId: req.id,
  log: req.log,
  clock: deps.clock,
  db: deps.db,
  bus: deps.bus,
});

export function setSessionCookie(reply: FastifyReply, deps: Kernel, s: SessionStart): void {
  reply.setCookie(SESSION_COOKIE, s.secret, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.config.cookieSecure,
    expires: new Date(s.expiresAt),
    maxAge: deps.config.sessionTtlHours * 3600,
  });
}
