import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import type { Kernel } from '../../core/module.js';
import type { OutboxMessage, ProviderError } from '../../core/outbox/index.js';
import { failure, formOf, startWireServer, type WireServer } from '../../../test/support/sms-wire.js';
import type { ChannelPayload } from '../content.js';
import { smsChannel } from './sms.js';

const kernelWith = (env: Record<string, string>) =>
  ({ config: { env, publicUrl: (env.TOCSIN_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '') }, clock: new FakeClock('2026-01-05T09:00:00Z') }) as unknown as Kernel;

const message: OutboxMessage<ChannelPayload> = {
  id: 'obx_1', channel: 'sms', key: 'page:inc_1:u1:sms', status: 'sending', attempts: 1, maxAttempts: 10, providerRef: null, lastError: null,
  createdAt: 0, sentAt: null, deliveredAt: null, failedAt: null,
  payload: { to: '+447700900000', content: { kind: 'page', subject: '[SEV-1] #42 Checkout is down', text: '[SEV-1] #42 Checkout is down.', replyCode: '4821', userId: 'usr_1' } },
};

const send = (env: Record<string, string>) => {
  const [provider] = smsChannel.providers(kernelWith(env));
  return provider!.send(message, { idempotencyKey: message.key, signal: AbortSignal.timeout(5_000) });
};

describe('sms channel plugin', () => {
  let w: WireServer;
  beforeAll(async () => {
    w = await startWireServer();
  });
  afterAll(async () => w.close());

  const env = () => ({
    TOCSIN_PUBLIC_URL: 'https://tocsin.example.com/',
    TOCSIN_TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
    TOCSIN_TWILIO_AUTH_TOKEN: 'tok',
    TOCSIN_TWILIO_FROM: '+15557654321',
    TOCSIN_TWILIO_BASE_URL: w.base,
    TOCSIN_VONAGE_API_KEY: 'k',
    TOCSIN_VONAGE_API_SECRET: 's',
    TOCSIN_VONAGE_FROM: '+447700900001',
    TOCSIN_VONAGE_BASE_URL: w.base,
    TOCSIN_SMS_ROUTES: '+44=vonage',
  });

  it('not configured: configured() is false and every send fails permanently saying what to set', async () => {
    expect(smsChannel.configured(kernelWith({}))).toBe(false);
    const err = (await failure(send({}))) as ProviderError;
    expect(err.kind).toBe('permanent');
    expect(err.message).toContain('TOCSIN_TWILIO_*');
  });

  it('a bad variable is refused by name when the providers are built', () => {
    expect(() => smsChannel.providers(kernelWith({ ...env(), TOCSIN_SMS_ROUTES: '+44=nexmo' }))).toThrow(ValidationError);
  });

  it('routes +44 to Vonage and fails over to Twilio (with its status callback) when Vonage refuses', async () => {
    expect(smsChannel.configured(kernelWith(env()))).toBe(true);
    w.answer = (r) =>
      r.url === '/sms/json'
        ? { body: JSON.stringify({ 'message-count': '1', messages: [{ status: '9', 'error-text': 'Partner quota exceeded' }] }) }
        : { status: 201, body: '{"sid":"SM42"}' };
    w.requests.length = 0;
    expect(await send(env())).toEqual({ providerRef: 'twilio:SM42' });
    expect(w.requests.map((r) => r.url)).toEqual(['/sms/json', `/2010-04-01/Accounts/AC${'1'.repeat(32)}/Messages.json`]);
    // Vonage's replies reach Tocsin only signed (no secret here): its SMS does not ask for one; Twilio's does.
    expect(formOf(w.requests[0]!.body)).toMatchObject({ to: '447700900000', from: '447700900001', text: '[SEV-1] #42 Checkout is down.', callback: 'https://tocsin.example.com/notify/vonage/sms-status' });
    expect(formOf(w.requests[1]!.body)).toMatchObject({ To: '+447700900000', Body: '[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821', StatusCallback: 'https://tocsin.example.com/notify/twilio/sms-status' });
  });

  it("with Vonage's signature secret set, its pages ask for a reply too", async () => {
    w.answer = () => ({ body: JSON.stringify({ 'message-count': '1', messages: [{ status: '0', 'message-id': '0A1' }] }) });
    w.requests.length = 0;
    expect(await send({ ...env(), TOCSIN_VONAGE_SIGNATURE_SECRET: 'sig' })).toEqual({ providerRef: 'vonage:0A1' });
    expect(formOf(w.requests[0]!.body).text).toBe('[SEV-1] #42 Checkout is down. Reply ACK 4821 or RES 4821');
  });
});
