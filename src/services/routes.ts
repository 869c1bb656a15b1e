import type { App } from '../core/module.js';
import { ListQuery, pageSchema } from '../core/lists.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { NewServiceBody, ServicePatchBody, ServiceSchema } from './schemas.js';
import { createService, deleteService, getService, listServices, updateService } from './service.js';

const tags = ['services'];

export function serviceRoutes(app: App): void {
  app.get(
    '/services',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'List the service catalog by name', querystring: ListQuery, response: { 200: pageSchema(ServiceSchema) } } },
    async (req) => listServices(req.ctx, req.query),
  );

  app.get(
    '/services/:id',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'One service', params: IdParams, response: { 200: ServiceSchema } } },
    async (req) => getService(req.ctx, req.params.id),
  );

  app.post(
    '/services',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Add a service to the catalog', body: NewServiceBody, response: { 201: ServiceSchema } } },
    async (req, reply) => reply.code(201).send(await createService(req.ctx, req.body)),
  );

  app.patch(
    '/services/:id',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Change a service; expert_ids and dependency_ids replace the sets', params: IdParams, body: ServicePatchBody, response: { 200: ServiceSchema } },
    },
    async (req) => updateService(req.ctx, req.params.id, req.body),
  );

  app.delete(
    '/services/:id',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Delete a service that no incident names', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteService(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
