import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { IdParams, NoContent, Nullable, Time } from '../users/schemas.js';
import { createWindow, deleteWindow, listWindows } from './maintenance.js';

const tags = ['maintenance'];

const WindowSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  monitor_id: Nullable(Type.String()),
  service_id: Nullable(Type.String()),
  starts_at: Time,
  ends_at: Nullable(Time),
  duration_ms: Type.Integer(),
  rrule: Nullable(Type.String()),
  time_zone: Type.String(),
  created_at: Time,
  active: Type.Boolean(),
  next: Type.Array(Type.Object({ start: Time, end: Time }), { description: 'The next occurrences (at most 5)' }),
});

const NewWindow = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    monitor_id: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    service_id: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    starts_at: Type.String({ format: 'date-time', description: 'First start (RFC 3339)' }),
    ends_at: Type.Optional(Nullable(Type.String({ format: 'date-time', description: 'One-off: the end' }))),
    duration_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 44_640, description: 'Recurring: how long each occurrence lasts' }))),
    rrule: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'Recurring: an RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=SU' }))),
    time_zone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA zone the rule repeats in (default UTC)' })),
  },
  { additionalProperties: false },
);

export function maintenanceRoutes(app: App): void {
  app.get(
    '/maintenance-windows',
    {
      config: { minRole: 'viewer' },
      schema: { tags, summary: "Maintenance windows; a monitor's include its service's", querystring: Type.Object({ monitor_id: Type.Optional(Type.String({ maxLength: 100 })), service_id: Type.Optional(Type.String({ maxLength: 100 })) }), response: { 200: Type.Object({ items: Type.Array(WindowSchema) }) } },
    },
    async (req) => ({ items: await listWindows(req.ctx, req.query) }),
  );

  app.post(
    '/maintenance-windows',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Plan maintenance: checks go on, nothing opens or pages', body: NewWindow, response: { 201: WindowSchema } } },
    async (req, reply) => reply.code(201).send(await createWindow(req.ctx, req.body)),
  );

  app.delete(
    '/maintenance-windows/:id',
    { config: { minRole: 'responder' }, schema: { tags, summary: 'Cancel a maintenance window', params: IdParams, response: { 204: NoContent } } },
    async (req, reply) => {
      await deleteWindow(req.ctx, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
