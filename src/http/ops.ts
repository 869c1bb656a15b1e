import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { App, AppDeps } from './deps.js';

/** Liveness, readiness and Prometheus metrics: what an operator's load balancer and scraper ask. */
export function registerOps(app: App, deps: AppDeps): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_' });
  const duration = new Histogram({
    name: 'tocsin_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const hidden = { schema: { hide: true }, config: { public: true } } as const;
  app.get('/healthz', hidden, async () => ({ status: 'ok' }));
  app.get('/readyz', hidden, async (_req, reply) => {
    try {
      await deps.db.ping();
      return { status: 'ok', database: deps.db.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.db.dialect, detail: 'database not reachable' });
    }
  });
  app.get('/metrics', hidden, async (_req, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
