import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { countJobs } from '../core/engine/index.js';
import { fillGauge } from '../core/metrics.js';
import type { DomainModule } from '../core/module.js';
import type { App, Kernel } from './deps.js';

// A job pending this long past its due time means the engine is not keeping up (or not running).
const OVERDUE_GRACE_MS = 60_000;

/**
 * Gauges read from the database at scrape time (prom-client collects them concurrently, so each
 * reads its own figures). When the database does not answer, a gauge drops its figures rather than
 * repeat stale ones, and tocsin_database_up says why.
 */
function registerStateGauges(registry: Registry, deps: Kernel): void {
  const q = deps.db.kysely;
  new Gauge({
    name: 'tocsin_database_up',
    help: '1 when the database answered the last scrape',
    registers: [registry],
    async collect() {
      this.set(await deps.db.ping().then(() => 1, () => 0));
    },
  });
  // Both job gauges read one query per scrape: the first to ask starts it, the other shares it.
  let jobRead: ReturnType<typeof countJobs> | null = null;
  const readJobs = () => {
    jobRead ??= countJobs(q, deps.clock.now().getTime(), OVERDUE_GRACE_MS).finally(() => {
      jobRead = null;
    });
    return jobRead;
  };
  new Gauge({
    name: 'tocsin_jobs',
    help: 'Unfinished and failed durable jobs by kind and status',
    labelNames: ['kind', 'status'],
    registers: [registry],
    async collect() {
      await fillGauge(this, async () => {
        const rows = await readJobs();
        this.reset();
        for (const r of rows) this.set({ kind: r.kind, status: r.status }, Number(r.n));
      });
    },
  });
  new Gauge({
    name: 'tocsin_jobs_overdue',
    help: `Jobs still pending more than ${OVERDUE_GRACE_MS / 1000} s past their due time`,
    registers: [registry],
    async collect() {
      await fillGauge(this, async () => {
        const rows = await readJobs();
        this.set(rows.filter((r) => r.status === 'pending').reduce((sum, r) => sum + Number(r.overdue ?? 0), 0));
      });
    },
  });
}

/** SQLite's WAL: it stays small while checkpoints keep up; it grows when they cannot (a reader that never ends). */
function registerWalGauges(registry: Registry, deps: Kernel): void {
  const wal = deps.db.wal?.bind(deps.db);
  if (!wal) return;
  new Gauge({
    name: 'tocsin_sqlite_wal_bytes',
    help: 'Size of the SQLite write-ahead log file',
    registers: [registry],
    collect() {
      this.set(wal().bytes);
    },
  });
  new Gauge({
    name: 'tocsin_sqlite_background_checkpoints',
    help: '1 while a worker thread checkpoints the WAL; 0 when commits do it (commands, or the worker failed)',
    registers: [registry],
    collect() {
      this.set(wal().backgroundCheckpoints ? 1 : 0);
    },
  });
}

/** Liveness, readiness and Prometheus metrics: what an operator's load balancer and scraper ask. */
export function registerOps(app: App, deps: Kernel, modules: readonly DomainModule[]): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_' });
  registerStateGauges(registry, deps);
  registerWalGauges(registry, deps);
  for (const m of modules) m.gauges?.(registry, deps);
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
