import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError, type OutboxMessage } from '../../core/outbox/index.js';
import { decryptPushBody, startPushService, testSubscription, verifyVapid, type PushService, type TestSubscription } from '../../../test/support/push-service.js';
import type { ChannelPayload, PageContent } from '../content.js';
import { createPushProvider, type PushProviderOptions } from './push.js';
import { generateVapidKeys } from './push-vapid.js';

const vapid = { subject: 'mailto:oncall@example.com', ...generateVapidKeys() };

const page: PageContent = {
  kind: 'page',
  subject: '[SEV-1] #42 Checkout is down',
  text: 'Checkout API returns 503 for 12% of requests. Acknowledge to stop escalation.',
  incident: { id: 'inc_01HXYZ', number: 42, title: 'Checkout is down', severity: 'SEV-1', status: 'triggered', url: 'https://tocsin.example.com/incidents/inc_01HXYZ', services: ['Checkout API'] },
  ackUrl: 'https://tocsin.example.com/act/tok-ack',
  resolveUrl: 'https://tocsin.example.com/act/tok-res',
};

const message = (payload: ChannelPayload): OutboxMessage<ChannelPayload> => ({
  id: 'obx_1', channel: 'push', key: 'page:1', payload, status: 'sending', attempts: 1, maxAttempts: 10,
  providerRef: null, lastError: null, createdAt: 0, sentAt: null, deliveredAt: null, failedAt: null,
});

const failure = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the send to fail');
};

