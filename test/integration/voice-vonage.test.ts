import { generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { hs256, payloadHash } from '../../src/notify/vonage-jwt.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { snapshot } from './incidents-helpers.js';
import { pageByVoice } from '../support/voice-pages.js';
import { startWireServer, untilMessage, type WireServer } from '../support/voice-wire.js';

// Voice pages through Vonage's Voice API, on both databases: the dispatcher places the call
// (POST /v1/calls on a local server, with the application's JWT), Vonage's callbacks (each with
// its HS256 JWT over the body) get the words (NCCO), a key press acts on the incident as the
// person paged, a forged or replayed callback changes nothing, and a voicemail never acknowledges.

const APP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SECRET = 'vonage-test-signature-secret';
const PUBLIC = 'https://tocsin.example.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const env: Record<string, string> = {
  TOCSIN_PUBLIC_URL: PUBLIC,
  TOCSIN_VONAGE_APPLICATION_ID: APP,
  TOCSIN_VONAGE_PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  TOCSIN_VONAGE_SIGNATURE_SECRET: SECRET,
  TOCSIN_VONAGE_VOICE_FROM: '+447700900001',
  TOCSIN_VOICE_TIMEOUT_MS: '2000',
};

let wire: WireServer;
beforeAll(async () => {
  // Before the harness builds the kernel: the provider reads the base URL then.
  wire = await startWireServer();
  env.TOCSIN_VONAGE_VOICE_BASE_URL = wire.base;
});
afterAll(() => wire.close());

async function pageSomeone(h: Harness, opts: Parameters<typeof pageByVoice>[1] = {}) {
  const page = await pageByVoice(h, opts);
  return { ...page, path: `/notify/vonage/voice/${page.message.id}` };
}

/** A callback as Vonage sends it: JSON, with a JWT signed by the signature secret over the body's hash. */
function vonage(h: Harness, path: string, body: Record<string, unknown>, opts: { secret?: string; signedBody?: string; iat?: number; authorization?: string } = {}) {
  const text = JSON.stringify(body);
  const iat = opts.iat ?? Math.floor(h.clock.now().getTime() / 1000);
  const jwt = hs256(opts.secret ?? SECRET, { iat, jti: randomUUID(), iss: 'Vonage', application_id: APP, payload_hash: payloadHash(opts.signedBody ?? text) });
  return h.call('POST', path, { body: text, headers: { 'content-type': 'application/json', authorization: opts.authorization ?? `Bearer ${jwt}` } });
}

/** The claims of a request's bearer JWT, once its RS256 signature checks out with the application's public key. */
function applicationClaims(authorization: string | string[] | undefined): Record<string, unknown> {
  const [head, claims, sig] = String(authorization).replace(/^Bearer /, '').split('.') as [string, string, string];
  expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(verify('sha256', Buffer.from(`${head}.${claims}`), keys.publicKey, Buffer.from(sig, 'base64url'))).toBe(true);
  return JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
}

const placeCall = (h: Harness, key: string) => untilMessage(h, key, (m) => m.status === 'sent');
const uuid = 'aaaaaaaa-0000-4000-8000-000000000001';
const key4 = { dtmf: { digits: '4', timed_out: false }, uuid, conversation_uuid: 'CON-1', timestamp: '2026-01-05T09:00:00.000Z' };
const says = (res: { json(): unknown }) => (res.json() as { text?: string }[]).map((a) => a.text).filter(Boolean);

