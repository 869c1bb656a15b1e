import { Type } from 'typebox';
import { runner, systemActor, makeCtx, type Ctx } from '../core/context.js';
import { NotFoundError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { App, Kernel } from '../core/module.js';
import { recordOutcomes } from './evaluate.js';
import type { CheckOutcome, HeartbeatSpec } from './model.js';
import * as store from './store.js';
import type { MonitorsTable } from './tables.js';

// Heartbeats, Healthchecks.io-style: a job pings /ping/:uuid when it succeeds (GET, POST or
// HEAD), /ping/:uuid/start when it starts, /ping/:uuid/fail or /ping/:uuid/<exit code> when it
// ends. A ping is a check result at the server; a ping that does not come is one too (engine.ts).

const SERVER_LOCATION = { name: 'server', seq: 1 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Signal = 'success' | 'start' | 'fail' | number;

function signalOf(action: string | undefined): Signal | null {
  if (action === undefined || action === '') return 'success';
  if (action === 'start' || action === 'fail') return action;
  if (/^\d{1,3}$/.test(action) && Number(action) <= 255) return Number(action) === 0 ? 'success' : Number(action);
  return null;
}

/** Records one ping; answers false for an unknown or paused monitor (nothing stored). */
export async function ping(ctx: Ctx, uuid: string, signal: Signal, note: string): Promise<boolean> {
  const m = UUID.test(uuid) ? await store.findByHeartbeat(runner(ctx), uuid) : undefined;
  if (!m || m.paused) return false;
  await record(ctx, m, signal, note);
  return true;
}

/**
 * A success ping for the service's heartbeat monitors called `name` (Opsgenie's heartbeats are
 * named, not numbered); answers how many running ones it reached (paused ones are left alone).
 */
export async function pingByName(ctx: Ctx, serviceId: string, name: string): Promise<{ found: number; pinged: number }> {
  const monitors = await store.findHeartbeatsByName(runner(ctx), serviceId, name);
  const running = monitors.filter((m) => !m.paused);
  if (running.length) await recordOutcomes(ctx, running.map((m) => result(m, ctx.clock.now().getTime(), UP)));
  return { found: monitors.length, pinged: running.length };
}

const UP: CheckOutcome = { status: 'up', latency_ms: 0, failure: null, message: null };

/** A ping as the check result of its monitor at the server. */
const result = (m: MonitorsTable, at: number, outcome: CheckOutcome) => ({ monitor_id: m.id, monitor_seq: m.seq, location: SERVER_LOCATION.name, location_seq: SERVER_LOCATION.seq, at, outcome });

async function record(ctx: Ctx, m: MonitorsTable, signal: Signal, note: string): Promise<void> {
  const now = ctx.clock.now().getTime();
  if (signal === 'start') {
    await store.insertEvent(ctx.db.kysely, { id: newId('mev'), monitor_id: m.id, location: 'server', at: now, kind: 'started', message: note });
    return;
  }
  const outcome: CheckOutcome =
    signal === 'success'
      ? UP
      : { status: 'down', latency_ms: 0, failure: 'heartbeat_failed', message: (typeof signal === 'number' ? `exit code ${signal}` : 'the job reported failure') + (note ? `: ${note}` : '') };
  await recordOutcomes(ctx, [result(m, now, outcome)]);
}

/** A heartbeat is late once its period and grace have passed since the last result (or since it was made). */
export function lateSince(spec: HeartbeatSpec, lastResultAt: number | null, createdAt: number): number {
  return (lastResultAt ?? createdAt) + (spec.period_s + spec.grace_s) * 1000;
}

export function registerHeartbeatRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    // Jobs ping with whatever curl sends (form-encoded, text, JSON, nothing): any body is a note.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 100_000 }, (_req, body, done) => done(null, body));
    for (const url of ['/ping/:uuid', '/ping/:uuid/:action']) {
      scope.route<{ Params: { uuid: string; action?: string } }>({
        method: ['GET', 'POST'], // HEAD comes with GET
        url,
        schema: {
          tags: ['heartbeats'],
          summary: url.endsWith('action') ? 'A job started (/start), failed (/fail) or ended with an exit code (/0 = success)' : 'A job succeeded',
          description: 'Healthchecks.io-style: any method, any body (the first 200 characters are kept as a note). No authentication: the uuid is the secret.',
          security: [],
          params: Type.Object({ uuid: Type.String({ maxLength: 100 }), ...(url.endsWith('action') ? { action: Type.String({ maxLength: 10, description: 'start, fail, or an exit code 0-255' }) } : {}) }),
          response: { 200: { description: 'Recorded', content: { 'text/plain': { schema: Type.String({ description: 'OK' }) } } } },
        },
        config: { public: true },
        handler: async (req, reply) => {
          const signal = signalOf(req.params.action);
          if (signal === null) throw new NotFoundError('Heartbeat action', `${req.params.action} (use start, fail or an exit code 0-255)`);
          const note = typeof req.body === 'string' ? req.body.slice(0, 200).replace(/\s+/g, ' ').trim() : '';
          const ctx = makeCtx(kernel, systemActor('heartbeat'), req.id, req.log);
          const known = await ping(ctx, req.params.uuid.toLowerCase(), signal, note);
          if (!known) throw new NotFoundError('Heartbeat monitor', req.params.uuid);
          return reply.code(200).type('text/plain; charset=utf-8').send('OK\n');
        },
      });
    }
  });
}