describe('push provider (a Web Push service on loopback)', () => {
  let svc: PushService;
  let sub: TestSubscription;
  const onGone = vi.fn(async (_id: string) => undefined);
  beforeAll(async () => {
    svc = await startPushService();
    sub = testSubscription(`${svc.origin}/wpush/v2/sub-abc`);
  });
  afterAll(async () => svc.close());

  const send = (content: PageContent = page, o: Partial<PushProviderOptions> & { to?: string; details?: Record<string, unknown> } = {}) => {
    const provider = createPushProvider({ vapid: async () => vapid, onGone, allowHttp: true, timeoutMs: 2_000, clock: new FakeClock('2026-01-05T09:00:00Z'), ...o });
    const payload: ChannelPayload = { to: o.to ?? sub.endpoint, details: o.details ?? { keys: sub.keys }, contactMethodId: 'cm_push_1', content };
    return provider.send(message(payload), { idempotencyKey: 'page:1', signal: AbortSignal.timeout(o.timeoutMs ?? 2_000) });
  };

  it('POSTs an encrypted, VAPID-signed page to the endpoint: the device decrypts the JSON the service worker shows', async () => {
    svc.answer = () => ({ status: 201, headers: { location: `${svc.origin}/wpush/m/msg-7` } });
    expect(await send()).toEqual({ providerRef: `${svc.origin}/wpush/m/msg-7`, responseCode: 201 });
    const req = svc.received.at(-1)!;
    expect([req.method, req.path]).toEqual(['POST', '/wpush/v2/sub-abc']);
    expect(req.headers).toMatchObject({ 'content-encoding': 'aes128gcm', 'content-type': 'application/octet-stream', ttl: '3600', urgency: 'high', topic: 'inc_01HXYZ' });
    expect(Number(req.headers['content-length'])).toBe(req.body.length);
    const claims = verifyVapid(req.headers.authorization, vapid.publicKey);
    expect(claims).toMatchObject({ aud: svc.origin, sub: 'mailto:oncall@example.com' });
    const exp = claims.exp as number;
    expect(exp * 1000 - Date.now()).toBeGreaterThan(0);
    expect(exp * 1000 - Date.now()).toBeLessThanOrEqual(24 * 3_600_000); // RFC 8292 §2: at most 24 hours
    expect(JSON.parse(decryptPushBody(req.body, sub))).toEqual({
      title: page.subject,
      body: page.text,
      url: page.incident!.url,
      ackUrl: page.ackUrl,
      resolveUrl: page.resolveUrl,
      tag: 'inc_01HXYZ',
      kind: 'page',
    });
  });

  it('a verification code is normal urgency, short-lived and has no topic (each code must arrive)', async () => {
    svc.answer = () => ({ status: 202 });
    expect(await send({ kind: 'verify', subject: 'Tocsin code', text: 'Your code is 482913', code: '482913' })).toEqual({ providerRef: undefined, responseCode: 202 });
    const req = svc.received.at(-1)!;
    expect(req.headers).toMatchObject({ ttl: '600', urgency: 'normal' });
    expect(req.headers.topic).toBeUndefined();
    expect(JSON.parse(decryptPushBody(req.body, sub))).toEqual({ title: 'Tocsin code', body: 'Your code is 482913', tag: 'verify', kind: 'verify' });
  });

  it.each([404, 410])('HTTP %i: the subscription is gone, removed through onGone, and the send fails permanently', async (status) => {
    onGone.mockClear();
    svc.answer = () => ({ status });
    const err = (await failure(send())) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect([err.kind, err.responseCode]).toEqual(['permanent', status]);
    expect(err.message).toContain('expired');
    expect(onGone.mock.calls).toEqual([['cm_push_1']]);
  });

  it('a failing onGone is reported and the send still fails permanently', async () => {
    svc.answer = () => ({ status: 410 });
    const onGoneError = vi.fn();
    const err = (await failure(send(page, { onGone: () => Promise.reject(new Error('db down')), onGoneError }))) as ProviderError;
    expect(err.kind).toBe('permanent');
    expect(onGoneError.mock.calls[0]![1]).toBe('cm_push_1');
  });

  it.each([
    [400, 'permanent'],
    [413, 'permanent'],
    [403, 'permanent'],
    [429, 'transient'],
    [500, 'transient'],
    [503, 'transient'],
  ] as const)('HTTP %i is %s and keeps the subscription', async (status, kind) => {
    onGone.mockClear();
    svc.answer = () => ({ status });
    const err = (await failure(send())) as ProviderError;
    expect([err.kind, err.responseCode]).toEqual([kind, status]);
    expect(onGone).not.toHaveBeenCalled();
  });

  it('honours Retry-After in seconds and as a date', async () => {
    svc.answer = () => ({ status: 429, headers: { 'retry-after': '30' } });
    expect(((await failure(send())) as ProviderError).retryAfterMs).toBe(30_000);
    svc.answer = () => ({ status: 503, headers: { 'retry-after': 'Mon, 05 Jan 2026 09:02:00 GMT' } });
    expect(((await failure(send())) as ProviderError).retryAfterMs).toBe(120_000);
  });

  it('a push service that hangs is aborted at the timeout (a transient error)', async () => {
    svc.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await failure(send(page, { timeoutMs: 200 }));
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('keys that cannot be loaded are transient (the database may be back next time)', async () => {
    const err = await failure(send(page, { vapid: () => Promise.reject(new Error('connection refused')) }));
    expect(err).not.toBeInstanceOf(ProviderError);
  });

  it('refuses what no retry can fix, without calling anyone', async () => {
    const before = svc.received.length;
    const cases: [Partial<Parameters<typeof send>[1]>, string][] = [
      [{ allowHttp: false }, 'https'],
      [{ to: 'not a url' }, 'not a URL'],
      [{ details: {} }, 'no keys'],
      [{ details: { keys: { p256dh: 'AAAA', auth: sub.keys.auth } } }, 'refused'],
    ];
    for (const [o, words] of cases) {
      const err = (await failure(send(page, o))) as ProviderError;
      expect(err).toBeInstanceOf(ProviderError);
      expect(err.kind).toBe('permanent');
      expect(err.message).toContain(words);
    }
    expect(svc.received.length).toBe(before);
  });
});
