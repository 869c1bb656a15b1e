import type { App } from '../core/module.js';
import { ListQuery, pageSchema } from '../core/lists.js';
import { IdParams, NewUserBody, NoContent, UserPatchBody, UserSchema } from './schemas.js';
import { createUser, deactivateUser, getUser, listUsers, reactivateUser, updateUser } from './service.js';

const tags = ['users'];

export function userRoutes(app: App): void {
  app.get(
    '/users',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'List users by name; q matches the name or the email', querystring: ListQuery, response: { 200: pageSchema(UserSchema) } },
    },
    async (req) => listUsers(req.ctx, req.query),
  );

  app.get(
    '/users/:id',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserSchema } } },
    async (req) => getUser(req.ctx, req.params.id),
  );

  app.post(
    '/users',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Create a user (only an owner creates owners)', body: NewUserBody, response: { 201: UserSchema } },
    },
    async (req, reply) => reply.code(201).send(await createUser(req.ctx, req.body)),
  );

  // Viewer: people edit their own name, time zone and password; the service checks the rest.
  app.patch(
    '/users/:id',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Change a user (admins), or your own name, time zone and password',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserSchema },
      },
    },
    async (req) => updateUser(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/users/:id',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Deactivate a user: ends sessions, revokes tokens', params: IdParams, response: { 204: NoContent } },
    },
    async (req, reply) => {
      await deactivateUser(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/reactivate',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Reactivate a deactivated user (tokens revoked earlier stay revoked)', params: IdParams, response: { 200: UserSchema } },
    },
    async (req) => reactivateUser(req.ctx, req.params.id),
  );
}
