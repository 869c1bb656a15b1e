/**
 * bench:paging's receiving end: a plain node:http server on loopback, standing in for the chat
 * webhook Tocsin pages through and for Alertmanager's webhook receiver. Each request is matched to
 * the event that caused it by a token in its body (`pgb<run>x<n>`), and timed when its headers
 * arrive: the moment the provider's request reaches the receiver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The token an event carries into its page; only letters and digits, so no renderer escapes it. */
export const pageToken = (run: number, n: number): string => `pgb${run}x${n}`;
let runs = 0;
/** A run number no other phase of this process used, so tokens never collide. */
export const nextRun = (): number => ++runs;
const TOKEN = /pgb\d+x\d+/g;

export interface Arrival {
  /** performance.now() when the request's headers arrived. */
  at: number;
  /** The same instant as wall-clock epoch ms, the clock Tocsin stamps database times with. */
  epochMs: number;
  path: string;
}

export interface PageReceiver {
  url: string;
  /** First arrival per path and token: a tier-2 page is not mistaken for the tier-1 page of the same incident. */
  arrival(path: string, token: string): Arrival | undefined;
  /** Requests in all (repeats included). */
  requests(): number;
  /** Resolves with the token's first arrival at `path`; rejects after `timeoutMs`. */
  waitFor(path: string, token: string, timeoutMs: number): Promise<Arrival>;
  /** Resolves when `count` distinct tokens have arrived at `path`, or at the deadline. */
  waitForCount(path: string, count: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

export async function startPageReceiver(): Promise<PageReceiver> {
  const arrivals = new Map<string, Arrival>();
  const waiters = new Map<string, (a: Arrival) => void>();
  const counts = new Map<string, number>();
  let total = 0;
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      total += 1;
      const arrival: Arrival = { at, epochMs: Date.now() - (performance.now() - at), path: req.url ?? '/' };
      for (const token of new Set(Buffer.concat(chunks).toString('utf8').match(TOKEN) ?? [])) {
        const key = `${arrival.path} ${token}`;
        if (arrivals.has(key)) continue;
        arrivals.set(key, arrival);
        counts.set(arrival.path, (counts.get(arrival.path) ?? 0) + 1);
        waiters.get(key)?.(arrival);
        waiters.delete(key);
      }
      // Mattermost and Slack answer a plain "ok"; Alertmanager ignores the body.
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;

  const waitFor = (path: string, token: string, timeoutMs: number) =>
    new Promise<Arrival>((resolve, reject) => {
      const key = `${path} ${token}`;
      const seen = arrivals.get(key);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        waiters.delete(key);
        reject(new Error(`no page for ${token} at ${path} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.set(key, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });

  const waitForCount = async (path: string, count: number, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    const seen = () => counts.get(path) ?? 0;
    while (seen() < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return seen();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    arrival: (path, token) => arrivals.get(`${path} ${token}`),
    requests: () => total,
    waitFor,
    waitForCount,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
