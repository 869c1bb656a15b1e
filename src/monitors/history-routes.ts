import { Type } from 'typebox';
import { ValidationError } from '../core/errors.js';
import type { App } from '../core/module.js';
import { IdParams, Nullable, Time } from '../users/schemas.js';
import { monitorEvents, monitorHistory, monitorResults, monitorUptime, uptimeBars } from './history.js';
import { MonitorEventSchema, RangeQuery, ResultSchema } from './schemas.js';

const tags = ['monitors'];
const Ms = Nullable(Type.Integer());

const UptimeSchema = Type.Object({
  from: Time,
  to: Time,
  uptime_pct: Nullable(Type.Number({ description: '(up + degraded) / known time; maintenance and unknown time left out' })),
  up_ms: Type.Integer(),
  degraded_ms: Type.Integer(),
  down_ms: Type.Integer(),
  unknown_ms: Type.Integer({ description: 'Time nobody was checking (Tocsin or its probe not running)' }),
  maintenance_ms: Type.Integer(),
  locations: Type.Array(Type.Object({ location: Type.String(), count: Type.Integer(), p50_ms: Ms, p95_ms: Ms, p99_ms: Ms })),
});

const HistorySchema = Type.Object({
  bucket_ms: Type.Integer(),
  items: Type.Array(
    Type.Object({
      start: Time,
      location: Type.String(),
      count: Type.Integer(),
      up: Type.Integer(),
      degraded: Type.Integer(),
      down: Type.Integer(),
      uptime_pct: Nullable(Type.Number()),
      p50_ms: Ms,
      p95_ms: Ms,
      p99_ms: Ms,
      max_ms: Ms,
    }),
  ),
});

const BarsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      days: Type.Array(Type.Object({ start: Time, uptime_pct: Nullable(Type.Number()), down_ms: Type.Integer(), maintenance: Type.Boolean() })),
    }),
  ),
});

export function historyRoutes(app: App): void {
  app.get(
    '/monitors/uptime-bars',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'One uptime bar per day for each monitor asked for (the list page)',
        querystring: Type.Object({ ids: Type.String({ maxLength: 5000, description: 'Comma-separated monitor ids, at most 100' }), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 90 })) }),
        response: { 200: BarsSchema },
      },
    },
    async (req) => {
      const ids = [...new Set(req.query.ids.split(',').map((s) => s.trim()).filter(Boolean))];
      if (ids.length === 0 || ids.length > 100) throw new ValidationError('ids: give from 1 to 100 monitor ids, separated by commas', 'ids');
      return uptimeBars(req.ctx, ids, req.query.days ?? 90);
    },
  );

  app.get(
    '/monitors/:id/results',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Raw check results, oldest first (at most 10,000)', params: IdParams, querystring: RangeQuery, response: { 200: Type.Object({ items: Type.Array(ResultSchema) }) } } },
    async (req) => ({ items: await monitorResults(req.ctx, req.params.id, req.query) }),
  );

  app.get(
    '/monitors/:id/uptime',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Uptime over a range, without maintenance, and response-time percentiles per location', params: IdParams, querystring: RangeQuery, response: { 200: UptimeSchema } } },
    async (req) => monitorUptime(req.ctx, req.params.id, req.query),
  );

  app.get(
    '/monitors/:id/history',
    {
      config: { minRole: 'viewer' },
      schema: {
        tags,
        summary: 'Per-minute, per-hour or per-day buckets per location (charts)',
        params: IdParams,
        querystring: Type.Object({ ...RangeQuery.properties, bucket: Type.Optional(Type.Enum(['minute', 'hour', 'day'], { type: 'string' })) }),
        response: { 200: HistorySchema },
      },
    },
    async (req) => monitorHistory(req.ctx, req.params.id, req.query),
  );

  app.get(
    '/monitors/:id/events',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'State changes, alerts, pauses and maintenance, newest first', params: IdParams, querystring: RangeQuery, response: { 200: Type.Object({ items: Type.Array(MonitorEventSchema) }) } } },
    async (req) => monitorEvents(req.ctx, req.params.id, req.query),
  );
}
