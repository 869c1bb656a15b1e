import type { ServerResponse } from 'node:http';
import type { App, Kernel } from './deps.js';

// Live updates as server-sent events: `event: <topic>` (e.g. `incident`) with the topic's data,
// after every committed change from any path (request, engine job, integration, another
// instance). The topics and their data are declared by the domains' modules.

export const HEARTBEAT_MS = 15_000;

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function liveRoute(api: App, kernel: Kernel, topics: readonly string[]): void {
  const open = new Set<ServerResponse>();
  // Streams never end by themselves; end them so the server can close.
  api.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  api.get(
    '/live',
    {
      schema: {
        tags: ['live'],
        summary: `Server-sent events on every committed change: ${topics.map((t) => `\`event: ${t}\``).join(', ')}`,
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
      const unsubscribe = kernel.live.subscribe((topic, data) => res.write(frame(topic, data)));
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
