import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { findMessageByKey, type OutboxMessage } from '../../src/core/outbox/index.js';
import type { ChannelPayload } from '../../src/notify/content.js';
import type { Harness } from './harness.js';
import { waitFor } from './outbox-fixtures.js';

/** One request exactly as a voice provider's API (Twilio, Asterisk ARI) would receive it: the SMS wire server's shape. */
export type { WireRequest } from './sms-wire.js';
import type { WireRequest } from './sms-wire.js';

export interface WireAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer: the provider's timeout must end the send. */
  hang?: boolean;
}

export interface WireServer {
  base: string;
  requests: WireRequest[];
  answer: (req: WireRequest) => WireAnswer;
  /** WebSocket upgrades (ARI's /ari/events), recorded like requests (method GET). */
  upgrades: WireRequest[];
  /** Sends a JSON text frame to every open WebSocket (an ARI event). */
  push(event: unknown): void;
  /** Raw bytes to every open WebSocket (frame tests). */
  pushRaw(bytes: Buffer): void;
  /** What the WebSocket clients sent (masked frames: pongs, closes). */
  fromClients: Buffer[];
  /** Answer upgrades with this status instead of 101 (401: bad ARI credentials). */
  upgradeStatus: number;
  /** Drops every WebSocket (Asterisk restarting). */
  dropSockets(): void;
  close(): Promise<void>;
}

/** A server frame (unmasked), any length. */
export function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : len < 65_536 ? Buffer.from([0, 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0, 127]), Buffer.alloc(8)]);
  if (len >= 65_536) head.writeBigUInt64BE(BigInt(len), 2);
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, payload]);
}

/** A node:http server on port 0 that records every request and answers as the test says (JSON). */
export async function startWireServer(): Promise<WireServer> {
  const sockets = new Set<Duplex>();
  const w: WireServer = {
    base: '',
    requests: [],
    upgrades: [],
    fromClients: [],
    upgradeStatus: 101,
    answer: () => ({ status: 200, body: {} }),
    push: (event) => w.pushRaw(serverFrame(0x1, Buffer.from(JSON.stringify(event)))),
    pushRaw: (bytes) => sockets.forEach((s) => s.write(bytes)),
    dropSockets: () => sockets.forEach((s) => s.destroy()),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: WireRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
      w.requests.push(rec);
      const a = w.answer(rec);
      if (a.hang) return;
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end(JSON.stringify(a.body ?? {}));
    });
  });
  server.on('upgrade', (req, socket: Duplex) => {
    w.upgrades.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    if (w.upgradeStatus !== 101) {
      socket.end(`HTTP/1.1 ${w.upgradeStatus} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    socket.on('data', (b: Buffer) => w.fromClients.push(b));
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  w.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.close = () =>
    new Promise<void>((resolve) => {
      w.dropSockets();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return w;
}

/** `Basic base64(user:password)`: what the provider must send. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A voice page as the dispatcher hands it to a provider. */
export const voiceMessage = (to = '+15551230001', id = 'obx_call1'): OutboxMessage<ChannelPayload> => {
  const content = { kind: 'page', subject: '[SEV-1] #42 Checkout is down', text: 'SEV-1 incident 42: Checkout is down. Service: checkout.' } as const;
  const never = { providerRef: null, lastError: null, sentAt: null, deliveredAt: null, failedAt: null };
  return { id, channel: 'voice', key: `page:${id}`, payload: { to, content }, status: 'sending', attempts: 1, maxAttempts: 10, createdAt: 0, ...never };
};

/** The error a send ended with (the test fails if it succeeded). */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the send to fail');
}

/** Runs the dispatcher (the harness's engine) until the message with this key is as `wanted` says. */
export function untilMessage(h: Harness, key: string, wanted: (m: OutboxMessage) => boolean): Promise<OutboxMessage> {
  return waitFor(`message ${key}`, async () => {
    await h.kernel.engine.runOnce();
    const m = await findMessageByKey(h.db.kysely, key);
    return m && wanted(m) ? m : undefined;
  });
}
