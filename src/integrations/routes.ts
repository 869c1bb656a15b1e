import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { ValidationError } from '../core/errors.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { parseChangeEvent } from './pagerduty.js';
import { ChangeEventSchema, ChangeListQuery, CreatedKeySchema, IntegrationKeySchema, KeyParams, NewChangeBody, NewKeyBody, SeverityMapBody, SeverityMapSchema } from './schemas.js';
import { suppressionRoutes } from './suppression-routes.js';
import { createKey, getSeverityMap, incidentChanges, listKeys, listServiceChanges, postChange, revokeKey, setSeverityMap } from './service.js';

const tags = ['integrations'];

/** Integration keys per service (admins make and revoke them) and change events under /api/v1. */
export function integrationRoutes(app: App, kernel: Kernel): void {
  suppressionRoutes(app);

  app.get(
    '/services/:id/integration-keys',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'The service’s integration keys (the keys themselves are never shown again)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(IntegrationKeySchema) }) } } },
    async (req) => ({ items: await listKeys(req.ctx, req.params.id) }),
  );

  app.post(
    '/services/:id/integration-keys',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Make an integration key; the answer shows the key once, with the URL to paste into the sender', params: IdParams, body: NewKeyBody, response: { 201: CreatedKeySchema } },
    },
    async (req, reply) => reply.code(201).send(await createKey(req.ctx, req.params.id, req.body, kernel.config.publicUrl)),
  );

  app.delete(
    '/services/:id/integration-keys/:keyId',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Revoke an integration key: its events are refused from now on', params: KeyParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await revokeKey(req.ctx, req.params.id, req.params.keyId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/services/:id/severity-map',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'How alert severities become incident severities on this service', params: IdParams, response: { 200: SeverityMapSchema } } },
    async (req) => getSeverityMap(req.ctx, req.params.id),
  );

  app.put(
    '/services/:id/severity-map',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Set the service’s severity map; severities left out keep their defaults', params: IdParams, body: SeverityMapBody, response: { 200: SeverityMapSchema } },
    },
    async (req) => setSeverityMap(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/services/:id/changes',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Changes (deploys) on the service, newest first', params: IdParams, querystring: ChangeListQuery, response: { 200: Type.Object({ items: Type.Array(ChangeEventSchema) }) } } },
    async (req) => ({ items: await listServiceChanges(req.ctx, req.params.id, req.query.limit ?? 50) }),
  );

  app.get(
    '/incidents/:id/changes',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Changes on the incident’s services and their dependencies: in the 6 hours before it started (the probable causes), and while it lasted',
        params: IdParams,
        response: {
          200: Type.Object({
            since: Type.String({ format: 'date-time' }),
            until: Type.String({ format: 'date-time', description: 'When the incident started: `items` are the changes from `since` to here, newest first' }),
            items: Type.Array(ChangeEventSchema),
            during: Type.Object(
              {
                until: Type.String({ format: 'date-time', description: 'When it was resolved, or now while it is not' }),
                items: Type.Array(ChangeEventSchema),
              },
              { description: 'Changes after it started, until it was resolved (a rollback, a fix), newest first' },
            ),
          }),
        },
      },
    },
    async (req) => incidentChanges(req.ctx, req.params.id),
  );

  app.post(
    '/changes',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Record a change (a deploy) on a service, e.g. from a CI pipeline; 404 for an unknown service', body: NewChangeBody, problems: [404], response: { 201: ChangeEventSchema } } },
    async (req, reply) => {
      const { service, links, ...payload } = req.body;
      const parsed = parseChangeEvent({ payload, links });
      if (!parsed.ok) throw new ValidationError(parsed.errors.join('; '), 'body');
      return reply.code(201).send(await postChange(req.ctx, service, parsed.value));
    },
  );
}
