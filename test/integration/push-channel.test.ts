import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../src/core/module.js';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import type { ChannelPayload } from '../../src/notify/content.js';
import { pushChannel, vapidIdentity } from '../../src/notify/channels/push.js';
import { VAPID_SETTING_KEY } from '../../src/notify/push-store.js';
import { generateVapidKeys } from '../../src/notify/providers/push-vapid.js';
import { describeEachDatabase } from '../support/harness.js';
import { rig } from '../support/outbox-fixtures.js';
import { decryptPushBody, startPushService, testSubscription, verifyVapid, type PushService } from '../support/push-service.js';

const storedRows = (h: { db: { kysely: Kernel['db']['kysely'] } }) => h.db.kysely.selectFrom('settings').selectAll().where('key', '=', VAPID_SETTING_KEY).execute();

describeEachDatabase(
  'push channel: VAPID keys made once and kept, the public key route, sends through the outbox',
  (h) => {
    let svc: PushService;
    beforeAll(async () => {
      svc = await startPushService();
    });
    afterAll(async () => svc.close());

    it('makes one key pair, once, even when instances start together, and keeps it across restarts', async () => {
      expect(await storedRows(h)).toEqual([]);
      // Each copy of the kernel is a fresh process as far as the cache goes: all read the same row.
      const keys = await Promise.all(Array.from({ length: 5 }, () => vapidIdentity({ ...h.kernel })));
      expect(new Set(keys.map((k) => k.publicKey)).size).toBe(1);
      expect(await storedRows(h)).toHaveLength(1);
      expect((await vapidIdentity({ ...h.kernel })).privateKey).toBe(keys[0]!.privateKey);
      expect(keys[0]!.subject).toBe('mailto:tocsin@localhost');
    });

    it('GET /push/vapid-public-key: any signed-in user gets the stored key; nobody else', async () => {
      expect((await h.call('GET', '/api/v1/push/vapid-public-key')).statusCode).toBe(401);
      const viewer = await h.actor('viewer');
      const res = await h.call('GET', '/api/v1/push/vapid-public-key', { token: viewer.token });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ public_key: (await vapidIdentity(h.kernel)).publicKey });
      expect(Buffer.from(res.json().public_key, 'base64url')).toHaveLength(65);
    });

    it('a page goes out through the outbox, signed with the stored key; a 410 fails it for good', async () => {
      const sub = testSubscription(`${svc.origin}/push/device-1`);
      const [provider] = pushChannel.providers(h.kernel);
      const r = rig(h.db, [provider!]);
      const payload: ChannelPayload = { to: sub.endpoint, details: { keys: sub.keys }, contactMethodId: 'cm_1', content: { kind: 'test', subject: 'Test page', text: 'It works.' } };
      svc.answer = () => ({ status: 201 });
      await r.send({ key: 'push:ok', channel: 'push', payload });
      await r.cycle();
      expect(await findMessageByKey(h.db.kysely, 'push:ok')).toMatchObject({ status: 'sent' });
      const req = svc.received.at(-1)!;
      verifyVapid(req.headers.authorization, (await vapidIdentity(h.kernel)).publicKey);
      expect(JSON.parse(decryptPushBody(req.body, sub))).toMatchObject({ title: 'Test page', body: 'It works.', kind: 'test' });

      svc.answer = () => ({ status: 410 });
      await r.send({ key: 'push:gone', channel: 'push', payload });
      await r.cycle();
      expect(await findMessageByKey(h.db.kysely, 'push:gone')).toMatchObject({ status: 'failed' });
      expect(svc.received).toHaveLength(2);
    });
  },
  { env: { TOCSIN_PUSH_ALLOW_HTTP: 'true' } },
);

const configured = generateVapidKeys();
describeEachDatabase(
  'push channel with configured VAPID keys',
  (h) => {
    it('uses the configured pair and stores nothing', async () => {
      const viewer = await h.actor('viewer');
      expect((await h.call('GET', '/api/v1/push/vapid-public-key', { token: viewer.token })).json()).toEqual({ public_key: configured.publicKey });
      expect(await vapidIdentity(h.kernel)).toEqual({ subject: 'https://ops.example.com/oncall', ...configured });
      expect(await storedRows(h)).toEqual([]);
    });
  },
  { env: { TOCSIN_VAPID_PUBLIC_KEY: configured.publicKey, TOCSIN_VAPID_PRIVATE_KEY: configured.privateKey, TOCSIN_VAPID_SUBJECT: 'https://ops.example.com/oncall' } },
);
