import { describe, expect, it } from 'vitest';
import { ProviderError, type OutboxMessage, type ProviderStatus } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import { failure } from '../../../test/support/sms-wire.js';
import type { Sms, SmsSender, SmsStatusQuery } from './sms-router-http.js';
import { messageOrder } from './number-routes.js';
import { createSmsRouter, providerOrder } from './sms-router.js';

type Behaviour = (sms: Sms) => Promise<string | undefined>;

/** A provider that records what it was handed and answers as told. */
const fake = (name: string, behave: Behaviour = async () => `${name}-ref`, takesReplies = true) => {
  const calls: Sms[] = [];
  const sender: SmsSender & { calls: Sms[]; behave: Behaviour } = { name, takesReplies, calls, behave, send: (sms) => (calls.push(sms), sender.behave(sms)) };
  return sender;
};

const message = (to: string, replyCode?: string): OutboxMessage<ChannelPayload> => ({
  id: 'obx_1', channel: 'sms', key: 'page:inc_1:u1:1', status: 'sending', attempts: 1, maxAttempts: 10, providerRef: null, lastError: null,
  createdAt: 0, sentAt: null, deliveredAt: null, failedAt: null,
  payload: { to, content: { kind: 'page', subject: '[SEV-1] #42 Checkout is down', text: '[SEV-1] #42 Checkout is down.', replyCode } },
});

const send = (router: ReturnType<typeof createSmsRouter>, to = '+15550001111', signal = AbortSignal.timeout(5_000)) =>
  router.send(message(to, '4821'), { idempotencyKey: 'page:inc_1:u1:1', signal });

const permanent = (msg: string) => () => Promise.reject(new ProviderError(msg, 'permanent', 400));
const transient = (msg: string, retryAfterMs?: number) => () => Promise.reject(new ProviderError(msg, 'transient', 503, retryAfterMs));

describe('SMS routing', () => {
  const order = ['twilio', 'vonage', 'gateway'];
  const routes = [
    { prefix: '+44', provider: 'vonage' },
    { prefix: '+1', provider: 'twilio' },
    { prefix: '+447', provider: 'gateway' },
  ];
  it.each([
    ['+15550001111', ['twilio', 'vonage', 'gateway']],
    ['+442071234567', ['vonage', 'twilio', 'gateway']],
    ['+447700900000', ['gateway', 'twilio', 'vonage']],
    ['+33612345678', ['twilio', 'vonage', 'gateway']],
  ])('%s goes to %j (longest prefix first, then the failover order)', (to, expected) => {
    expect(providerOrder(to, order, routes)).toEqual(expected);
  });
});

describe('one message’s order', () => {
  const order = ['twilio', 'vonage', 'gateway'];
  const routes = [{ prefix: '+44', provider: 'vonage' }];
  it.each([
    ['no preference: the route, then the rest', undefined, ['vonage', 'twilio', 'gateway']],
    ['a reply going back through the gateway: it first', { provider: 'gateway' }, ['gateway', 'vonage', 'twilio']],
    ['an admin’s test of twilio: twilio alone, route or not', { provider: 'twilio', only: true }, ['twilio']],
    ['a provider not configured: no preference', { provider: 'nexmo', only: true }, ['vonage', 'twilio', 'gateway']],
  ])('%s', (_what, details, expected) => {
    expect(messageOrder('+447700900000', details, order, routes)).toEqual(expected);
  });
});

