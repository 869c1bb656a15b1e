import { Counter, Gauge } from 'prom-client';
import type { DomainEvent } from '../core/events.js';
import { fillGauge } from '../core/metrics.js';
import type { DomainModule, Kernel } from '../core/module.js';
import { makeCtx, systemActor } from '../core/context.js';
import { monitorEngine } from './engine.js';
import { registerHeartbeatRoutes } from './heartbeat.js';
import { historyRoutes } from './history-routes.js';
import { locationRoutes } from './location-routes.js';
import { maintenanceRoutes } from './maintenance-routes.js';
import { registerProbeRoutes } from './probe-routes.js';
import { monitorRoutes } from './routes.js';
import { createMonitorRunner, type MonitorRunner } from './runner.js';
import { monitorCounts } from './service.js';

/** `event: monitor` on the live stream: a monitor was added, changed, paused or changed state. */
function liveMonitor(e: DomainEvent): { id: string; change: string } | null {
  if (!e.type.startsWith('monitor.')) return null;
  const d = e.data as { id: string; change?: string };
  return { id: d.id, change: d.change ?? e.type.slice('monitor.'.length) };
}

/** The check scheduler of each running kernel (one per server process; none in tests unless started). */
const runners = new WeakMap<Kernel['engine'], MonitorRunner>();

/** Uptime monitors: checks from every location, confirmed failures, heartbeats, history. */
export const monitorsModule: DomainModule = {
  name: 'monitors',
  api(api, kernel) {
    monitorRoutes(api);
    historyRoutes(api);
    maintenanceRoutes(api);
    locationRoutes(api, () => runners.get(kernel.engine), kernel.config.monitorTimeScale);
  },
  public: [
    { prefix: '/ping', auth: 'none', register: registerHeartbeatRoutes },
    { prefix: '/probe', auth: 'probe-token', register: registerProbeRoutes },
  ],
  engine: monitorEngine,
  workers(kernel) {
    if (!kernel.config.monitorChecks) return [];
    const runner = createMonitorRunner(kernel, { owner: kernel.engine.owner, maxInFlight: kernel.config.monitorMaxInFlight, timeScale: kernel.config.monitorTimeScale });
    runners.set(kernel.engine, runner);
    return [runner];
  },
  live: [{ topic: 'monitor', from: liveMonitor }],
  gauges(registry, kernel) {
    new Gauge({
      name: 'tocsin_monitors',
      help: 'Monitors by state (paused apart)',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        await fillGauge(this, async () => {
          const counts = await monitorCounts(makeCtx(kernel, systemActor('metrics'), 'metrics', kernel.log));
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        });
      },
    });
    const stat = (name: string, help: string, pick: (r: MonitorRunner) => number | null) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const r = runners.get(kernel.engine);
          if (r) this.set(pick(r) ?? 0);
        },
      });
    stat('tocsin_monitor_check_lag_p99_seconds', 'Check start minus due time, p99 over the last minute (this instance)', (r) => (r.stats().lag.p99 ?? 0) / 1000);
    stat('tocsin_monitor_checks_in_flight', 'Checks running now (this instance)', (r) => r.stats().inFlight);
    stat('tocsin_monitor_scheduled', 'Monitors this instance checks', (r) => r.stats().monitors);
    stat('tocsin_monitor_behind', '1 when the check scheduler is behind (lag or missed slots)', (r) => (r.stats().behind ? 1 : 0));
    new Counter({
      name: 'tocsin_monitor_missed_slots_total',
      help: 'Check slots missed because the scheduler was behind or a check still ran (this instance)',
      registers: [registry],
      collect() {
        const r = runners.get(kernel.engine);
        if (!r) return;
        this.reset();
        this.inc(r.stats().missedTotal);
      },
    });
  },
  webPaths: ['/monitors', '/monitors/new', '/monitors/:id'],
};
