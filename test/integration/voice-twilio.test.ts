import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { twilioSignature } from '../../src/notify/twilio-signature.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { snapshot } from './incidents-helpers.js';
import { pageByVoice } from '../support/voice-pages.js';
import { basic, startWireServer, untilMessage, type WireServer } from '../support/voice-wire.js';

// Voice pages through Twilio, on both databases: the dispatcher places the call (Calls API on a
// local server), Twilio's callbacks (signed) get the TwiML, a key press acts on the incident as
// the person paged, a forged callback changes nothing, and a voicemail never acknowledges.

const SID = `AC${'b2'.repeat(16)}`;
const TOKEN = 'voice-test-auth-token';
const PUBLIC = 'https://tocsin.example.com';
const env: Record<string, string> = {
  TOCSIN_PUBLIC_URL: PUBLIC,
  TOCSIN_TWILIO_ACCOUNT_SID: SID,
  TOCSIN_TWILIO_AUTH_TOKEN: TOKEN,
  TOCSIN_TWILIO_FROM: '+15550009999',
  TOCSIN_VOICE_TIMEOUT_MS: '2000',
};

let wire: WireServer;
beforeAll(async () => {
  // Before the harness builds the kernel: the provider reads the base URL then.
  wire = await startWireServer();
  env.TOCSIN_TWILIO_BASE_URL = wire.base;
});
afterAll(() => wire.close());

/** A voice page for someone, and the path Twilio calls back on for it. */
async function pageSomeone(h: Harness, opts: Parameters<typeof pageByVoice>[1] = {}) {
  const page = await pageByVoice(h, opts);
  return { ...page, path: `/notify/twilio/voice/${page.message.id}` };
}

/** A callback as Twilio sends it: form-encoded, signed over TOCSIN_PUBLIC_URL + path + query. */
function twilio(h: Harness, path: string, fields: Record<string, string>, opts: { signature?: string } = {}) {
  const body = new URLSearchParams(fields).toString();
  const signature = opts.signature ?? twilioSignature(TOKEN, PUBLIC + path, fields);
  return h.call('POST', path, { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });
}

/** Runs the dispatcher until the message is `sent` (the call placed with the wire server). */
const placeCall = (h: Harness, key: string) => untilMessage(h, key, (m) => m.status === 'sent');

type Snapshot = Awaited<ReturnType<typeof snapshot>>;
/** The texts of the timeline notes added between two snapshots (every other event must be the same). */
function notesSince(before: Snapshot, after: Snapshot): string[] {
  expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
  const added = after.timeline.slice(before.timeline.length);
  expect(added.every((e) => e.kind === 'note' && e.actor_kind === 'system')).toBe(true);
  return added.map((e) => (JSON.parse(String(e.data)) as { text: string }).text);
}

const human = { CallSid: 'CA01', AccountSid: SID, From: '+15550009999', To: '+15551230001', CallStatus: 'in-progress', AnsweredBy: 'human' };

