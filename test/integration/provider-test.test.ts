import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { formOf, startWireServer, type WireServer } from '../support/sms-wire.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { untilMessage } from '../support/voice-wire.js';

// An admin's test of one provider, on both databases: it goes through that provider alone (Twilio
// is first in the failover order, the test of Vonage never touches it), once, and says how it went
// in the provider's words; bad input names its field and sends nothing; only admins may.

const SID = `AC${'0'.repeat(32)}`;
const env: Record<string, string> = {
  TOCSIN_PUBLIC_URL: 'https://tocsin.example.com',
  TOCSIN_TWILIO_ACCOUNT_SID: SID,
  TOCSIN_TWILIO_AUTH_TOKEN: 'twilio-token',
  TOCSIN_TWILIO_FROM: '+15557654321',
  TOCSIN_VONAGE_API_KEY: 'key1',
  TOCSIN_VONAGE_API_SECRET: 'api-secret-1',
  TOCSIN_VONAGE_FROM: '447700900001',
};

let wire: WireServer;
let mail: SmtpSink;
let vonageSays = '0';
beforeAll(async () => {
  mail = await startSmtpSink();
  env.TOCSIN_SMTP_URL = mail.url;
  env.TOCSIN_SMTP_FROM = 'tocsin@example.test';
  // Before the harness builds the kernel: the providers read their base URLs then.
  wire = await startWireServer();
  wire.answer = (r) => {
    if (r.url.endsWith('/Calls.json')) return { status: 201, body: JSON.stringify({ sid: `CA${'1'.repeat(32)}`, status: 'queued' }) };
    if (r.url.endsWith('/Messages.json')) return { status: 201, body: JSON.stringify({ sid: `SM${'2'.repeat(32)}`, status: 'queued' }) };
    return { body: JSON.stringify({ 'message-count': '1', messages: [vonageSays === '0' ? { status: '0', 'message-id': '0A0000001' } : { status: vonageSays, 'error-text': 'Bad Credentials' }] }) };
  };
  env.TOCSIN_TWILIO_BASE_URL = wire.base;
  env.TOCSIN_VONAGE_BASE_URL = wire.base;
});
afterAll(async () => {
  await wire.close();
  await mail.close();
});

interface Result {
  id: string;
  status: string;
  provider: string;
  to: string;
  provider_ref: string | null;
  error: string | null;
}

async function test(h: Harness, channel: string, body: Record<string, unknown>, role: 'admin' | 'responder' = 'admin') {
  const who = await h.actor(role);
  return h.call('POST', `/api/v1/channels/${channel}/tests`, { token: who.token, body });
}

/** The dispatcher sends it; then the API says how it went. */
async function settled(h: Harness, id: string): Promise<Result> {
  await untilMessage(h, `provider-test:${id}`, (m) => m.status !== 'pending' && m.status !== 'sending');
  const admin = await h.actor('admin');
  const res = await h.call('GET', `/api/v1/channels/tests/${id}`, { token: admin.token });
  expect(res.statusCode).toBe(200);
  return res.json() as Result;
}

