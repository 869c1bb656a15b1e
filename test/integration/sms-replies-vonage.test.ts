import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { vonageSmsSignature } from '../../src/notify/vonage-sms-signature.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { repliesQueued, smsPaged } from '../support/sms-pages.js';
import { formOf, startWireServer, type WireServer } from '../support/sms-wire.js';
import { untilMessage } from '../support/voice-wire.js';
import { snapshot } from './incidents-helpers.js';

// Vonage's SMS webhooks on both databases: a signed inbound "ACK 4821" from the phone a page went
// to acknowledges the incident as that person, and the answer goes back as an SMS through Vonage
// (its exact request on a local server); GET, form and JSON webhooks alike; forged, foreign or
// late ones change nothing; signed delivery receipts settle or fail the page.

const PUBLIC_URL = 'https://tocsin.example.com';
const SECRET = 'vonage-sms-signature-secret';
const PHONE = '+447700900123';
const env: Record<string, string> = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_VONAGE_API_KEY: 'key1',
  TOCSIN_VONAGE_API_SECRET: 'api-secret-1',
  TOCSIN_VONAGE_FROM: '447700900001',
  TOCSIN_VONAGE_SIGNATURE_SECRET: SECRET,
  TOCSIN_VONAGE_SIGNATURE_METHOD: 'sha256',
  // Twilio first in the failover order: an answer still goes back through Vonage, which it came by.
  TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TOCSIN_TWILIO_AUTH_TOKEN: 'twilio-token',
  TOCSIN_TWILIO_FROM: '+15557654321',
};

let wire: WireServer;
let sent = 0;
beforeAll(async () => {
  // Before the harness builds the kernel: the provider reads the base URL then.
  wire = await startWireServer();
  wire.answer = (r) =>
    r.url.startsWith('/2010-04-01/')
      ? { status: 201, body: JSON.stringify({ sid: `SM${'0'.repeat(31)}${++sent % 10}`, status: 'queued' }) }
      : { body: JSON.stringify({ 'message-count': '1', messages: [{ status: '0', 'message-id': `R${++sent}` }] }) };
  env.TOCSIN_VONAGE_BASE_URL = wire.base;
  env.TOCSIN_TWILIO_BASE_URL = wire.base;
});
afterAll(() => wire.close());

type Params = Record<string, string>;
interface Sign {
  from?: string;
  messageId?: string;
  secret?: string;
  /** Seconds since the epoch Vonage signed at; now unless said. */
  at?: number;
  apiKey?: string;
}

/** An inbound message as Vonage sends it, signed with the account's signature secret. */
function inbound(h: Harness, text: string, o: Sign = {}): Params {
  const p: Params = {
    msisdn: (o.from ?? PHONE).slice(1), to: '447700900001', messageId: o.messageId ?? randomUUID().replace(/-/g, '').slice(0, 16), text, type: 'text',
    keyword: text.split(' ')[0]!.toUpperCase(), 'message-timestamp': '2026-01-05 09:00:00', 'api-key': o.apiKey ?? 'key1',
    timestamp: String(o.at ?? Math.floor(h.clock.now().getTime() / 1000)), nonce: randomUUID(),
  };
  return { ...p, sig: vonageSmsSignature(p, o.secret ?? SECRET, 'sha256') };
}

