import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { freePort } from './net.js';

/** One request as the receiver saw it. */
export interface Received {
  key: string | null;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How to answer one request: a status, headers, and an optional delay (or never: hang). */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests per Idempotency-Key. */
  counts(): Map<string, number>;
  /** Decides each answer; 200 by default. */
  answer: (req: Received, index: number) => Answer;
  close(): Promise<void>;
}

/**
 * A plain node http server on loopback that records every request's Idempotency-Key: the far
 * end of webhook tests and of bench:outbox.
 */
export async function startReceiver(): Promise<Receiver> {
  const port = await freePort();
  const received: Received[] = [];
  const r: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    counts: () => {
      const m = new Map<string, number>();
      for (const x of received) if (x.key) m.set(x.key, (m.get(x.key) ?? 0) + 1);
      return m;
    },
    answer: () => ({ status: 200 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['idempotency-key'];
      const rec: Received = { key: typeof header === 'string' ? header : null, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      received.push(rec);
      const a = r.answer(rec, received.length - 1);
      if (a.hang) return;
      const reply = () => res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end('{"ok":true}');
      if (a.delayMs) setTimeout(reply, a.delayMs);
      else reply();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const close = r.close;
  r.close = () => {
    server.closeAllConnections();
    return close();
  };
  return r;
}
