import type { App } from '../core/module.js';
import { IdParams } from '../users/schemas.js';
import { AlertListQuery, AlertPage, AlertSchema, AlertSettingsBody, AlertSettingsSchema, NoiseQuery, NoiseReportSchema } from './schemas.js';
import { getAlert, getAlertSettings, listAlerts, noiseReport, setAlertSettings } from './service.js';

const tags = ['alerts'];

export function alertRoutes(app: App): void {
  app.get(
    '/alerts',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Alerts, newest first, a page at a time (`cursor`); filter by status, incident or what raised them; with `incident_id`, the incident’s totals',
        querystring: AlertListQuery,
        response: { 200: AlertPage },
      },
    },
    async (req) => listAlerts(req.ctx, req.query),
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

  app.get(
    '/services/:id/alert-settings',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'How the service’s alerts group into incidents, and what their last one resolving does', params: IdParams, response: { 200: AlertSettingsSchema } } },
    async (req) => getAlertSettings(req.ctx, req.params.id),
  );

  app.put(
    '/services/:id/alert-settings',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Change the service’s alert settings; fields left out keep their values', params: IdParams, body: AlertSettingsBody, response: { 200: AlertSettingsSchema } },
    },
    async (req) => setAlertSettings(req.ctx, req.params.id, req.body),
  );
}
