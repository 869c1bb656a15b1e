import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { CreatedTokenSchema, IdParams, NewTokenBody, NoContent, TokenSchema } from './schemas.js';
import { createApiToken, listApiTokens, revokeApiToken } from './token-service.js';

const tags = ['tokens'];
const userIdOf = (actor: { kind: string; userId?: string }): string => actor.userId ?? '';

/** Your own API tokens: any signed-in person may hold them, so every route here is viewer. */
export function tokenRoutes(app: App): void {
  app.get(
    '/tokens',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'List your API tokens (never the secret)',
        response: { 200: Type.Object({ items: Type.Array(TokenSchema), next_cursor: Type.Null() }) },
      },
    },
    async (req) => ({ items: await listApiTokens(req.ctx, userIdOf(req.ctx.actor)), next_cursor: null }),
  );

  app.post(
    '/tokens',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'Create an API token; the secret is shown only in this answer', body: NewTokenBody, response: { 201: CreatedTokenSchema } },
    },
    async (req, reply) => {
      const created = await createApiToken(req.ctx, { userId: userIdOf(req.ctx.actor), name: req.body.name, expiresAt: req.body.expires_at ?? null });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: "Revoke an API token (yours, or anyone's for an admin)", params: IdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await revokeApiToken(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
