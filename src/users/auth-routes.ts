import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { systemActor, type Ctx } from '../core/context.js';
import { RateLimitedError } from '../core/errors.js';
import { SESSION_COOKIE } from '../http/auth.js';
import type { App, Kernel } from '../core/module.js';
import { SessionAnswer, SetupBody, SignInBody, NoContent } from './schemas.js';
import { getUser } from './service.js';
import { csrfTokenOf, signIn, signOut, type SessionStart } from './session-service.js';
import { completeSetup, setupNeeded } from './setup.js';
import { tokenRoutes } from './token-routes.js';

const tags = ['auth'];

/** Context for the public routes that run before anyone is signed in. */
const anonymousCtx = (req: FastifyRequest, deps: Kernel): Ctx => ({
  actor: systemActor('anonymous'),
  requestId: req.id,
  log: req.log,
  clock: deps.clock,
  db: deps.db,
  bus: deps.bus,
});

function setSessionCookie(reply: FastifyReply, deps: Kernel, s: SessionStart): void {
  reply.setCookie(SESSION_COOKIE, s.secret, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: deps.config.cookieSecure,
    expires: new Date(s.expiresAt),
    maxAge: deps.config.sessionTtlHours * 3600,
  });
}

/**
 * Sign-in attempts are limited per client address and email, so guessing is slow. The address
 * is the socket's, not X-Forwarded-For (which a client can make up to dodge the limit); behind a
 * proxy that makes the limit per email, which still stops guessing.
 */
const signInLimit = (deps: Kernel) => ({
  max: deps.config.signInAttemptsPerMinute,
  timeWindow: 60_000,
  hook: 'preHandler' as const,
  keyGenerator: (req: FastifyRequest) => {
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return `${req.socket.remoteAddress ?? req.ip}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
  },
  errorResponseBuilder: (_req: FastifyRequest, c: { after: string; ttl: number }) =>
    new RateLimitedError(`Too many sign-in attempts; try again in ${c.after}`, Math.max(1, Math.ceil(c.ttl / 1000))),
});

export function authRoutes(app: App, deps: Kernel): void {
  const session = (req: FastifyRequest) => ({ ttlHours: deps.config.sessionTtlHours, userAgent: req.headers['user-agent'] ?? null });

  app.get(
    '/setup',
    {
      config: { public: true },
      schema: { tags, summary: 'Is first-run setup needed?', response: { 200: Type.Object({ needed: Type.Boolean() }) } },
    },
    async (req) => ({ needed: await setupNeeded(anonymousCtx(req, deps)) }),
  );

  app.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Create the owner account with the one-time setup token',
        security: [],
        body: SetupBody,
        response: { 201: SessionAnswer },
        problems: [403, 409],
      },
    },
    async (req, reply) => {
      const { user, session: s } = await completeSetup(anonymousCtx(req, deps), req.body, session(req));
      setSessionCookie(reply, deps, s);
      return reply.code(201).send({ user, csrf_token: s.csrfToken });
    },
  );

  app.post(
    '/auth/sign-in',
    {
      config: { public: true, rateLimit: signInLimit(deps) },
      schema: { tags, summary: 'Sign in with email and password', security: [], body: SignInBody, response: { 200: SessionAnswer }, problems: [401] },
    },
    async (req, reply) => {
      const { user, session: s } = await signIn(anonymousCtx(req, deps), { ...req.body, ...session(req) });
      setSessionCookie(reply, deps, s);
      return { user, csrf_token: s.csrfToken };
    },
  );

  app.post(
    '/auth/sign-out',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'End this session', response: { 204: NoContent } } },
    async (req, reply) => {
      await signOut(req.ctx, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: 'Who am I (and the CSRF token of this session)', response: { 200: SessionAnswer } } },
    async (req) => {
      const user = await getUser(req.ctx, req.ctx.actor.kind === 'user' ? req.ctx.actor.userId : '');
      const csrf = req.ctx.actor.kind === 'user' && req.ctx.actor.via === 'session' ? await csrfTokenOf(req.ctx, req.cookies[SESSION_COOKIE]) : null;
      return { user, csrf_token: csrf };
    },
  );

  tokenRoutes(app);
}
