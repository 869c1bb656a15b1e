import type { FastifyRequest } from 'fastify';
import type { App, Kernel } from '../core/module.js';
import { anonymousCtx, setSessionCookie } from './session-http.js';
import { Type } from 'typebox';
import { acceptInvitation, inviteUser, pendingInvitations, viewInvitation } from './invite-service.js';
import { AcceptInviteBody, InvitationSchema, InvitationView, InviteBody, InviteTokenParams, PendingInvitation, SessionAnswer } from './schemas.js';

const tags = ['users'];

/** Inviting a teammate (admins) and the public one-time link they open. */
export function inviteRoutes(app: App, deps: Kernel): void {
  const session = (req: FastifyRequest) => ({ ttlHours: deps.config.sessionTtlHours, userAgent: req.headers['user-agent'] ?? null });

  app.post(
    '/users/invitations',
    {
      config: { minRole: 'admin' },
      schema: {
        tags,
        summary: 'Invite a person: the answer holds their one-time link (7 days); a new invite replaces the old link',
        body: InviteBody,
        response: { 201: InvitationSchema },
        problems: [409],
      },
    },
    async (req, reply) => reply.code(201).send(await inviteUser(req.ctx, req.body, deps.config.publicUrl)),
  );

  app.get(
    '/users/invitations',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Invitations not used yet: who has not set a password', response: { 200: Type.Object({ items: Type.Array(PendingInvitation) }) } },
    },
    async (req) => ({ items: await pendingInvitations(req.ctx) }),
  );

  app.get(
    '/invitations/:token',
    {
      config: { public: true },
      schema: { tags, summary: 'Who an invitation link is for, and whether it still works', security: [], params: InviteTokenParams, response: { 200: InvitationView }, problems: [404] },
    },
    async (req) => viewInvitation(anonymousCtx(req, deps), req.params.token),
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Set your password with an invitation link (once) and sign in',
        security: [],
        params: InviteTokenParams,
        body: AcceptInviteBody,
        response: { 200: SessionAnswer },
        problems: [403],
      },
    },
    async (req, reply) => {
      const { user, session: s } = await acceptInvitation(anonymousCtx(req, deps), req.params.token, req.body.password, session(req));
      setSessionCookie(reply, deps, s);
      return { user, csrf_token: s.csrfToken };
    },
  );
}
