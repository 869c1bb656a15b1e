import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { basic, failure, startWireServer, voiceMessage, type WireServer } from '../../../test/support/voice-wire.js';
import { createTwilioVoiceProvider } from './twilio-voice.js';

const SID = `AC${'a1'.repeat(16)}`;
const TOKEN = 'twilio-auth-token';

describe('Twilio voice provider (Calls API on a local server)', () => {
  let wire: WireServer;
  const provider = (timeoutMs = 2_000) =>
    createTwilioVoiceProvider({
      settings: { accountSid: SID, authToken: TOKEN, from: '+15550009999', baseUrl: wire.base },
      publicUrl: 'https://tocsin.example.com/',
      timeoutMs,
      clock: new FakeClock('2026-01-05T09:00:00Z'),
    });
  const call = (msg = voiceMessage(), timeoutMs = 2_000) => provider(timeoutMs).send(msg, { idempotencyKey: msg.key, signal: AbortSignal.timeout(timeoutMs) });

  beforeAll(async () => {
    wire = await startWireServer();
  });
  afterAll(() => wire.close());

  it('POSTs the documented form to /2010-04-01/Accounts/{Sid}/Calls.json with Basic auth and takes the call SID', async () => {
    wire.answer = () => ({ status: 201, body: { sid: 'CA0123456789abcdef0123456789abcdef', status: 'queued' } });
    const result = await call();
    expect(result).toEqual({ providerRef: 'CA0123456789abcdef0123456789abcdef', responseCode: 201 });
    const req = wire.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(req.headers.authorization).toBe(basic(SID, TOKEN));
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
      To: '+15551230001',
      From: '+15550009999',
      Url: 'https://tocsin.example.com/notify/twilio/voice/obx_call1',
      Method: 'POST',
      StatusCallback: 'https://tocsin.example.com/notify/twilio/voice/obx_call1/status',
      StatusCallbackMethod: 'POST',
      MachineDetection: 'Enable',
    });
  });

  it('refuses a number that is not E.164 without calling Twilio', async () => {
    const before = wire.requests.length;
    const err = await failure(call(voiceMessage('555-1234')));
    expect((err as ProviderError).kind).toBe('permanent');
    expect(wire.requests.length).toBe(before);
  });

  it.each([
    [400, 'permanent', { code: 21211, message: "The 'To' number is not a valid phone number." }],
    [401, 'permanent', { code: 20003, message: 'Authenticate' }],
    [404, 'permanent', { code: 20404, message: 'The requested resource was not found' }],
    [429, 'transient', { code: 20429, message: 'Too Many Requests' }],
    [500, 'transient', { message: 'Internal Server Error' }],
    [503, 'transient', 'Service Unavailable'],
  ] as const)('HTTP %i is %s and keeps Twilio\'s message', async (status, kind, body) => {
    wire.answer = () => ({ status, body });
    const err = (await failure(call())) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe(kind);
    expect(err.responseCode).toBe(status);
    if (typeof body === 'object') expect(err.message).toContain(body.message);
  });

  it('honours Retry-After on 429', async () => {
    wire.answer = () => ({ status: 429, headers: { 'retry-after': '30' }, body: { code: 20429 } });
    expect(((await failure(call())) as ProviderError).retryAfterMs).toBe(30_000);
  });

  it('a hanging Twilio is abandoned at the timeout (a transient error)', async () => {
    wire.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await failure(call(voiceMessage(), 200));
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
