import type { DomainEvent } from '../core/events.js';
import type { DomainModule } from '../core/module.js';
import { monitorRoutes } from './routes.js';

/** `event: monitor` on the live stream: a monitor was added, changed, paused or changed state. */
function liveMonitor(e: DomainEvent): { id: string; change: string } | null {
  if (!e.type.startsWith('monitor.')) return null;
  const d = e.data as { id: string; change?: string };
  return { id: d.id, change: d.change ?? e.type.slice('monitor.'.length) };
}

/** Uptime monitors: checks from every location, confirmed failures, heartbeats, history. */
export const monitorsModule: DomainModule = {
  name: 'monitors',
  api: (api) => monitorRoutes(api),
  live: [{ topic: 'monitor', from: liveMonitor }],
  webPaths: ['/monitors', '/monitors/new', '/monitors/:id'],
};
