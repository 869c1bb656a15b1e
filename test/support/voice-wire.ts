import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboxMessage } from '../../src/core/outbox/index.js';
import type { ChannelPayload } from '../../src/notify/content.js';

/** One request exactly as a voice provider's API (Twilio, Asterisk ARI) would receive it. */
export interface WireRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

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
  close(): Promise<void>;
}

/** A node:http server on port 0 that records every request and answers as the test says (JSON). */
export async function startWireServer(): Promise<WireServer> {
  const w: WireServer = { base: '', requests: [], answer: () => ({ status: 200, body: {} }), close: async () => undefined };
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  w.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  w.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return w;
}

/** `Basic base64(user:password)`: what the provider must send. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A voice page as the dispatcher hands it to a provider. */
export const voiceMessage = (to = '+15551230001', id = 'obx_call1'): OutboxMessage<ChannelPayload> => ({
  id,
  channel: 'voice',
  key: `page:${id}`,
  payload: { to, content: { kind: 'page', subject: '[SEV-1] #42 Checkout is down', text: 'SEV-1 incident 42: Checkout is down. Service: checkout.' } },
  status: 'sending',
  attempts: 1,
  maxAttempts: 10,
  providerRef: null,
  lastError: null,
  createdAt: 0,
  sentAt: null,
  deliveredAt: null,
  failedAt: null,
});


/** The error a send ended with (the test fails if it succeeded). */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the send to fail');
}