const post = (h: Harness, path: string, p: Params) => h.call('POST', path, { body: new URLSearchParams(p).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const postJson = (h: Harness, path: string, p: Params) => h.call('POST', path, { body: JSON.stringify(p), headers: { 'content-type': 'application/json' } });
const get = (h: Harness, path: string, p: Params) => h.call('GET', `${path}?${new URLSearchParams(p).toString()}`);

const paged = (h: Harness, userId: string, replyCode: string) => smsPaged(h, userId, replyCode, PHONE, PUBLIC_URL);

/** What the person reads back: the answer SMS, sent by the dispatcher through Vonage (null: none was queued). */
async function answerTo(h: Harness, p: Params): Promise<Params | null> {
  const key = `sms-reply:vonage:${p.messageId}`;
  if (!(await findMessageByKey(h.db.kysely, key))) return null;
  const message = await untilMessage(h, key, (m) => m.status === 'sent');
  const req = wire.requests.find((r) => formOf(r.body)['client-ref'] === key)!;
  expect(message.providerRef).toMatch(/^vonage:R\d+$/);
  expect([req.method, req.url]).toEqual(['POST', '/sms/json']);
  return formOf(req.body);
}

describeEachDatabase(
  'SMS replies and receipts through Vonage',
  (h) => {
    it('a signed "ACK 4821" acknowledges as the person paged, via sms; the answer goes back through Vonage once, however often Vonage retries', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '4821');
      const p = inbound(h, 'ACK 4821');
      expect((await post(h, '/notify/vonage/sms', p)).statusCode).toBe(204);
      const after = await snapshot(h.db, incident.id);
      expect([after.incident?.status, after.incident?.acknowledged_by]).toEqual(['acknowledged', responder.id]);
      expect(JSON.parse(after.timeline.at(-1)!.data)).toMatchObject({ via: 'sms' });
      expect(await answerTo(h, p)).toEqual({
        api_key: 'key1', api_secret: 'api-secret-1', from: '447700900001', to: '447700900123',
        text: `Acknowledged #${incident.number} ${incident.title}`, 'client-ref': `sms-reply:vonage:${p.messageId}`,
        callback: `${PUBLIC_URL}/notify/vonage/sms-status`,
      });
      // Vonage retries a webhook it thinks failed: harmless, and no second answer.
      const before = wire.requests.length;
      expect((await post(h, '/notify/vonage/sms', p)).statusCode).toBe(204);
      await h.kernel.engine.runOnce();
      expect([wire.requests.length, (await snapshot(h.db, incident.id)).timeline.length]).toEqual([before, after.timeline.length]);
    });

    it('the same reply delivered five times at once (Vonage retrying a slow webhook): one acknowledgement, one answer', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '4900');
      const p = inbound(h, 'ACK 4900');
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(h, '/notify/vonage/sms', p)));
      expect(answers.map((r) => r.statusCode)).toEqual([204, 204, 204, 204, 204]);
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      expect(after.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
      const queued = await h.db.kysely.selectFrom('outbox_messages').select('key').where('key', '=', `sms-reply:vonage:${p.messageId}`).execute();
      expect(queued).toHaveLength(1);
    });

    it('as a GET (query) or a JSON post, as the dashboard may be set; "RES <code>" resolves', async () => {
      const responder = await h.actor('responder');
      const one = await paged(h, responder.id, '5101');
      const two = await paged(h, responder.id, '5102');
      const viaGet = inbound(h, 'RES 5101');
      expect((await get(h, '/notify/vonage/sms', viaGet)).statusCode).toBe(204);
      const viaJson = inbound(h, 'ack 5102');
      expect((await postJson(h, '/notify/vonage/sms', viaJson)).statusCode).toBe(204);
      expect((await snapshot(h.db, one.incident.id)).incident?.status).toBe('resolved');
      expect((await snapshot(h.db, two.incident.id)).incident?.status).toBe('acknowledged');
      expect((await answerTo(h, viaGet))?.text).toBe(`Resolved #${one.incident.number} ${one.incident.title}`);
      expect((await answerTo(h, viaJson))?.text).toBe(`Acknowledged #${two.incident.number} ${two.incident.title}`);
    });

    it('forged, tampered, unsigned or another account’s webhooks are refused with 403, change nothing and answer nothing', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '6150');
      const before = await snapshot(h.db, incident.id);
      const queued = await repliesQueued(h);
      const { sig: _sig, ...unsigned } = inbound(h, 'ACK 6150');
      const forgeries = [
        inbound(h, 'ACK 6150', { secret: 'not-the-secret' }),
        { ...inbound(h, 'ack 1234'), text: 'ACK 6150' },
        unsigned,
        inbound(h, 'ACK 6150', { apiKey: 'someone-else' }),
      ];
      const answers = [];
      for (const f of forgeries) answers.push((await post(h, '/notify/vonage/sms', f)).statusCode, (await get(h, '/notify/vonage/sms', f)).statusCode);
      expect(answers).toEqual(Array(8).fill(403));
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect(await repliesQueued(h)).toBe(queued);
    });

    it('a reply signed more than 15 minutes ago does nothing and says so; a code sent to another phone is not found', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '7150');
      const before = await snapshot(h.db, incident.id);
      const late = inbound(h, 'ACK 7150', { at: Math.floor(h.clock.now().getTime() / 1000) - 16 * 60 });
      expect((await post(h, '/notify/vonage/sms', late)).statusCode).toBe(204);
      const other = inbound(h, 'ACK 7150', { from: '+447700900999' });
      expect((await post(h, '/notify/vonage/sms', other)).statusCode).toBe(204);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect((await answerTo(h, late))?.text).toMatch(/^Tocsin: your reply reached us more than 15 minutes after it was sent, so it did nothing/);
      expect(await answerTo(h, other)).toMatchObject({ to: '447700900999', text: 'Tocsin: no page with code 7150 was sent to this number.' });
    });

    it('signed delivery receipts: delivered settles the page, failed after acceptance fails it (loud), a forged one moves nothing', async () => {
      const responder = await h.actor('responder');
      const a = await paged(h, responder.id, '8150');
      const b = await paged(h, responder.id, '8151');
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', provider_ref: 'vonage:0A01', sent_at: 1, lease_owner: null }).where('key', '=', a.key).execute();
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', provider_ref: 'vonage:0A02', sent_at: 1, lease_owner: null }).where('key', '=', b.key).execute();
      const receipt = (messageId: string, status: string, errCode: string, secret = SECRET) => {
        const p: Params = { msisdn: PHONE.slice(1), to: '447700900001', 'network-code': '23410', messageId, price: '0.03330000', status, scts: '2601050900', 'err-code': errCode, 'api-key': 'key1', 'message-timestamp': '2026-01-05 09:00:05', timestamp: String(Math.floor(h.clock.now().getTime() / 1000)), nonce: randomUUID() };
        return { ...p, sig: vonageSmsSignature(p, secret, 'sha256') };
      };
      expect((await post(h, '/notify/vonage/sms-status', receipt('0A01', 'delivered', '0', 'forged'))).statusCode).toBe(403);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('sent');
      expect((await get(h, '/notify/vonage/sms-status', receipt('0A01', 'delivered', '0'))).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('delivered');
      // A failure after delivery moves nothing; on a page only sent, it fails it with Vonage's code.
      expect((await post(h, '/notify/vonage/sms-status', receipt('0A01', 'failed', '6'))).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('delivered');
      expect((await postJson(h, '/notify/vonage/sms-status', receipt('0A02', 'rejected', '6'))).statusCode).toBe(204);
      const failed = await findMessageByKey(h.db.kysely, b.key);
      expect([failed?.status, failed?.lastError]).toEqual(['failed', 'Vonage: rejected (error 6)']);
    });
  },
  { env },
);

const { TOCSIN_VONAGE_SIGNATURE_SECRET: _secret, ...unsignedEnv } = env;
describeEachDatabase(
  'Vonage SMS webhooks without a signature secret',
  (h) => {
    it('are refused with 403 saying what to set, and act on nothing', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '9150');
      const res = await post(h, '/notify/vonage/sms', inbound(h, 'ACK 9150'));
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ detail: expect.stringContaining('TOCSIN_VONAGE_SIGNATURE_SECRET') });
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('triggered');
    });
  },
  { env: unsignedEnv },
);
