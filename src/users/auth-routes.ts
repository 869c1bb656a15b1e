import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../http/auth.js';
import type { App, Kernel } from '../core/module.js';
import { anonymousCtx, setSessionCookie } from './session-http.js';
import { SessionAnswer, SetupBody, SignInBody, NoContent } from './schemas.js';
import { getUser } from './service.js';
import { csrfTokenOf, signIn, signOut } from './session-service.js';
import { completeSetup, setupNeeded } from './setup.js';
import { throttleSignIn } from './signin-limit.js';
import { inviteRoutes } from './invite-routes.js';
import { tokenRoutes } from './token-routes.js';

const tags = ['auth'];

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
      config: { public: true },
      schema: { tags, summary: 'Sign in with email and password', security: [], body: SignInBody, response: { 200: SessionAnswer }, problems: [401, 429] },
    },
    async (req, reply) => {
      const ctx = anonymousCtx(req, deps);
      // The socket's address unless a trusted proxy says who the client is (TOCSIN_TRUST_PROXY).
      const client = deps.config.trustProxy ? req.ip : (req.socket.remoteAddress ?? req.ip);
      await throttleSignIn(ctx, client, req.body.email.trim().toLowerCase(), {
        perEmail: deps.config.signInAttemptsPerMinute,
        perClient: deps.config.signInAttemptsPerClientPerMinute,
      });
      const { user, session: s } = await signIn(ctx, { ...req.body, ...session(req) });
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
  inviteRoutes(app, deps);
}
