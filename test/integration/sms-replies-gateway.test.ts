import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { repliesQueued, smsPaged } from '../support/sms-pages.js';
import { startWireServer, type WireServer } from '../support/sms-wire.js';
import { untilMessage } from '../support/voice-wire.js';
import { snapshot } from './incidents-helpers.js';

// Replies through the operator's own SMS gateway, on both databases: a phone running an
// SMS-gateway app posts each SMS it receives as JSON (sender and text at configured paths, the
// shared token as a bearer), or a modem's gateway calls a URL with them as parameters; a reply
// "ACK 4821" from the paged phone acts as that person, and the answer goes back through the
// gateway (its exact request on a local server). Without the token nothing changes.

const PUBLIC_URL = 'https://tocsin.example.com';
const TOKEN = 'gateway-token-0123456789';
const PHONE = '+447700900123';
const app: Record<string, string> = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_SMS_GATEWAY_BODY: '{"message":"{{text}}","phoneNumbers":["{{to}}"]}',
  TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: TOKEN,
  TOCSIN_SMS_GATEWAY_INBOUND_FROM: 'payload.phoneNumber',
  TOCSIN_SMS_GATEWAY_INBOUND_TEXT: 'payload.message',
  TOCSIN_SMS_GATEWAY_INBOUND_ID: 'payload.messageId',
  TOCSIN_SMS_GATEWAY_REF_FIELD: 'id',
  TOCSIN_SMS_GATEWAY_STATUS_ID: 'payload.messageId',
  TOCSIN_SMS_GATEWAY_STATUS_STATE: 'event',
  TOCSIN_SMS_GATEWAY_STATUS_DELIVERED: 'sms:delivered',
  TOCSIN_SMS_GATEWAY_STATUS_FAILED: 'sms:failed',
  TOCSIN_SMS_GATEWAY_STATUS_REASON: 'payload.reason',
};
// A GSM modem's gateway (Kannel's get-url, say): GET with the sender and text as parameters.
const modem: Record<string, string> = { TOCSIN_PUBLIC_URL: PUBLIC_URL, TOCSIN_SMS_GATEWAY_METHOD: 'GET', TOCSIN_SMS_GATEWAY_INBOUND_TOKEN: TOKEN };

let wire: WireServer;
beforeAll(async () => {
  // Before the harness builds the kernel: the provider reads the URL then.
  wire = await startWireServer();
  wire.answer = () => ({ status: 202, body: '{"id":"g1","state":"Pending"}' });
  app.TOCSIN_SMS_GATEWAY_URL = `${wire.base}/message`;
  modem.TOCSIN_SMS_GATEWAY_URL = `${wire.base}/cgi-bin/sendsms?to={{to}}&text={{text}}`;
});
afterAll(() => wire.close());

const paged = (h: Harness, userId: string, code: string) => smsPaged(h, userId, code, PHONE, PUBLIC_URL);

/** An SMS the app received, as it posts it. */
const received = (h: Harness, text: string, o: { from?: string; messageId?: string; token?: string | null } = {}) =>
  h.call('POST', '/notify/sms-gateway/inbound', {
    body: JSON.stringify({ event: 'sms:received', payload: { messageId: o.messageId ?? `m-${text}`, message: text, phoneNumber: o.from ?? PHONE, receivedAt: '2026-01-05T09:00:00.000+00:00' } }),
    headers: { 'content-type': 'application/json', ...(o.token === null ? {} : { authorization: `Bearer ${o.token ?? TOKEN}` }) },
  });

/** The answer SMS for a reply key, once the dispatcher has handed it to the gateway: the gateway's request. */
async function answered(h: Harness, key: string) {
  await untilMessage(h, `sms-reply:gateway:${key}`, (m) => m.status === 'sent');
  return wire.requests.filter((r) => r.body.includes('"phoneNumbers"') || r.url.startsWith('/cgi-bin/')).at(-1)!;
}

