import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError, type OutboxMessage } from '../../core/outbox/index.js';
import { freePort } from '../../../test/support/net.js';
import { rejection } from '../../../test/support/http-recorder.js';
import { startReceiver, type Receiver } from '../../../test/support/outbox-receiver.js';
import { createWebhookProvider, type WebhookPayload } from './webhook.js';

const message = (payload: WebhookPayload): OutboxMessage<WebhookPayload> => ({
  id: 'obx_1',
  channel: 'webhook',
  key: 'k1',
  payload,
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

const sendOnce = (url: string, opts: { timeoutMs?: number; key?: string } = {}) => {
  const provider = createWebhookProvider({ url, timeoutMs: opts.timeoutMs ?? 2_000, clock: new FakeClock('2026-01-05T09:00:00Z') });
  return provider.send(message({ body: { hello: 'world' } }), { idempotencyKey: opts.key ?? 'k1', signal: AbortSignal.timeout(opts.timeoutMs ?? 2_000) });
};

describe('webhook provider (real HTTP server on loopback)', () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(async () => rx.close());

  it('POSTs the body as JSON with the Idempotency-Key and takes X-Request-Id as the provider ref', async () => {
    rx.answer = () => ({ status: 202, headers: { 'x-request-id': 'req-42' } });
    const result = await sendOnce(rx.url, { key: 'page:inc_1:1' });
    expect(result).toEqual({ providerRef: 'req-42', responseCode: 202 });
    const last = rx.received.at(-1)!;
    expect(last.key).toBe('page:inc_1:1');
    expect(last.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last.body)).toEqual({ hello: 'world' });
  });

  it('uses the URL in the payload over the configured one', async () => {
    rx.answer = () => ({ status: 200 });
    const provider = createWebhookProvider({ url: 'http://127.0.0.1:1/nowhere' });
    await provider.send(message({ url: rx.url, body: 1 }), { idempotencyKey: 'k-url', signal: AbortSignal.timeout(2_000) });
    expect(rx.received.at(-1)!.key).toBe('k-url');
  });

  it.each([
    [400, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
    [302, 'permanent'],
    [408, 'transient'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i is a %s error', async (status, kind) => {
    rx.answer = () => ({ status, headers: status === 302 ? { location: 'http://127.0.0.1:1/' } : ({} as Record<string, string>) });
    const err = await rejection(sendOnce(rx.url));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe(kind);
    expect((err as ProviderError).responseCode).toBe(status);
  });

  it('honours Retry-After in seconds and as a date', async () => {
    rx.answer = () => ({ status: 429, headers: { 'retry-after': '7' } });
    expect(((await rejection(sendOnce(rx.url))) as ProviderError).retryAfterMs).toBe(7_000);
    rx.answer = () => ({ status: 503, headers: { 'retry-after': 'Mon, 05 Jan 2026 09:01:00 GMT' } });
    expect(((await rejection(sendOnce(rx.url))) as ProviderError).retryAfterMs).toBe(60_000);
  });

  it('a refused connection is a plain (transient) error', async () => {
    const err = await rejection(sendOnce(`http://127.0.0.1:${await freePort()}/hook`));
    expect(err).not.toBeInstanceOf(ProviderError);
  });

  it('aborts at the timeout', async () => {
    rx.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await rejection(sendOnce(rx.url, { timeoutMs: 200 }));
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('a payload without a URL and no configured URL fails permanently', async () => {
    const provider = createWebhookProvider();
    const err = await rejection(provider.send(message({ body: 1 }), { idempotencyKey: 'k', signal: AbortSignal.timeout(1_000) }));
    expect((err as ProviderError).kind).toBe('permanent');
  });
});
