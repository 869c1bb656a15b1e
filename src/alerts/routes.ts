import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { IdParams } from '../users/schemas.js';
import { AlertListQuery, AlertSchema, NoiseQuery, NoiseReportSchema } from './schemas.js';
import { getAlert, listAlerts, noiseReport } from './service.js';

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

  app.get(
    '/reports/noise',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'The noise report: per source and alert class, alerts fired and acted on, and the candidates for removal',
        querystring: NoiseQuery,
        response: { 200: NoiseReportSchema },
      },
    },
    async (req) => noiseReport(req.ctx, req.query),
  );
}