describeEachDatabase(
  'voice pages through Twilio',
  (h) => {
    it('the dispatcher places the call: the exact Calls request, the call SID as provider ref', async () => {
      wire.answer = () => ({ status: 201, body: { sid: 'CA0123456789abcdef0123456789abcdef', status: 'queued' } });
      const { message, key } = await pageSomeone(h);
      const before = wire.requests.length;
      const sent = await placeCall(h, key);
      expect(sent.providerRef).toBe('CA0123456789abcdef0123456789abcdef');
      const req = wire.requests.slice(before).at(-1)!;
      expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
      expect(req.headers.authorization).toBe(basic(SID, TOKEN));
      expect(Object.fromEntries(new URLSearchParams(req.body))).toMatchObject({ To: '+15551230001', Url: `${PUBLIC}/notify/twilio/voice/${message.id}`, MachineDetection: 'Enable' });
    });

    it('a person answers: the summary and the menu (a one-key Gather), and the message is delivered', async () => {
      wire.answer = () => ({ status: 201, body: { sid: 'CA02' } });
      const { path, incident, key } = await pageSomeone(h);
      await placeCall(h, key);
      const res = await twilio(h, path, human);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.body).toContain(`<Say>Tocsin page. SEV-1 incident ${incident.number}: Checkout returns 502. Service: checkout.</Say>`);
      expect(res.body).toContain(`<Gather numDigits="1" timeout="8" method="POST" action="${PUBLIC}${path}/gather">`);
      expect(res.body).toContain(`<Redirect method="POST">${PUBLIC}${path}?round=2</Redirect>`);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('delivered');
    });

    it('pressing 4 acknowledges as the person paged, by voice; pressing it again is harmless', async () => {
      const { path, incident, user } = await pageSomeone(h);
      const res = await twilio(h, `${path}/gather`, { ...human, Digits: '4' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Incident acknowledged.');
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      const ack = after.timeline.find((e) => e.kind === 'acknowledged');
      expect(ack?.actor_id).toBe(user.id);
      expect(JSON.stringify(ack)).toContain('voice');
      const again = await twilio(h, `${path}/gather`, { ...human, Digits: '4' });
      expect(again.body).toContain('already acknowledged');
      expect((await snapshot(h.db, incident.id)).timeline).toHaveLength(after.timeline.length);
    });

    it('pressing 6 resolves; 1 (or any other key) says it all again and changes nothing', async () => {
      const { path, incident } = await pageSomeone(h);
      const before = await snapshot(h.db, incident.id);
      const repeat = await twilio(h, `${path}/gather`, { ...human, Digits: '1' });
      expect(repeat.body).toContain('<Gather numDigits="1"');
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      const res = await twilio(h, `${path}/gather`, { ...human, Digits: '6' });
      expect(res.body).toContain('Incident resolved.');
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('resolved');
    });

    it('a voicemail gets a short message, no menu, and never acknowledges (nor counts as delivered)', async () => {
      wire.answer = () => ({ status: 201, body: { sid: 'CA03' } });
      const { path, incident, key } = await pageSomeone(h);
      await placeCall(h, key);
      const before = await snapshot(h.db, incident.id);
      const res = await twilio(h, path, { ...human, AnsweredBy: 'machine_start' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('This message does not acknowledge the page.');
      expect(res.body).not.toContain('<Gather');
      const after = await snapshot(h.db, incident.id);
      expect(after.incident).toEqual(before.incident);
      // The one thing added: a note on the timeline, so responders see this person was not reached.
      expect(notesSince(before, after)).toEqual(['Voice page to +15551230001 reached an answering machine: a message was left, which does not acknowledge.']);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('sent');
    });

    it('forged callbacks are refused (403) and change nothing', async () => {
      const { path, incident, key } = await pageSomeone(h);
      const before = await snapshot(h.db, incident.id);
      const forged = [
        await twilio(h, `${path}/gather`, { ...human, Digits: '4' }, { signature: twilioSignature('not-the-token', PUBLIC + path + '/gather', { ...human, Digits: '4' }) }),
        await twilio(h, `${path}/gather`, { ...human, Digits: '4' }, { signature: '' }),
        // Signed for 1, sent with 4: the fields are covered.
        await twilio(h, `${path}/gather`, { ...human, Digits: '4' }, { signature: twilioSignature(TOKEN, PUBLIC + path + '/gather', { ...human, Digits: '1' }) }),
        // Signed for another path.
        await twilio(h, `${path}/gather`, { ...human, Digits: '4' }, { signature: twilioSignature(TOKEN, PUBLIC + path, { ...human, Digits: '4' }) }),
        await twilio(h, path, human, { signature: 'AAAA' }),
      ];
      expect(forged.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      expect((await findMessageByKey(h.db.kysely, key))?.status).toBe('pending');
    });

    it('the signature covers the query: the next round is accepted only as signed', async () => {
      const { path } = await pageSomeone(h);
      const ok = await twilio(h, `${path}?round=3`, human);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('No key was pressed. The page stays open.');
      const tampered = await twilio(h, `${path}?round=3`, human, { signature: twilioSignature(TOKEN, PUBLIC + path + '?round=2', human) });
      expect(tampered.statusCode).toBe(403);
    });

    it('a viewer paged cannot act by phone; a test page only confirms; an unknown call is told so', async () => {
      const viewer = await pageSomeone(h, { role: 'viewer' });
      const before = await snapshot(h.db, viewer.incident.id);
      expect((await twilio(h, `${viewer.path}/gather`, { ...human, Digits: '4' })).body).toContain('cannot act');
      expect(await snapshot(h.db, viewer.incident.id)).toEqual(before);
      const test = await pageSomeone(h, { kind: 'test' });
      expect((await twilio(h, `${test.path}/gather`, { ...human, Digits: '4' })).body).toContain('Test page received');
      expect((await snapshot(h.db, test.incident.id)).incident?.status).toBe('triggered');
      const gone = await twilio(h, '/notify/twilio/voice/obx_nope/gather', { ...human, Digits: '4' });
      expect(gone.statusCode).toBe(200);
      expect(gone.body).toContain('no longer valid');
    });

    it('the status callback: busy, no answer or failed fails the page (a failure receipt paging follows up); completed adds nothing; the incident is unchanged', async () => {
      for (const [CallStatus, error] of [
        ['busy', 'voice call not answered: the line was busy'],
        ['no-answer', 'voice call not answered: nobody answered'],
        ['failed', 'voice call not answered: the call could not be placed (number unreachable or refused)'],
        ['completed', null],
      ] as const) {
        const { path, incident, key } = await pageSomeone(h);
        await placeCall(h, key);
        const before = await snapshot(h.db, incident.id);
        const res = await twilio(h, `${path}/status`, { CallSid: 'CA01', AccountSid: SID, CallStatus });
        expect(res.statusCode).toBe(200);
        const m = await findMessageByKey(h.db.kysely, key);
        expect([m?.status, m?.lastError ?? null], CallStatus).toEqual(error ? ['failed', error] : ['sent', null]);
        expect(await snapshot(h.db, incident.id)).toEqual(before);
      }
    });

    it('Twilio answering 4xx/5xx: the call is retried or fails, never silently sent', async () => {
      wire.answer = () => ({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } });
      const bad = await pageSomeone(h);
      await h.kernel.engine.runOnce();
      const failed = await untilMessage(h, bad.key, (m) => m.status === 'failed');
      expect(failed.lastError).toContain('not a valid phone number');
      wire.answer = () => ({ status: 503, body: { message: 'Service Unavailable' } });
      const down = await pageSomeone(h);
      const retry = await untilMessage(h, down.key, (m) => m.lastError !== null);
      expect(retry.status).toBe('sending');
      expect(retry.lastError).toContain('HTTP 503');
      wire.answer = () => ({ status: 201, body: { sid: 'CAok' } });
    });
  },
  { env },
);
