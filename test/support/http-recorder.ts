import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as it arrived. */
export interface Recorded {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecorderAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (a provider that hangs). */
  hang?: boolean;
}

export interface HttpRecorder {
  /** http://127.0.0.1:<port> */
  base: string;
  requests: Recorded[];
  answer: (req: Recorded) => RecorderAnswer;
  /** Resolves with the nth request (0-based) once it arrived, or rejects after `ms`. */
  waitFor(n: number, ms?: number): Promise<Recorded>;
  close(): Promise<void>;
}

/** A node:http server on port 0 that records every request (method, path, headers, body) for wire tests. */
export async function startRecorder(): Promise<HttpRecorder> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const a = r.answer(rec);
      if (a.hang) return;
      res.writeHead(a.status ?? 200, a.headers ?? {}).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const r: HttpRecorder = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer: () => ({ status: 200 }),
    waitFor: async (n, ms = 3_000) => {
      const until = performance.now() + ms;
      while (!requests[n]) {
        if (performance.now() > until) throw new Error(`request ${n} did not arrive within ${ms} ms (got ${requests.length})`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return requests[n];
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return r;
}

/** The error a send rejected with; fails the test when it succeeded. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the send to fail');
}
