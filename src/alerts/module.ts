import type { DomainEvent } from '../core/events.js';
import type { DomainModule } from '../core/module.js';
import { alertRoutes } from './routes.js';

/** `event: alert` on the live stream: an alert opened, was acknowledged or resolved. */
function liveAlert(e: DomainEvent): { id: string; incident_id: string | null; kind: string } | null {
  if (e.type !== 'alert.opened' && e.type !== 'alert.resolved' && e.type !== 'alert.acknowledged') return null;
  const d = e.data as { id: string; incident_id: string | null };
  return { id: d.id, incident_id: d.incident_id, kind: e.type.slice('alert.'.length) };
}

/** Alerts: signals (from monitors today, integrations next) that open or join incidents. */
export const alertsModule: DomainModule = {
  name: 'alerts',
  api: (api) => alertRoutes(api),
  live: [{ topic: 'alert', from: liveAlert }],
};
