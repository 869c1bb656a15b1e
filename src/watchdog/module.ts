import { Gauge } from 'prom-client';
import type { DomainModule, Kernel } from '../core/module.js';
import { makeCtx, systemActor } from '../core/context.js';
import { checkingReading } from '../monitors/service.js';
import { perObject } from '../core/per-object.js';
import { hostOf } from '../core/urls.js';
import { createWatchdog, httpSend, type Watchdog } from './engine.js';
import { FAILURE_WINDOW_MS, JOB_GRACE_MS, MESSAGE_GRACE_MS } from './model.js';
import { watchdogRoutes } from './routes.js';
import { readHealth } from './store.js';

/** One watchdog per running kernel, shared by its engine module, its routes and its gauges. */
const watchdogOf = perObject<Kernel['engine'], { make?: Watchdog }>(() => ({}));

/** The watchdog of a running kernel (its engine's), made on first use. */
export function watchdog(kernel: Kernel): Watchdog {
  const slot = watchdogOf(kernel.engine);
  slot.make ??= createWatchdog({
    config: kernel.config.watchdog,
    read: async (now) => ({
      ...(await readHealth(kernel.db.kysely, now, { jobMs: JOB_GRACE_MS, messageMs: MESSAGE_GRACE_MS, failureWindowMs: FAILURE_WINDOW_MS })),
      monitors: await checkingReading(makeCtx(kernel, systemActor('watchdog'), 'watchdog', kernel.log)),
    }),
    send: httpSend(),
    log: kernel.log.child({ component: 'watchdog' }),
  });
  return slot.make;
}

/** The dead man's switch: a heartbeat service outside hears whether Tocsin can page (docs/operations.md). */
export const watchdogModule: DomainModule = {
  name: 'watchdog',
  api: (api, kernel) => watchdogRoutes(api, kernel, () => watchdog(kernel)),
  engine: (kernel) => [watchdog(kernel).module],
  gauges(registry, kernel) {
    // Labelled by where the pings go, so that neither is reported before it means something (an
    // unlabelled gauge says 0, which would read as "unhealthy" for the seconds after a start).
    const to = kernel.config.watchdog ? hostOf(kernel.config.watchdog.url) : 'none';
    new Gauge({
      name: 'tocsin_watchdog_healthy',
      help: 'The last watchdog check: 1 when Tocsin could page, 0 when not (absent before the first check)',
      labelNames: ['to'],
      registers: [registry],
      collect() {
        const last = watchdog(kernel).last();
        if (last) this.set({ to }, last.healthy ? 1 : 0);
      },
    });
    new Gauge({
      name: 'tocsin_watchdog_last_delivered_timestamp_seconds',
      help: 'When a healthy ping last reached the heartbeat service (absent before the first)',
      labelNames: ['to'],
      registers: [registry],
      collect() {
        const at = watchdog(kernel).lastDelivered();
        if (at !== null) this.set({ to }, at / 1000);
      },
    });
  },
};
