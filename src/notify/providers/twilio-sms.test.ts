import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { answerAsTwilio, failure, formOf, startWireServer, type WireServer } from '../../../test/support/sms-wire.js';
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

  describe('status: did Twilio take an SMS whose answer was lost?', () => {
    const T0 = Date.parse('2026-01-05T09:00:00Z');
    const TEXT = 'Checkout is down & out';
    const twilio = (from = '+15557654321') => twilioSms({ accountSid: SID, authToken: 'tok', from, baseUrl: w.base }, { clock: new FakeClock('2026-01-05T09:00:00Z') });
    const ask = (s: ReturnType<typeof twilio>, over: { to?: string; text?: string; since?: number; ref?: string | null } = {}) =>
      s.status!({ to: '+15550001111', text: TEXT, since: T0, ref: null, signal: AbortSignal.timeout(2_000), ...over });
    const sendAt = async (s: ReturnType<typeof twilio>, at: number, to = '+15550001111', text = TEXT) => {
      clock = at;
      return s.send({ to, text, idempotencyKey: 'page:1', signal: AbortSignal.timeout(2_000) });
    };
    let clock = T0;

    it('reads the documented message list (To, From, DateSent>=, PageSize) with Basic auth and finds ours by number, text and time', async () => {
      const fake = answerAsTwilio(w, { clock: () => clock });
      const s = twilio();
      const sid = await sendAt(s, T0 + 400);
      expect(await ask(s)).toEqual({ state: 'accepted', providerRef: sid });
      const r = fake.reads.at(-1)!;
      expect(r.method).toBe('GET');
      // `DateSent>=2026-01-05` is the parameter `DateSent>` with the value 2026-01-05.
      expect(r.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json?To=%2B15550001111&From=%2B15557654321&DateSent%3E=2026-01-05&PageSize=50`);
      expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:tok`).toString('base64')}`);
      expect(r.headers.accept).toBe('application/json');
      expect(r.body).toBe('');
      // Just after midnight the day before is asked for too (Twilio's clock may be a little behind).
      await ask(s, { since: Date.parse('2026-01-06T00:00:02Z') });
      expect(new URL(fake.reads.at(-1)!.url, w.base).searchParams.get('DateSent>')).toBe('2026-01-05');
    });

    it('another text, another number, or the same text sent before the first attempt is not ours: unknown', async () => {
      answerAsTwilio(w, { clock: () => clock });
      const s = twilio();
      await sendAt(s, T0 - 60_000); // the same page a round earlier
      await sendAt(s, T0 + 100, '+15550002222');
      await sendAt(s, T0 + 200, '+15550001111', 'Checkout is down & out (2)');
      expect(await ask(s)).toEqual({ state: 'unknown' });
      await sendAt(s, T0 - 2_000); // Twilio's clock 2 s behind ours: still ours
      expect(await ask(s)).toMatchObject({ state: 'accepted' });
    });

    it('delivered is delivered; failed or undelivered never reached the person: unknown, so the outbox sends again', async () => {
      const fake = answerAsTwilio(w, { clock: () => clock });
      const s = twilio();
      const sid = await sendAt(s, T0 + 10);
      fake.messages[0]!.status = 'delivered';
      expect(await ask(s)).toEqual({ state: 'delivered', providerRef: sid });
      for (const status of ['failed', 'undelivered']) {
        fake.messages[0]!.status = status;
        expect(await ask(s)).toEqual({ state: 'unknown' });
      }
      fake.messages[0]!.status = 'queued';
      expect(await ask(s)).toEqual({ state: 'accepted', providerRef: sid });
    });

    it('with a sid it fetches that message; a sid Twilio does not know is unknown', async () => {
      const fake = answerAsTwilio(w, { clock: () => clock });
      const s = twilio();
      const sid = (await sendAt(s, T0 + 10))!;
      expect(await ask(s, { ref: sid })).toEqual({ state: 'accepted', providerRef: sid });
      expect(fake.reads.at(-1)!.url).toBe(`/2010-04-01/Accounts/${SID}/Messages/${sid}.json`);
      expect(await ask(s, { ref: `SM${'f'.repeat(32)}` })).toEqual({ state: 'unknown' });
    });

    it('from a Messaging Service: no From in the query, ours by messaging_service_sid', async () => {
      const fake = answerAsTwilio(w, { clock: () => clock });
      const mg = `MG${'a'.repeat(32)}`;
      const s = twilio(mg);
      const sid = await sendAt(s, T0 + 10);
      expect(await ask(s)).toEqual({ state: 'accepted', providerRef: sid });
      expect(new URL(fake.reads.at(-1)!.url, w.base).searchParams.has('From')).toBe(false);
    });

    it('an error answer throws: the outbox sends again', async () => {
      w.answer = () => ({ status: 503, body: JSON.stringify({ code: 20503, message: 'Service unavailable', status: 503 }) });
      expect(((await failure(ask(twilio()))) as ProviderError).responseCode).toBe(503);
      w.answer = () => ({ status: 200, body: '<html>proxy</html>' });
      expect(await failure(ask(twilio()))).toBeInstanceOf(ProviderError);
    });
  });
});