describeEachDatabase(
  'SMS replies through a gateway app (JSON, bearer token)',
  (h) => {
    it('"ACK 4821" from the paged phone acknowledges as that person; the answer goes back through the gateway once', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '4821');
      expect((await received(h, 'ACK 4821', { messageId: 'm-1' })).statusCode).toBe(204);
      const after = await snapshot(h.db, incident.id);
      expect([after.incident?.status, after.incident?.acknowledged_by]).toEqual(['acknowledged', responder.id]);
      expect(JSON.parse(after.timeline.at(-1)!.data)).toMatchObject({ via: 'sms' });
      const req = await answered(h, 'm-1');
      expect([req.method, req.url, JSON.parse(req.body)]).toEqual(['POST', '/message', { message: `Acknowledged #${incident.number} ${incident.title}`, phoneNumbers: [PHONE] }]);
      // The app posts it again (it did not see our answer): harmless, and no second SMS.
      const before = wire.requests.length;
      expect((await received(h, 'ACK 4821', { messageId: 'm-1' })).statusCode).toBe(204);
      await h.kernel.engine.runOnce();
      expect(wire.requests.length).toBe(before);
    });

    it('texts that are not replies hear the format once in ten minutes, not once each (an auto-reply must not start a loop)', async () => {
      const helps = async () => (await h.db.kysely.selectFrom('outbox_messages').select('key').where('key', 'like', 'sms-reply:gateway:help:%').execute()).length;
      const phone = '+447911123400';
      const before = await helps();
      for (const [i, text] of ['on my way', "I'm driving, I'll text you later", 'on my way'].entries()) {
        expect((await received(h, text, { from: phone, messageId: `auto-${i}` })).statusCode).toBe(204);
      }
      expect(await helps()).toBe(before + 1);
      h.clock.advance(10 * 60_000);
      expect((await received(h, 'on my way', { from: phone, messageId: 'auto-later' })).statusCode).toBe(204);
      expect(await helps()).toBe(before + 2);
    });

    it('delivery reports: delivered settles the page; failed after the gateway took it fails it with the reason; a report without the token moves nothing', async () => {
      const responder = await h.actor('responder');
      const a = await paged(h, responder.id, '5300');
      const b = await paged(h, responder.id, '5301');
      for (const [key, id] of [[a.key, 'g-1'], [b.key, 'g-2']] as const) {
        await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', provider_ref: `gateway:${id}`, sent_at: 1, lease_owner: null }).where('key', '=', key).execute();
      }
      const report = (event: string, messageId: string, token: string | null = TOKEN) =>
        h.call('POST', '/notify/sms-gateway/status', {
          body: JSON.stringify({ event, payload: { messageId, phoneNumber: PHONE, reason: 'RESULT_ERROR_NO_SERVICE' } }),
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      expect((await report('sms:delivered', 'g-1', null)).statusCode).toBe(403);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('sent');
      expect((await report('sms:sent', 'g-1')).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('sent');
      expect((await report('sms:delivered', 'g-1')).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, a.key))?.status).toBe('delivered');
      expect((await report('sms:failed', 'g-2')).statusCode).toBe(204);
      const failed = await findMessageByKey(h.db.kysely, b.key);
      expect([failed?.status, failed?.lastError]).toEqual(['failed', 'gateway: sms:failed (RESULT_ERROR_NO_SERVICE)']);
      const noId = await h.call('POST', '/notify/sms-gateway/status', { body: JSON.stringify({ event: 'sms:failed' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
      expect([noId.statusCode, (noId.json() as { detail: string }).detail]).toEqual([400, 'no message id at "payload.messageId" (TOCSIN_SMS_GATEWAY_STATUS_ID)']);
    });

    it('without the token, or with another, the request is refused with 403 and nothing changes', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '5200');
      const before = await snapshot(h.db, incident.id);
      const queued = await repliesQueued(h);
      const codes = [(await received(h, 'ACK 5200', { token: null })).statusCode, (await received(h, 'ACK 5200', { token: 'gateway-token-0123456780' })).statusCode];
      codes.push((await h.call('GET', `/notify/sms-gateway/inbound?token=wrong&from=${encodeURIComponent(PHONE)}&text=ACK+5200`)).statusCode);
      expect(codes).toEqual([403, 403, 403]);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect(await repliesQueued(h)).toBe(queued);
    });

    it('a request without the sender or the text, or a sender that is not an international number, is a 400 naming the setting', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '6200');
      const before = await snapshot(h.db, incident.id);
      const post = (body: unknown) => h.call('POST', '/notify/sms-gateway/inbound', { body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
      const noText = await post({ payload: { phoneNumber: PHONE } });
      const noFrom = await post({ payload: { message: 'ACK 6200' } });
      const national = await post({ payload: { message: 'ACK 6200', phoneNumber: '07700 900123' } });
      expect([noText.statusCode, noFrom.statusCode, national.statusCode]).toEqual([400, 400, 400]);
      expect((noText.json() as { detail: string }).detail).toContain('TOCSIN_SMS_GATEWAY_INBOUND_TEXT');
      expect((noFrom.json() as { detail: string }).detail).toContain('TOCSIN_SMS_GATEWAY_INBOUND_FROM');
      expect((national.json() as { detail: string }).detail).toContain('not an international number');
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });
  },
  { env: app },
);

describeEachDatabase(
  'SMS replies through a modem gateway (GET, token in the URL)',
  (h) => {
    it('"RES 7200" from the paged phone resolves; the answer goes out by the gateway\'s URL; the same text twice within a minute answers once', async () => {
      const responder = await h.actor('responder');
      const { incident, key } = await paged(h, responder.id, '7200');
      const call = () => h.call('GET', `/notify/sms-gateway/inbound?token=${TOKEN}&from=${encodeURIComponent('+44 7700 900123')}&text=${encodeURIComponent('res 7200')}`);
      expect((await call()).statusCode).toBe(204);
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('resolved');
      expect(await findMessageByKey(h.db.kysely, key)).not.toBeNull();
      const [reply] = await h.db.kysely.selectFrom('outbox_messages').select('key').where('key', 'like', 'sms-reply:gateway:%').execute();
      const req = await answered(h, reply!.key.slice('sms-reply:gateway:'.length));
      expect([req.method, req.url]).toEqual(['GET', `/cgi-bin/sendsms?to=${encodeURIComponent(PHONE)}&text=${encodeURIComponent(`Resolved #${incident.number} ${incident.title}`)}`]);
      expect((await call()).statusCode).toBe(204);
      expect(await repliesQueued(h)).toBe(1);
    });
  },
  { env: modem },
);
