import type { ServerResponse } from 'node:http';
import type { App, AppDeps, LiveEvents } from '../http/deps.js';

// Live updates as server-sent events: `event: incident`, `data: { id, number, kind }` after
// every committed incident change. Each instance serves its own clients.

export const HEARTBEAT_MS = 15_000;

export interface IncidentEvent {
  id: string;
  number: number;
  kind: string;
}

/** Publishes one committed change; call it after the transaction, never inside. */
export const publishIncident =
  (events: LiveEvents) =>
  (incident: { id: string; number: number }, kind: string): void =>
    events.publish('incident', { id: incident.id, number: incident.number, kind } satisfies IncidentEvent);

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function liveRoute(app: App, deps: AppDeps): void {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves; end them so the server can close.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/live',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Server-sent events: `event: incident` with { id, number, kind } on every change',
        response: {
          200: {
            description: 'An endless text/event-stream; a comment heartbeat every 15 s',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\nretry: 3000\n\n');
      open.add(res);
      const unsubscribe = deps.events.subscribe((topic, data) => {
        if (topic === 'incident') res.write(frame(topic, data));
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      req.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
    },
  );
}
