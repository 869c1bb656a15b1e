import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { IdParams } from '../users/schemas.js';
import { AlertListQuery, AlertSchema } from './schemas.js';
import { getAlert, listAlerts } from './service.js';

const tags = ['alerts'];

export function alertRoutes(app: App): void {
  app.get(
    '/alerts',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: 'Alerts, newest first; filter by status, incident or what raised them', querystring: AlertListQuery, response: { 200: Type.Object({ items: Type.Array(AlertSchema) }) } },
    },
    async (req) => ({ items: await listAlerts(req.ctx, req.query) }),
  );

  app.get(
    '/alerts/:id',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'One alert', params: IdParams, response: { 200: AlertSchema } } },
    async (req) => getAlert(req.ctx, req.params.id),
  );
}
