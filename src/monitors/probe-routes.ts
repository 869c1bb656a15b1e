import { Type, type Static } from 'typebox';
import { makeCtx, runner as q, systemActor } from '../core/context.js';
import type { App, Kernel } from '../core/module.js';
import { recordOutcomes, toState } from './evaluate.js';
import { probeOf } from './locations.js';
import { confirmationOf, FAILURE_KINDS, locationsOf } from './model.js';
import * as store from './store.js';

// What a `tocsin probe` agent talks to. Its token can do nothing else: fetch the monitors its
// location checks and report their results. Results come in batches (also the ones it buffered
// on disk while the server was away); a slot already recorded is ignored, so a resend is harmless.

const ProbeResult = Type.Object(
  {
    monitor_id: Type.String({ maxLength: 100 }),
    at: Type.Integer({ description: "The slot's due time, epoch ms" }),
    status: Type.Enum(['up', 'degraded', 'down'], { type: 'string' }),
    failure: Type.Union([Type.Enum([...FAILURE_KINDS], { type: 'string' }), Type.Null()]),
    latency_ms: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
    message: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  },
  { additionalProperties: false },
);
const ResultsBody = Type.Object({ results: Type.Array(ProbeResult, { maxItems: 5000 }) }, { additionalProperties: false });

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

declare module 'fastify' {
  interface FastifyRequest {
    probeLocation?: { name: string; seq: number };
  }
}

export function registerProbeRoutes(app: App, kernel: Kernel): void {
  void app.register(async (scope) => {
    // The token first: a request without one learns nothing, not even whether its body was valid.
    scope.addHook('onRequest', async (req, reply) => {
      const ctx = makeCtx(kernel, systemActor('probe'), req.id, req.log);
      const loc = await probeOf(ctx, bearer(req.headers.authorization));
      if (!loc) {
        const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'A probe token is needed (tocsin probe --token)', code: 'unauthorized' };
        return reply.code(401).type('application/problem+json').send(problem);
      }
      req.probeLocation = loc;
    });

    scope.get('/probe/v1/assignments', { schema: { hide: true } }, async (req) => {
      const loc = req.probeLocation!;
      const ctx = makeCtx(kernel, systemActor(`probe ${loc.name}`), req.id, req.log);
      const monitors = (await store.listActive(q(ctx))).filter((m) => locationsOf(JSON.parse(m.locations) as string[], [loc.name]).length > 0);
      // A confirmation under way at this location: a probe that restarted takes it up from here.
      const unconfirmed = new Map((await store.unconfirmedAt(q(ctx), loc.name)).map((r) => [r.monitor_id, r]));
      return {
        location: loc.name,
        monitors: monitors.map((m) => {
          const { failures_to_down, recheck_s } = confirmationOf(m.confirmation);
          const u = unconfirmed.get(m.id);
          const confirming = u ? { confirming: toState(u) } : {};
          return { id: m.id, seq: m.seq, interval_s: m.interval_s, timeout_ms: m.timeout_ms, version: Number(m.updated_at), spec: JSON.parse(m.spec) as unknown, confirmation: { failures_to_down, recheck_s }, ...confirming };
        }),
      };
    });

    scope.post<{ Body: Static<typeof ResultsBody> }>('/probe/v1/results', { schema: { hide: true, body: ResultsBody }, bodyLimit: 4 * 1024 * 1024 }, async (req) => {
      const loc = req.probeLocation!;
      const ctx = makeCtx(kernel, systemActor(`probe ${loc.name}`), req.id, req.log);
      const now = ctx.clock.now().getTime();
      const known = new Map((await store.monitorsByIds(q(ctx), [...new Set(req.body.results.map((r) => r.monitor_id))])).map((m) => [m.id, m.seq]));
      // A result from the future is a probe with a wrong clock: refused rather than stored out of order.
      const batch = req.body.results
        .filter((r) => known.has(r.monitor_id) && r.at <= now + 60_000)
        .map((r) => ({
          monitor_id: r.monitor_id,
          monitor_seq: known.get(r.monitor_id)!,
          location: loc.name,
          location_seq: loc.seq,
          at: r.at,
          outcome: { status: r.status as 'up' | 'degraded' | 'down', failure: r.failure as (typeof FAILURE_KINDS)[number] | null, latency_ms: r.latency_ms, message: r.message },
        }));
      const { stored } = await recordOutcomes(ctx, batch);
      return { received: req.body.results.length, stored, ignored: req.body.results.length - batch.length };
    });
  });
}
