import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { basic, failure, startWireServer, voiceMessage, type WireServer } from '../../../test/support/voice-wire.js';
import type { AriSettings } from '../voice-settings.js';
import { createAriProvider } from './ari.js';

describe('Asterisk ARI provider (originate on a local server)', () => {
  let wire: WireServer;
  const settings = (over: Partial<AriSettings> = {}): AriSettings => ({
    url: wire.base,
    user: 'tocsin',
    password: 's3cret',
    trunk: 'carrier',
    app: 'tocsin',
    callerId: '+15550009999',
    ttsUrl: null,
    soundPrefix: 'sound:tocsin-',
    ...over,
  });
  const call = (over: Partial<AriSettings> = {}, timeoutMs = 2_000, msg = voiceMessage()) =>
    createAriProvider({ settings: settings(over), timeoutMs, clock: new FakeClock('2026-01-05T09:00:00Z') }).send(msg, { idempotencyKey: msg.key, signal: AbortSignal.timeout(timeoutMs) });

  beforeAll(async () => {
    wire = await startWireServer();
  });
  afterAll(() => wire.close());

  it('POSTs /ari/channels with endpoint, app, callerId and the message id as appArgs, Basic auth, and takes the channel id', async () => {
    wire.answer = () => ({ status: 200, body: { id: '1736071200.42', name: 'PJSIP/carrier-00000001', state: 'Down' } });
    expect(await call()).toEqual({ providerRef: '1736071200.42', responseCode: 200 });
    const req = wire.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(basic('tocsin', 's3cret'));
    expect(req.body).toBe('');
    const url = new URL(req.url, wire.base);
    expect(url.pathname).toBe('/ari/channels');
    expect([...url.searchParams]).toEqual([
      ['endpoint', 'PJSIP/+15551230001@carrier'],
      ['app', 'tocsin'],
      ['callerId', '+15550009999'],
      ['appArgs', 'obx_call1'],
    ]);
  });

  it('leaves callerId out when none is configured (the trunk\'s own)', async () => {
    wire.answer = () => ({ status: 200, body: { id: 'c2' } });
    await call({ callerId: null });
    expect(new URL(wire.requests.at(-1)!.url, wire.base).searchParams.has('callerId')).toBe(false);
  });

  it.each([
    [400, 'permanent', { message: 'Invalid parameters for originating a channel.' }],
    [401, 'permanent', { error: 'Authentication required' }],
    [404, 'permanent', { message: 'Endpoint not found' }],
    [500, 'transient', { message: 'Allocation failed' }],
    [503, 'transient', { message: 'Service Unavailable' }],
  ] as const)('HTTP %i is %s and keeps Asterisk\'s message', async (status, kind, body) => {
    wire.answer = () => ({ status, body });
    const err = (await failure(call())) as ProviderError;
    expect(err.kind).toBe(kind);
    expect(err.responseCode).toBe(status);
    expect(err.message).toContain(Object.values(body)[0]);
  });

  it('a hanging Asterisk is abandoned at the timeout', async () => {
    wire.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await failure(call({}, 200));
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('refuses a number that is not E.164 without calling Asterisk', async () => {
    const before = wire.requests.length;
    expect(((await failure(call({}, 2_000, voiceMessage('0800 CALL ME')))) as ProviderError).kind).toBe('permanent');
    expect(wire.requests.length).toBe(before);
  });
});
