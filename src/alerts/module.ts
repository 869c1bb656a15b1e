import type { DomainEvent } from '../core/events.js';
import type { DomainModule } from '../core/module.js';
import { alertRoutes } from './routes.js';

const LIVE = new Set(['alert.opened', 'alert.resolved', 'alert.acknowledged', 'alert.revised']);

/** `event: alert` on the live stream: an alert opened, was acknowledged, resolved or revised by its sender. */
function liveAlert(e: DomainEvent): { id: string; incident_id: string | null; kind: string } | null {
  if (!LIVE.has(e.type)) return null;
  const d = e.data as { id: string; incident_id: string | null };
  return { id: d.id, incident_id: d.incident_id, kind: e.type.slice('alert.'.length) };
}

/** Alerts: signals (from monitors today, integrations next) that open or join incidents. */
export const alertsModule: DomainModule = {
  name: 'alerts',
  api: (api) => alertRoutes(api),
  live: [{ topic: 'alert', from: liveAlert }],
};