describeEachDatabase(
  'voice pages through Vonage',
  (h) => {
    it('the dispatcher places the call: the exact /v1/calls request, a JWT of the application, the call uuid as provider ref', async () => {
      wire.answer = () => ({ status: 201, body: { uuid, status: 'started', direction: 'outbound', conversation_uuid: 'CON-1' } });
      const { message, key } = await pageSomeone(h);
      const before = wire.requests.length;
      const sent = await placeCall(h, key);
      expect(sent.providerRef).toBe(uuid);
      const req = wire.requests.slice(before).at(-1)!;
      expect([req.method, req.url, req.headers['content-type']]).toEqual(['POST', '/v1/calls', 'application/json']);
      const now = Math.floor(h.clock.now().getTime() / 1000);
      expect(applicationClaims(req.headers.authorization)).toMatchObject({ application_id: APP, iat: now, exp: now + 300 });
      const call = `${PUBLIC}/notify/vonage/voice/${message.id}`;
      expect(JSON.parse(req.body)).toEqual({
        to: [{ type: 'phone', number: '15551230001' }],
        from: { type: 'phone', number: '447700900001' },
        answer_url: [`${call}/answer`],
        answer_method: 'POST',
        event_url: [`${call}/event`],
        event_method: 'POST',
        machine_detection: 'continue',
      });
    });

    it('the call is answered: the summary and the menu, then one key; a person detected makes it delivered', async () => {
      wire.answer = () => ({ status: 201, body: { uuid } });
      const { path, incident, key } = await pageSomeone(h);
      await placeCall(h, key);
      const res = await vonage(h, `${path}/answer`, { uuid, conversation_uuid: 'CON-1', from: '447700900001', to: '15551230001' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([
        { action: 'talk', text: `Tocsin page. SEV-1 incident ${incident.number}: Checkout returns 502. Service: checkout.`, language: 'en-US', bargeIn: true },
        { action: 'talk', text: 'Press 4 to acknowledge, 6 to resolve, 1 to repeat.', language: 'en-US', bargeIn: true },
        { action: 'input', type: ['dtmf'], dtmf: { maxDigits: 1, timeOut: 8 }, eventUrl: [`${PUBLIC}${path}/input?round=1`], eventMethod: 'POST' },
      ]);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('sent');
      expect((await vonage(h, `${path}/event`, { uuid, status: 'human' })).statusCode).toBe(204);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('delivered');
    });

    it('pressing 4 acknowledges as the person paged, by voice; pressing it again is harmless', async () => {
      const { path, incident, user } = await pageSomeone(h);
      const res = await vonage(h, `${path}/input?round=1`, key4);
      expect(says(res)).toEqual(['Incident acknowledged. Thank you. Goodbye.']);
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      const ack = after.timeline.find((e) => e.kind === 'acknowledged');
      expect(ack?.actor_id).toBe(user.id);
      expect(JSON.stringify(ack)).toContain('voice');
      expect(says(await vonage(h, `${path}/input?round=1`, key4))).toEqual(['This incident is already acknowledged. Nothing changed. Goodbye.']);
      expect((await snapshot(h.db, incident.id)).timeline).toHaveLength(after.timeline.length);
    });

    it('6 resolves; 1 says it all again, no key asks again until the third round, and neither changes anything', async () => {
      const { path, incident } = await pageSomeone(h);
      const before = await snapshot(h.db, incident.id);
      const repeat = await vonage(h, `${path}/input?round=1`, { ...key4, dtmf: { digits: '1', timed_out: false } });
      expect((repeat.json() as { action: string; eventUrl?: string[] }[]).at(-1)).toMatchObject({ action: 'input', eventUrl: [`${PUBLIC}${path}/input?round=2`] });
      const silent = { ...key4, dtmf: { digits: '', timed_out: true } };
      expect((await vonage(h, `${path}/input?round=2`, silent)).json()).toHaveLength(3);
      expect(says(await vonage(h, `${path}/input?round=3`, silent))).toEqual(['No key was pressed. The page stays open. Goodbye.']);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect(says(await vonage(h, `${path}/input?round=1`, { ...key4, dtmf: { digits: '6', timed_out: false } }))).toEqual(['Incident resolved. Thank you. Goodbye.']);
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('resolved');
    });

    it('an answering machine: a note on the timeline, the call moved to a short message (PUT, the JWT), never acknowledged nor delivered', async () => {
      wire.answer = (r) => (r.method === 'PUT' ? { status: 204 } : { status: 201, body: { uuid } });
      const { path, incident, key } = await pageSomeone(h);
      await placeCall(h, key);
      const before = await snapshot(h.db, incident.id);
      const seen = wire.requests.length;
      expect((await vonage(h, `${path}/event`, { uuid, status: 'machine', sub_state: 'beep_start' })).statusCode).toBe(204);
      const after = await snapshot(h.db, incident.id);
      expect(after.incident).toEqual(before.incident);
      const added = after.timeline.slice(before.timeline.length);
      expect(added.map((e) => [e.kind, e.actor_kind, (JSON.parse(String(e.data)) as { text: string }).text])).toEqual([
        ['note', 'system', 'Voice page to +15551230001 reached an answering machine: a message was left, which does not acknowledge.'],
      ]);
      const put = wire.requests.slice(seen).find((r) => r.method === 'PUT')!;
      expect(put.url).toBe(`/v1/calls/${uuid}`);
      expect(applicationClaims(put.headers.authorization)).toMatchObject({ application_id: APP });
      expect(JSON.parse(put.body)).toEqual({
        action: 'transfer',
        destination: { type: 'ncco', ncco: [{ action: 'talk', text: 'Tocsin page. SEV-1 incident ' + incident.number + ': Checkout returns 502. Service: checkout. This message does not acknowledge the page. Open Tocsin to respond.', language: 'en-US' }] },
      });
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('sent');
    });

    it('forged, tampered or replayed callbacks are refused (403) and change nothing', async () => {
      const { path, incident, key } = await pageSomeone(h);
      const before = await snapshot(h.db, incident.id);
      const forged = [
        await vonage(h, `${path}/input`, key4, { secret: 'not-the-secret' }),
        await vonage(h, `${path}/input`, key4, { authorization: '' }),
        // Signed for 1, sent with 4: the body's hash is covered.
        await vonage(h, `${path}/input`, key4, { signedBody: JSON.stringify({ ...key4, dtmf: { digits: '1', timed_out: false } }) }),
        // A real callback kept and sent again an hour later.
        await vonage(h, `${path}/input`, key4, { iat: Math.floor(h.clock.now().getTime() / 1000) - 3600 }),
        await vonage(h, `${path}/event`, { uuid, status: 'busy' }, { secret: 'x' }),
        await vonage(h, `${path}/answer`, {}, { authorization: `Bearer ${hs256(SECRET, { iat: 0 }).split('.').slice(0, 2).join('.')}.` }),
      ];
      expect(forged.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('pending');
    });

    it('a viewer paged cannot act by phone; a test page only confirms; an unknown call is told so', async () => {
      const viewer = await pageSomeone(h, { role: 'viewer' });
      const before = await snapshot(h.db, viewer.incident.id);
      expect(says(await vonage(h, `${viewer.path}/input`, key4))[0]).toContain('cannot act');
      expect(await snapshot(h.db, viewer.incident.id)).toEqual(before);
      const test = await pageSomeone(h, { kind: 'test' });
      expect(says(await vonage(h, `${test.path}/input`, key4))[0]).toContain('Test page received');
      expect((await snapshot(h.db, test.incident.id)).incident?.status).toBe('triggered');
      const gone = await vonage(h, '/notify/vonage/voice/obx_nope/input', key4);
      expect([gone.statusCode, says(gone)]).toEqual([200, ['This Tocsin call is no longer valid. Goodbye.']]);
    });

    it('call events: busy, no answer or failed fail the page (a failure receipt paging follows up); completed adds nothing', async () => {
      wire.answer = () => ({ status: 201, body: { uuid } });
      for (const [status, error] of [
        ['busy', 'voice call not answered: the line was busy'],
        ['timeout', 'voice call not answered: nobody answered'],
        ['rejected', 'voice call not answered: the call could not be placed (number unreachable or refused)'],
        ['completed', null],
      ] as const) {
        const { path, incident, key } = await pageSomeone(h);
        await placeCall(h, key);
        const before = await snapshot(h.db, incident.id);
        expect((await vonage(h, `${path}/event`, { uuid, status })).statusCode).toBe(204);
        const m = await findMessageByKey(h.db.kysely, key);
        expect([m?.status, m?.lastError ?? null], status).toEqual(error ? ['failed', error] : ['sent', null]);
        expect(await snapshot(h.db, incident.id)).toEqual(before);
      }
    });

    it('Vonage answering 4xx/5xx: the call fails with its reason or is retried, never silently sent', async () => {
      wire.answer = () => ({ status: 400, body: { type: 'https://developer.nexmo.com/api-errors#bad-request', title: 'Bad Request', detail: 'The to number is invalid' } });
      const bad = await pageSomeone(h);
      await h.kernel.engine.runOnce();
      const failed = await untilMessage(h, bad.key, (m) => m.status === 'failed');
      expect(failed.lastError).toContain('HTTP 400: Bad Request The to number is invalid');
      wire.answer = () => ({ status: 503, body: { title: 'Service Unavailable' } });
      const down = await pageSomeone(h);
      const retry = await untilMessage(h, down.key, (m) => m.lastError !== null);
      expect(retry.status).toBe('sending');
      expect(retry.lastError).toContain('HTTP 503');
      wire.answer = () => ({ status: 201, body: { uuid } });
    });
  },
  { env },
);
