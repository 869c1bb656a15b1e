import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request exactly as an SMS provider would receive it. */
export interface WireRequest {
  method: string;
  /** Path and query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The answer to one request: status, headers, body; or never (hang). */
export interface WireAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

export interface WireServer {
  base: string;
  requests: WireRequest[];
  answer: (req: WireRequest) => WireAnswer;
  close(): Promise<void>;
}

/**
 * A node:http server on loopback (port 0) standing in for Twilio, Vonage or a gateway: it records
 * each request's method, path, headers and body for the test to pin, and answers as told.
 */
export async function startWireServer(): Promise<WireServer> {
  const w: WireServer = { base: '', requests: [], answer: () => ({ status: 200, body: '{}' }), close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: WireRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      w.requests.push(rec);
      const a = w.answer(rec);
      if (a.hang) return;
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  w.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return w;
}

/** A form-encoded body as an object (one value per name). */
export const formOf = (body: string): Record<string, string> => Object.fromEntries(new URLSearchParams(body));

/** The error a send rejected with; fails the test when it resolved. */
export const failure = (p: Promise<unknown>): Promise<Error> =>
  p.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (err: Error) => err,
  );
