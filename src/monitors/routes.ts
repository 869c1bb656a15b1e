import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { pageSchema } from '../core/lists.js';
import { IdParams, NoContent } from '../users/schemas.js';
import { MonitorListQuery, MonitorPatchBody, MonitorSchema, NewMonitorBody } from './schemas.js';
import { createMonitor, deleteMonitor, getMonitor, listMonitors, monitorCounts, setPaused, updateMonitor } from './service.js';

const tags = ['monitors'];
const Counts = Type.Object({ up: Type.Integer(), degraded: Type.Integer(), down: Type.Integer(), unknown: Type.Integer(), paused: Type.Integer() });

export function monitorRoutes(app: App): void {
  app.get(
    '/monitors',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Monitors by name, with their state at each location', querystring: MonitorListQuery, response: { 200: pageSchema(MonitorSchema) } } },
    async (req) => listMonitors(req.ctx, req.query),
  );

  app.get(
    '/monitors/counts',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'How many monitors are up, degraded, down, unknown and paused', response: { 200: Counts } } },
    async (req) => monitorCounts(req.ctx),
  );

  app.post(
    '/monitors',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Add a monitor; it checks from its next slot', body: NewMonitorBody, response: { 201: MonitorSchema } } },
    async (req, reply) => reply.code(201).send(await createMonitor(req.ctx, req.body)),
  );

  app.get(
    '/monitors/:id',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'One monitor', params: IdParams, response: { 200: MonitorSchema } } },
    async (req) => getMonitor(req.ctx, req.params.id),
  );

  app.patch(
    '/monitors/:id',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Change a monitor (its type stays)', params: IdParams, body: MonitorPatchBody, response: { 200: MonitorSchema } } },
    async (req) => updateMonitor(req.ctx, req.params.id, req.body),
  );

  for (const [action, paused] of [['pause', true], ['resume', false]] as const) {
    app.post(
      `/monitors/:id/${action}`,
      { config: { minRole: 'responder' }, schema: { tags, summary: paused ? 'Stop checking' : 'Check again', params: IdParams, response: { 200: MonitorSchema } } },
      async (req) => setPaused(req.ctx, req.params.id, paused),
    );
  }

  app.delete(
    '/monitors/:id',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Delete a monitor and its history', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteMonitor(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
