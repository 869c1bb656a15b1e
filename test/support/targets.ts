/**
 * Loopback targets for uptime-check tests and benchmarks: an HTTP(S) server with scripted
 * routes, a TCP listener, a UDP DNS server answering from a small zone, and certificates
 * (an authority, and leaves it signs or that sign themselves) with chosen validity.
 * Everything listens on 127.0.0.1 port 0; close() drops open connections too.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export { startDnsTarget, type DnsRecords, type DnsTarget } from './dns-target.js';
export { makeAuthority, makeCertificate, type Certificate } from './certificates.js';

// ---------------------------------------------------------------- HTTP

export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpTarget {
  /** http(s)://127.0.0.1:<port> (no trailing slash). */
  url: string;
  port: number;
  /** Every request seen, in order (the body fills in as it arrives). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Serves `routes` by path (without the query); anything else is a 404. With `tls`, serves HTTPS. */
export async function startHttpTarget(routes: Record<string, HttpRoute>, opts: { tls?: { key: string; cert: string } } = {}): Promise<HttpTarget> {
  const requests: RecordedRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://target').pathname;
    const recorded: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body: '' };
    requests.push(recorded);
    req.on('data', (chunk: Buffer) => (recorded.body += chunk.toString()));
    req.on('error', () => {});
    res.on('error', () => {});
    (routes[path] ?? reply(404, 'not found'))(req, res);
  };
  const server: Server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, handle) : createHttpServer(handle);
  const sockets = trackSockets(server);
  // A refused handshake (untrusted certificate) is the client's business, not a test failure.
  server.on('tlsClientError', () => {});
  const port = await listen(server);
  return { url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, requests, close: () => closeServer(server, sockets) };
}

export function reply(status: number, body = '', headers: Record<string, string> = {}): HttpRoute {
  return (_req, res) => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
}

export function replyJson(value: unknown, status = 200): HttpRoute {
  return reply(status, JSON.stringify(value), { 'content-type': 'application/json' });
}

export function redirectTo(location: string, status = 302): HttpRoute {
  return reply(status, '', { location });
}

export function slowReply(delayMs: number, status = 200, body = 'ok'): HttpRoute {
  return (req, res) => {
    const timer = setTimeout(() => reply(status, body)(req, res), delayMs);
    res.on('close', () => clearTimeout(timer));
  };
}

/** Accepts the request and never answers. */
export function hang(): HttpRoute {
  return () => {};
}

/** Drops the connection: before any byte of the answer, or after the head and part of the body. */
export function resetConnection(when: 'before_head' | 'mid_body'): HttpRoute {
  return (req, res) => {
    if (when === 'before_head') return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
    res.write('partial body', () => setTimeout(() => req.socket.destroy(), 20));
  };
}

export interface BodyStream {
  route: HttpRoute;
  /** Bytes the server managed to hand to its socket before the client went away (or all). */
  written(): number;
  /** True once the response ended or its connection closed. */
  settled(): boolean;
}

/** A body of `bytes` written in 64 KiB chunks as the client reads them; chunked unless declared. */
export function streamBody(bytes: number, opts: { declareLength?: boolean } = {}): BodyStream {
  let written = 0;
  let settled = false;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const route: HttpRoute = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', ...(opts.declareLength ? { 'content-length': String(bytes) } : {}) });
    res.on('close', () => (settled = true));
    const pump = () => {
      while (written < bytes && !res.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - written));
        written += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { route, written: () => written, settled: () => settled };
}

// ---------------------------------------------------------------- TCP

export interface TcpTarget {
  port: number;
  /** Connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

/** Accepts connections and closes them at once. */
export async function startTcpTarget(): Promise<TcpTarget> {
  let accepted = 0;
  const server = createTcpServer((socket) => {
    accepted++;
    socket.on('error', () => {});
    socket.end();
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  return { port, accepted: () => accepted, close: () => closeServer(server, sockets) };
}

// ---------------------------------------------------------------- plumbing

function trackSockets(server: { on(event: 'connection', fn: (s: Socket) => void): unknown }): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): AddressInfo | string | null }): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: { close(cb: () => void): unknown }, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
