import { Type } from 'typebox';
import type { App } from '../core/module.js';
import { NoContent, Nullable, Time } from '../users/schemas.js';
import { SILENT_AFTER_MS } from './evaluate.js';
import { addLocation, listLocations, removeLocation } from './locations.js';
import type { MonitorRunner } from './runner.js';

const tags = ['monitors'];
const LocationSchema = Type.Object({
  name: Type.String(),
  kind: Type.Enum(['server', 'probe'], { type: 'string' }),
  last_seen_at: Nullable(Time),
  silent: Type.Boolean({ description: 'A probe that has not reported lately: its results stop counting and it is flagged' }),
});

const SchedulerSchema = Type.Object({
  behind: Type.Boolean({ description: 'Check lag p99 over a second, or a slot missed in the last minute' }),
  message: Nullable(Type.String()),
  monitors: Type.Integer({ description: 'Monitors this instance checks' }),
  instances: Type.Integer({ description: 'Instances sharing the server location' }),
  in_flight: Type.Integer(),
  lag_p50_ms: Nullable(Type.Number()),
  lag_p99_ms: Nullable(Type.Number()),
  lag_max_ms: Nullable(Type.Number()),
  missed_total: Type.Integer(),
});

/** `timeScale`: tests only (TOCSIN_MONITOR_TIME_SCALE), a probe is silent that much sooner. */
export function locationRoutes(app: App, runner: () => MonitorRunner | undefined, timeScale = 1): void {
  app.get(
    '/monitor-locations',
    { config: { minRole: 'viewer' }, schema: { tags, summary: 'Where checks run from: the server and probes', response: { 200: Type.Object({ items: Type.Array(LocationSchema) }) } } },
    async (req) => ({ items: await listLocations(req.ctx, SILENT_AFTER_MS / timeScale) }),
  );

  app.post(
    '/monitor-locations',
    {
      config: { minRole: 'admin' },
      schema: { tags, summary: 'Add a probe location; its token is shown once', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }), response: { 201: Type.Object({ ...LocationSchema.properties, token: Type.String({ description: 'Shown this once' }) }) } },
    },
    async (req, reply) => reply.code(201).send(await addLocation(req.ctx, req.body.name)),
  );

  app.delete(
    '/monitor-locations/:name',
    { config: { minRole: 'admin' }, schema: { tags, summary: 'Remove a probe location (its token stops working)', params: Type.Object({ name: Type.String({ maxLength: 40 }) }), response: { 204: NoContent } } },
    async (req, reply) => {
      await removeLocation(req.ctx, req.params.name);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/monitors/scheduler',
    { config: { minRole: 'viewer' }, schema: { tags, summary: "This instance's check scheduler: is it keeping up?", response: { 200: SchedulerSchema } } },
    async () => {
      const s = runner()?.stats();
      if (!s) return { behind: false, message: 'checks do not run in this instance', monitors: 0, instances: 0, in_flight: 0, lag_p50_ms: null, lag_p99_ms: null, lag_max_ms: null, missed_total: 0 };
      const message = s.behind ? `Checks are running late: start lag p99 ${Math.round(s.lag.p99 ?? 0)} ms, ${s.missedTotal} slot(s) missed so far. Add instances or raise TOCSIN_MONITOR_MAX_IN_FLIGHT.` : null;
      return { behind: s.behind, message, monitors: s.monitors, instances: s.peers, in_flight: s.inFlight, lag_p50_ms: s.lag.p50, lag_p99_ms: s.lag.p99, lag_max_ms: s.lag.max, missed_total: s.missedTotal };
    },
  );
}
