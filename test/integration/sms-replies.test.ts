import { expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { twilioSignature } from '../../src/notify/twilio-signature.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { smsPaged } from '../support/sms-pages.js';
import { snapshot } from './incidents-helpers.js';

// Twilio's webhooks for SMS on both databases: a signed reply "ACK 4821" from the phone a page
// went to acknowledges the incident as that person (via sms on the timeline); a forged one is
// refused with 403 and changes nothing; a signed delivery report settles the outbox message.

const PUBLIC_URL = 'https://tocsin.example.com';
const TOKEN = 'twilio-auth-token';
const PHONE = '+15550001111';
const ENV = {
  TOCSIN_PUBLIC_URL: PUBLIC_URL,
  TOCSIN_TWILIO_ACCOUNT_SID: `AC${'0123456789abcdef'.repeat(2)}`,
  TOCSIN_TWILIO_AUTH_TOKEN: TOKEN,
  TOCSIN_TWILIO_FROM: '+15557654321',
};

/** Posts form parameters as Twilio does, signed for `signedUrl` with `token` (forgeries change either). */
function twilioPost(h: Harness, path: string, params: Record<string, string>, opts: { token?: string; signedUrl?: string; signature?: string } = {}) {
  const signature = opts.signature ?? twilioSignature(opts.token ?? TOKEN, opts.signedUrl ?? `${PUBLIC_URL}${path}`, params);
  return h.call('POST', path, { body: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'x-twilio-signature': signature } });
}

const reply = (h: Harness, body: string, from = PHONE, opts?: Parameters<typeof twilioPost>[3]) =>
  twilioPost(h, '/notify/twilio/sms', { MessageSid: `SM${'f'.repeat(32)}`, AccountSid: ENV.TOCSIN_TWILIO_ACCOUNT_SID, From: from, To: ENV.TOCSIN_TWILIO_FROM, Body: body, NumMedia: '0' }, opts);

const paged = (h: Harness, userId: string, replyCode: string) => smsPaged(h, userId, replyCode, PHONE, PUBLIC_URL);

const xml = (text: string) => `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${text}</Message></Response>`;

describeEachDatabase(
  'SMS replies through Twilio',
  (h) => {
    it('a signed "ACK 4821" from the paged phone acknowledges the incident as that person, via sms', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '4821');
      const res = await reply(h, 'ACK 4821');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.body).toBe(xml(`Acknowledged #${incident.number} ${incident.title}`));
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      const event = after.timeline.at(-1)!;
      expect(event).toMatchObject({ kind: 'acknowledged', actor_kind: 'user', actor_id: responder.id });
      expect(after.incident?.acknowledged_by).toBe(responder.id);
      expect(JSON.parse(event.data)).toMatchObject({ via: 'sms' });
      // A second answer is harmless and says so.
      expect((await reply(h, 'ack 4821')).body).toBe(xml(`#${incident.number} ${incident.title} is already acknowledged`));
      expect((await snapshot(h.db, incident.id)).timeline).toHaveLength(after.timeline.length);
    });

    it('forged requests are refused with 403 and change nothing', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '5150');
      const before = await snapshot(h.db, incident.id);
      const forgeries = [
        await reply(h, 'ACK 5150', PHONE, { token: 'not-the-token' }),
        await reply(h, 'ACK 5150', PHONE, { signedUrl: 'https://evil.example.com/notify/twilio/sms' }),
        await reply(h, 'ACK 5150', PHONE, { signature: '' }),
        await reply(h, 'ACK 5150', PHONE, { signature: twilioSignature(TOKEN, `${PUBLIC_URL}/notify/twilio/sms`, { From: PHONE, Body: 'hello' }) }),
      ];
      expect(forgeries.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });

    it('a code sent to another phone, an unknown code or an unreadable reply changes nothing and says why', async () => {
      const responder = await h.actor('responder');
      const { incident } = await paged(h, responder.id, '6060');
      const before = await snapshot(h.db, incident.id);
      expect((await reply(h, 'ACK 6060', '+15559998888')).body).toBe(xml('Tocsin: no page with code 6060 was sent to this number.'));
      expect((await reply(h, 'ACK 1234')).body).toBe(xml('Tocsin: no page with code 1234 was sent to this number.'));
      // What is not a reply hears the format by an SMS of its own, once in ten minutes per phone
      // (an auto-reply answered inline every time could loop): nothing inline.
      const helps = async () => (await h.db.kysely.selectFrom('outbox_messages').select(['key', 'payload']).where('key', 'like', 'sms-reply:twilio:help:%').execute());
      const helpsBefore = (await helps()).length;
      expect((await reply(h, 'on my way')).body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      expect((await reply(h, "I'm driving")).body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      const queued = await helps();
      expect(queued).toHaveLength(helpsBefore + 1);
      expect(JSON.parse(queued.at(-1)!.payload)).toMatchObject({ to: PHONE, details: { provider: 'twilio' }, content: { text: expect.stringContaining('reply ACK 4821 to acknowledge') } });
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });

    it('a bare "ack" acts on the latest page to that phone; "RES <code>" resolves', async () => {
      const responder = await h.actor('responder');
      const older = await paged(h, responder.id, '7001');
      const newer = await paged(h, responder.id, '7002');
      expect((await reply(h, 'ack')).body).toBe(xml(`Acknowledged #${newer.incident.number} ${newer.incident.title}`));
      expect((await snapshot(h.db, older.incident.id)).incident?.status).toBe('triggered');
      expect((await reply(h, 'RES 7001')).body).toBe(xml(`Resolved #${older.incident.number} ${older.incident.title}`));
      expect((await snapshot(h.db, older.incident.id)).incident?.status).toBe('resolved');
    });

    it('a viewer’s reply cannot act', async () => {
      const viewer = await h.actor('viewer');
      const { incident } = await paged(h, viewer.id, '8008');
      expect((await reply(h, 'ACK 8008')).body).toBe(xml('Tocsin: your account cannot act on incidents.'));
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('triggered');
    });

    it('a signed delivery report marks the message delivered; a forged one does not', async () => {
      const responder = await h.actor('responder');
      const { key } = await paged(h, responder.id, '9009');
      const sid = `SM${'a'.repeat(32)}`;
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', provider_ref: `twilio:${sid}`, sent_at: 1, lease_owner: null }).where('key', '=', key).execute();
      const report = { MessageSid: sid, MessageStatus: 'delivered', AccountSid: ENV.TOCSIN_TWILIO_ACCOUNT_SID, To: PHONE };
      expect((await twilioPost(h, '/notify/twilio/sms-status', report, { token: 'forged' })).statusCode).toBe(403);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('sent');
      expect((await twilioPost(h, '/notify/twilio/sms-status', report)).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('delivered');
      // A failure report after delivery moves nothing; on a message only sent, it fails it.
      expect((await twilioPost(h, '/notify/twilio/sms-status', { ...report, MessageStatus: 'undelivered', ErrorCode: '30003' })).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('delivered');
      const other = await paged(h, responder.id, '9010');
      const sid2 = `SM${'b'.repeat(32)}`;
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', provider_ref: `twilio:${sid2}`, sent_at: 1, lease_owner: null }).where('key', '=', other.key).execute();
      expect((await twilioPost(h, '/notify/twilio/sms-status', { ...report, MessageSid: sid2, MessageStatus: 'undelivered', ErrorCode: '30003' })).statusCode).toBe(204);
      const failed = await findMessageByKey(h.db.kysely, other.key);
      expect([failed?.status, failed?.lastError]).toEqual(['failed', 'Twilio: undelivered (error 30003)']);
    });
  },
  { env: ENV },
);
