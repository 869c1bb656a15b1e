import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, Kernel } from '../core/module.js';
import { hostOf } from '../core/urls.js';
import type { Watchdog, WatchdogCheck } from './engine.js';

// GET /api/v1/watchdog: whether the heartbeat service hears from this instance; POST .../checks:
// a check and ping now, for the admin pasting the URL in. Neither shows the URL's secret path.

const Check = Type.Object({
  at: Type.String({ format: 'date-time' }),
  healthy: Type.Boolean({ description: 'Whether Tocsin could page: the database answered, background jobs and the outbox kept up, no provider channel failed as a whole' }),
  reasons: Type.Array(Type.String(), { description: 'Why not, most serious first; empty when healthy' }),
  ping: Type.Union(
    [
      Type.Object({
        method: Type.Enum(['GET', 'POST'], { type: 'string' }),
        to: Type.String({ description: 'Scheme and host of the URL pinged' }),
        status: Type.Union([Type.Integer(), Type.Null()], { description: 'The service’s HTTP status; null when it did not answer' }),
        ok: Type.Boolean({ description: 'The service answered 2xx' }),
        error: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'What the heartbeat service was sent; null when nothing was (not set up, or unhealthy without a failure URL: the missing ping is the alarm)' },
  ),
});

const State = Type.Object({
  configured: Type.Boolean({ description: 'TOCSIN_WATCHDOG_URL is set' }),
  ping_to: Type.Union([Type.String(), Type.Null()], { description: 'Scheme and host of TOCSIN_WATCHDOG_URL' }),
  fail_to: Type.Union([Type.String(), Type.Null()], { description: 'Scheme and host of TOCSIN_WATCHDOG_FAIL_URL, or null (or the same URL, when it says {status})' }),
  interval_seconds: Type.Integer(),
  last_check: Type.Union([Check, Type.Null()], { description: 'This instance’s last check; null before the first' }),
  last_delivered_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When a healthy ping last reached the service (this instance)' }),
  notes: Type.Array(Type.String(), { description: 'What is missing, and what to set' }),
});

const iso = (ms: number) => new Date(ms).toISOString();
const checkOut = (c: WatchdogCheck) => ({ at: iso(c.at), healthy: c.healthy, reasons: c.reasons, ping: c.ping });

function notes(kernel: Kernel): string[] {
  const w = kernel.config.watchdog;
  if (!w) return ['Nobody outside hears if Tocsin stops: set TOCSIN_WATCHDOG_URL to a heartbeat check at a service that does not run beside it (Healthchecks.io, Better Stack, Uptime Kuma on another host, Dead Man’s Snitch)'];
  if (!w.failUrl && !w.url.includes('{status}')) return ['No TOCSIN_WATCHDOG_FAIL_URL: when Tocsin is unhealthy the pings stop and the service alarms after its grace time; with one, it hears why at once'];
  return [];
}

const Health = Type.Object({
  checked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When this instance last checked; null before its first check' }),
  healthy: Type.Boolean({ description: 'Whether Tocsin could page at the last check (true before the first)' }),
  reasons: Type.Array(Type.String(), { description: 'Why not, most serious first' }),
});

export function watchdogRoutes(app: App, kernel: Kernel, watchdog: () => Watchdog): void {
  const w = kernel.config.watchdog;
  // For everyone signed in: the web app warns that pages may not reach people.
  app.get('/watchdog/health', { schema: { tags: ['operations'], summary: 'Whether this Tocsin could page at its last check, and why not (everyone signed in)', response: { 200: Health } } }, async () => {
    const last = watchdog().last();
    return { checked_at: last ? iso(last.at) : null, healthy: last?.healthy ?? true, reasons: last?.reasons ?? [] };
  });
  app.get('/watchdog', { config: { minRole: 'admin' }, schema: { tags: ['operations'], summary: 'Whether the heartbeat service hears that this Tocsin can page (admins)', response: { 200: State } } }, async () => {
    const last = watchdog().last();
    const delivered = watchdog().lastDelivered();
    return {
      configured: w !== null,
      ping_to: w ? hostOf(w.url) : null,
      fail_to: w?.url.includes('{status}') ? hostOf(w.url) : w?.failUrl ? hostOf(w.failUrl) : null,
      interval_seconds: (w?.intervalMs ?? 60_000) / 1000,
      last_check: last ? checkOut(last) : null,
      last_delivered_at: delivered === null ? null : iso(delivered),
      notes: notes(kernel),
    };
  });
  app.post(
    '/watchdog/checks',
    {
      // Each one is a request to the operator's service: a cap per credential, as for provider tests.
      config: { minRole: 'admin', rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => req.headers.authorization ?? req.headers.cookie ?? req.ip } },
      schema: { tags: ['operations'], summary: 'Check now whether Tocsin can page, and ping the heartbeat service with the outcome when one is set up (admins)', problems: [429], response: { 200: Check } },
    },
    async () => checkOut(await watchdog().checkNow(kernel.clock.now().getTime())),
  );
}
