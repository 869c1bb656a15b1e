import type { App } from '../core/module.js';
import { ListQuery, pageSchema } from '../core/lists.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { NewTeamBody, TeamPatchBody, TeamSchema } from './schemas.js';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './service.js';

const tags = ['teams'];

export function teamRoutes(app: App): void {
  app.get(
    '/teams',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'List teams by name', querystring: ListQuery, response: { 200: pageSchema(TeamSchema) } } },
    async (req) => listTeams(req.ctx, req.query),
  );

  app.get(
    '/teams/:id',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'One team', params: IdParams, response: { 200: TeamSchema } } },
    async (req) => getTeam(req.ctx, req.params.id),
  );

  app.post(
    '/teams',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Create a team', body: NewTeamBody, response: { 201: TeamSchema } } },
    async (req, reply) => reply.code(201).send(await createTeam(req.ctx, req.body)),
  );

  app.patch(
    '/teams/:id',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Change a team; member_ids replaces the members', params: IdParams, body: TeamPatchBody, response: { 200: TeamSchema } },
    },
    async (req) => updateTeam(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/teams/:id',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Delete a team (its services lose their owner team)', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteTeam(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