describe('SMS router', () => {
  it('hands the one-segment text to the first provider and prefixes the ref with its name', async () => {
    const twilio = fake('twilio', async () => 'SM123');
    const vonage = fake('vonage');
    const router = createSmsRouter({ senders: [twilio, vonage], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await send(router)).toEqual({ providerRef: 'twilio:SM123' });
    expect(twilio.calls[0]).toMatchObject({ to: '+15550001111', text: '[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821', idempotencyKey: 'page:inc_1:u1:1' });
    expect(vonage.calls).toHaveLength(0);
  });

  it('asks for a reply only through a provider whose replies reach Tocsin: failing over to a gateway drops the instruction', async () => {
    const twilio = fake('twilio', transient('twilio: HTTP 503'));
    const gateway = fake('gateway', async () => 'G1', false);
    const router = createSmsRouter({ senders: [twilio, gateway], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await send(router)).toEqual({ providerRef: 'gateway:G1' });
    expect(twilio.calls[0]!.text).toBe('[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821');
    expect(gateway.calls[0]!.text).toBe('[SEV-1] #42 Checkout is down.');
  });

  it('a country route picks its provider first', async () => {
    const twilio = fake('twilio');
    const vonage = fake('vonage', async () => 'V1');
    const router = createSmsRouter({ senders: [twilio, vonage], routes: [{ prefix: '+44', provider: 'vonage' }], perProviderTimeoutMs: 1_000 });
    expect(await send(router, '+447700900000')).toEqual({ providerRef: 'vonage:V1' });
    expect(twilio.calls).toHaveLength(0);
  });

  it('a message that names a provider (a reply going back the way it came) goes there first, then the rest', async () => {
    const twilio = fake('twilio', async () => 'SM1');
    const vonage = fake('vonage', permanent('vonage: status 6 Unroutable'));
    const router = createSmsRouter({ senders: [twilio, vonage], routes: [{ prefix: '+1', provider: 'twilio' }], perProviderTimeoutMs: 1_000 });
    const reply = (provider: string) => ({ ...message('+15550001111'), payload: { ...message('+15550001111').payload, details: { provider } } });
    expect(await router.send(reply('vonage'), { idempotencyKey: 'k', signal: AbortSignal.timeout(5_000) })).toEqual({ providerRef: 'twilio:SM1' });
    expect([vonage.calls.length, twilio.calls.length]).toEqual([1, 1]);
    // A provider that is not configured is no preference at all.
    expect(await router.send(reply('gateway'), { idempotencyKey: 'k', signal: AbortSignal.timeout(5_000) })).toEqual({ providerRef: 'twilio:SM1' });
    expect(vonage.calls).toHaveLength(1);
  });

  it('fails over within the same attempt when a provider refuses, errs or answers 5xx', async () => {
    const twilio = fake('twilio', permanent('twilio: HTTP 400 21211 invalid To'));
    const vonage = fake('vonage', () => Promise.reject(new Error('ECONNREFUSED')));
    const gateway = fake('gateway', async () => undefined);
    const router = createSmsRouter({ senders: [twilio, vonage, gateway], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await send(router)).toEqual({ providerRef: 'gateway:page:inc_1:u1:1' });
    expect([twilio.calls.length, vonage.calls.length, gateway.calls.length]).toEqual([1, 1, 1]);
  });

  it('a provider that hangs is abandoned at its own timeout and the next one sends', async () => {
    const twilio = fake('twilio', (sms) => new Promise((_, reject) => sms.signal.addEventListener('abort', () => reject(sms.signal.reason))));
    const vonage = fake('vonage', async () => 'V2');
    const router = createSmsRouter({ senders: [twilio, vonage], routes: [], perProviderTimeoutMs: 100 });
    expect(router.timeoutMs).toBe(1_200);
    const t0 = performance.now();
    expect(await send(router)).toEqual({ providerRef: 'vonage:V2' });
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it('all permanent: the message fails now, saying what each provider said', async () => {
    const router = createSmsRouter({ senders: [fake('twilio', permanent('twilio: no')), fake('vonage', permanent('vonage: status 3 Invalid'))], routes: [], perProviderTimeoutMs: 1_000 });
    const err = (await failure(send(router))) as ProviderError;
    expect(err.kind).toBe('permanent');
    expect(err.message).toBe('twilio: no; vonage: status 3 Invalid');
  });

  it('any transient among the failures: the outbox retries the chain, after the soonest Retry-After', async () => {
    const router = createSmsRouter({ senders: [fake('twilio', transient('twilio: 503', 30_000)), fake('vonage', transient('vonage: status 1 Throttled', 5_000)), fake('gateway', permanent('gateway: 400'))], routes: [], perProviderTimeoutMs: 1_000 });
    const err = (await failure(send(router))) as ProviderError;
    expect(err.kind).toBe('transient');
    expect(err.retryAfterMs).toBe(5_000);
  });

  it('a number that is not E.164 fails permanently without calling any provider', async () => {
    const twilio = fake('twilio');
    const router = createSmsRouter({ senders: [twilio], routes: [], perProviderTimeoutMs: 1_000 });
    expect(((await failure(send(router, '0044 20 7123'))) as ProviderError).kind).toBe('permanent');
    expect(twilio.calls).toHaveLength(0);
  });

  it('stops trying when the outbox aborts the attempt', async () => {
    const twilio = fake('twilio', (sms) => new Promise((_, reject) => sms.signal.addEventListener('abort', () => reject(new Error('aborted')))));
    const vonage = fake('vonage');
    const router = createSmsRouter({ senders: [twilio, vonage], routes: [], perProviderTimeoutMs: 5_000 });
    const err = await failure(send(router, '+15550001111', AbortSignal.timeout(100)));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe('transient');
    expect(vonage.calls).toHaveLength(0);
  });

  it('a timeout among the failures leaves the HTTP code out: that provider may have it, so the retry asks first', async () => {
    const hang = fake('twilio', () => Promise.reject(new Error('timed out after 1000 ms')));
    const answered = createSmsRouter({ senders: [fake('twilio', transient('twilio: 503')), fake('vonage', transient('vonage: 503'))], routes: [], perProviderTimeoutMs: 1_000 });
    const mixed = createSmsRouter({ senders: [hang, fake('vonage', transient('vonage: 503'))], routes: [], perProviderTimeoutMs: 1_000 });
    expect(((await failure(send(answered))) as ProviderError).responseCode).toBe(503);
    expect(((await failure(send(mixed))) as ProviderError).responseCode).toBeUndefined();
  });
});

describe('SMS router status (after an attempt that got no answer)', () => {
  /** A provider that can be asked: records the questions, answers as told. */
  const askable = (name: string, answer: (q: SmsStatusQuery) => Promise<ProviderStatus>) => {
    const asked: SmsStatusQuery[] = [];
    return Object.assign(fake(name), { asked, status: (q: SmsStatusQuery) => (asked.push(q), answer(q)) });
  };
  const ask = (router: ReturnType<typeof createSmsRouter>, providerRef: string | null = null) =>
    router.status!({ providerRef, idempotencyKey: 'page:inc_1:u1:1', message: message('+15550001111', '4821'), since: 1_000 }, { signal: AbortSignal.timeout(5_000) });

  it('asks in the order a send tries, with the exact text; the first that has it settles it under its name', async () => {
    const vonage = askable('vonage', async () => ({ state: 'unknown' }));
    const twilio = askable('twilio', async () => ({ state: 'delivered', providerRef: 'SM9' }));
    const router = createSmsRouter({ senders: [vonage, twilio], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await ask(router)).toEqual({ state: 'delivered', providerRef: 'twilio:SM9' });
    expect(vonage.asked[0]).toMatchObject({ to: '+15550001111', text: '[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821', since: 1_000, ref: null });
    expect(twilio.asked).toHaveLength(1);
  });

  it('a recorded ref asks only the provider that took it, with its own id', async () => {
    const vonage = askable('vonage', async () => ({ state: 'accepted' }));
    const twilio = askable('twilio', async () => ({ state: 'accepted' }));
    const router = createSmsRouter({ senders: [vonage, twilio], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await ask(router, 'twilio:SM7')).toEqual({ state: 'accepted', providerRef: 'twilio:SM7' });
    expect(twilio.asked[0]!.ref).toBe('SM7');
    expect(vonage.asked).toHaveLength(0);
  });

  it('a provider that cannot say is passed over; when nobody has it the answer is unknown (sent again)', async () => {
    const twilio = askable('twilio', () => Promise.reject(new ProviderError('twilio: HTTP 503', 'transient', 503)));
    const gateway = fake('gateway'); // cannot be asked
    const vonage = askable('vonage', async () => ({ state: 'unknown' }));
    const router = createSmsRouter({ senders: [twilio, gateway, vonage], routes: [], perProviderTimeoutMs: 1_000 });
    expect(await ask(router)).toEqual({ state: 'unknown' });
    expect(vonage.asked).toHaveLength(1);
    expect(gateway.calls).toHaveLength(0);
  });

  it('without a provider that can be asked the router has no status(): the outbox sends again without a question', () => {
    expect(createSmsRouter({ senders: [fake('vonage'), fake('gateway')], routes: [], perProviderTimeoutMs: 1_000 }).status).toBeUndefined();
  });
});
