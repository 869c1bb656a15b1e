import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { failure, formOf, startWireServer, type WireServer } from '../../../test/support/sms-wire.js';
import { twilioSms } from './twilio-sms.js';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;

describe('Twilio SMS provider (wire format against a local server)', () => {
  let w: WireServer;
  beforeAll(async () => {
    w = await startWireServer();
  });
  afterAll(async () => w.close());

  const sender = (from = '+15557654321', timeoutMs = 2_000) => {
    const s = twilioSms({ accountSid: SID, authToken: 'tok', from, baseUrl: w.base }, { statusCallback: 'https://tocsin.example.com/notify/twilio/sms-status', clock: new FakeClock('2026-01-05T09:00:00Z') });
    return (to = '+15550001111') => s.send({ to, text: 'Checkout is down & out', idempotencyKey: 'page:1', signal: AbortSignal.timeout(timeoutMs) });
  };

  it('POSTs the documented form to Messages.json with Basic auth and answers the message sid', async () => {
    w.answer = () => ({ status: 201, body: JSON.stringify({ sid: 'SM0123', status: 'queued' }) });
    expect(await sender()()).toBe('SM0123');
    const r = w.requests.at(-1)!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:tok`).toString('base64')}`);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(formOf(r.body)).toEqual({ To: '+15550001111', From: '+15557654321', Body: 'Checkout is down & out', StatusCallback: 'https://tocsin.example.com/notify/twilio/sms-status' });
  });

  it('sends from a Messaging Service when the sender is an MG sid', async () => {
    w.answer = () => ({ status: 201, body: '{"sid":"SM1"}' });
    const mg = `MG${'a'.repeat(32)}`;
    await sender(mg)();
    const form = formOf(w.requests.at(-1)!.body);
    expect(form.MessagingServiceSid).toBe(mg);
    expect(form.From).toBeUndefined();
  });

  it.each([
    [400, 21211, 'permanent'],
    [401, 20003, 'permanent'],
    [404, 20404, 'permanent'],
    [429, 20429, 'transient'],
    [500, 20500, 'transient'],
    [503, 20503, 'transient'],
  ] as const)('HTTP %i (code %i) is %s and says Twilio’s code', async (status, code, kind) => {
    w.answer = () => ({ status, body: JSON.stringify({ code, message: 'The To number is not valid', status }) });
    const err = (await failure(sender()())) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe(kind);
    expect(err.responseCode).toBe(status);
    expect(err.message).toContain(`twilio: HTTP ${status} ${code} The To number is not valid`);
  });

  it('honours Retry-After on 429', async () => {
    w.answer = () => ({ status: 429, headers: { 'retry-after': '3' }, body: '{}' });
    expect(((await failure(sender()())) as ProviderError).retryAfterMs).toBe(3_000);
  });

  it('a 2xx without a sid (not Twilio at that URL) fails permanently', async () => {
    w.answer = () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>proxy</html>' });
    expect(((await failure(sender()())) as ProviderError).kind).toBe('permanent');
  });

  it('gives up at its timeout when Twilio hangs', async () => {
    w.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await failure(sender(undefined, 200)());
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
