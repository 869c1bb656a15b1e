import { Gauge } from 'prom-client';
import { runner } from '../core/context.js';
import { ConflictError } from '../core/errors.js';
import type { DomainEvent } from '../core/events.js';
import { fillGauge } from '../core/metrics.js';
import type { DomainModule } from '../core/module.js';
import { openIncidentCounts } from './read.js';
import { incidentRoutes } from './routes.js';
import * as store from './store.js';

/** `event: incident` on the live stream: which incident changed and how (the timeline kind). */
function liveIncident(e: DomainEvent): { id: string; number: number; kind: string } | null {
  if (!e.type.startsWith('incident.')) return null;
  const d = e.data as { incident: { id: string; number: number }; kind: string };
  return { id: d.incident.id, number: d.incident.number, kind: d.kind };
}

export const incidentsModule: DomainModule = {
  name: 'incidents',
  api: (api) => incidentRoutes(api),
  on: {
    // Incidents keep their history, so a service they name cannot be deleted.
    'service.deleting': async (ctx, e) => {
      if ((await store.countNaming(runner(ctx), String(e.data.id))) > 0) throw new ConflictError('Incidents name this service; it cannot be deleted');
    },
  },
  live: [{ topic: 'incident', from: liveIncident }],
  gauges(registry, kernel) {
    new Gauge({
      name: 'tocsin_incidents_open',
      help: 'Open incidents by severity and status',
      labelNames: ['severity', 'status'],
      registers: [registry],
      async collect() {
        await fillGauge(this, async () => {
          const rows = await openIncidentCounts(kernel.db.kysely);
          this.reset();
          for (const r of rows) this.set({ severity: r.severity, status: r.status }, r.n);
        });
      },
    });
  },
  webPaths: ['/incidents', '/incidents/new', '/incidents/:number'],
};