describeEachDatabase(
  'testing one SMS or voice provider',
  (h) => {
    it('an SMS through Vonage alone, though Twilio comes first: exactly one request, to Vonage', async () => {
      vonageSays = '0';
      const before = wire.requests.length;
      const res = await test(h, 'sms', { provider: 'vonage', to: '+44 7911 123456' });
      expect(res.statusCode, res.body).toBe(202);
      const started = res.json() as Result;
      expect(started).toMatchObject({ provider: 'vonage', to: '+447911123456' });
      expect(await settled(h, started.id)).toMatchObject({ status: 'sent', provider_ref: 'vonage:0A0000001', error: null });
      const reqs = wire.requests.slice(before);
      expect(reqs.map((r) => r.url)).toEqual(['/sms/json']);
      expect(formOf(reqs[0]!.body)).toMatchObject({ to: '447911123456', from: '447700900001', text: expect.stringMatching(/^Tocsin: a test of vonage \(sms\), sent by .+\. Nothing to do\.$/) });
    });

    it('a provider that refuses fails the test at once with its words, and no other provider is tried', async () => {
      vonageSays = '4';
      const before = wire.requests.length;
      const started = (await test(h, 'sms', { provider: 'vonage', to: '+447911123456' })).json() as Result;
      expect(await settled(h, started.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('vonage: status 4 Bad Credentials') });
      expect(wire.requests.slice(before).map((r) => r.url)).toEqual(['/sms/json']);
      vonageSays = '0';
    });

    it('an email through the SMTP server, received by a real one', async () => {
      const before = mail.messages.length;
      const started = (await test(h, 'email', { provider: 'smtp', to: 'Ops@Example.test' })).json() as Result;
      expect(started.to).toBe('ops@example.test');
      expect(await settled(h, started.id)).toMatchObject({ status: 'sent', error: null });
      const [got] = (await mail.waitForMessages(before + 1)).slice(before);
      const parsed = await mail.parse(got!);
      expect(parsed.subject).toMatch(/^Tocsin: a test of smtp, sent by /);
      expect(parsed.to).toMatchObject({ text: 'ops@example.test' });
    });

    it('ten tests a minute per admin: the eleventh is 429 with Retry-After (each one reaches a phone and costs money)', async () => {
      const admin = await h.actor('admin');
      const codes: number[] = [];
      let last;
      for (let i = 0; i < 11; i++) {
        last = await h.call('POST', '/api/v1/channels/sms/tests', { token: admin.token, body: { provider: 'vonage', to: 'not a number' } });
        codes.push(last.statusCode);
      }
      expect(codes).toEqual([...Array(10).fill(400), 429]);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('a call through Twilio', async () => {
      const started = (await test(h, 'voice', { provider: 'twilio', to: '+14155552671' })).json() as Result;
      expect(await settled(h, started.id)).toMatchObject({ status: 'sent', provider_ref: expect.stringContaining(`CA${'1'.repeat(32)}`) });
      expect(wire.requests.at(-1)!.url).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
    });

    it('bad input names its field and sends nothing; only admins may; an unknown test is 404', async () => {
      const count = async () => (await h.db.kysely.selectFrom('outbox_messages').select('id').where('key', 'like', 'provider-test:%').execute()).length;
      const queued = await count();
      const bad = [
        await test(h, 'push', { provider: 'webpush', to: '+447911123456' }),
        await test(h, 'sms', { provider: 'gateway', to: '+447911123456' }),
        await test(h, 'voice', { provider: 'vonage', to: '+447911123456' }),
        await test(h, 'sms', { provider: 'vonage', to: 'call me' }),
        await test(h, 'sms', { provider: 'vonage', to: '+4477\u0000' }),
        await test(h, 'sms', { provider: 'vonage' }),
        await test(h, 'email', { provider: 'smtp', to: '+447911123456' }),
      ];
      expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400, 400]);
      expect(bad.map((r) => (r.json() as { field?: string }).field)).toEqual(['channel', 'provider', 'provider', 'to', 'to', 'to', 'to']);
      expect((bad[1]!.json() as { detail: string }).detail).toBe('provider must be one of the sms providers configured here (twilio, vonage), got "gateway"');
      expect((bad[2]!.json() as { detail: string }).detail).toBe('provider must be one of the voice providers configured here (twilio), got "vonage"');
      expect((await test(h, 'sms', { provider: 'vonage', to: '+447911123456' }, 'responder')).statusCode).toBe(403);
      expect(await count()).toBe(queued);
      const admin = await h.actor('admin');
      expect((await h.call('GET', '/api/v1/channels/tests/ptest_nosuchtest', { token: admin.token })).statusCode).toBe(404);
    });
  },
  { env },
);
