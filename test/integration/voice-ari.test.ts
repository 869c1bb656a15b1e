import { afterAll, beforeAll, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/events.js';
import { findMessageByKey, sendLater } from '../../src/core/outbox/index.js';
import { declare } from '../../src/incidents/service.js';
import type { ChannelPayload, PageContent } from '../../src/notify/content.js';
import { createAriSession, type AriSession } from '../../src/notify/voice-ari-session.js';
import { ariSettings } from '../../src/notify/voice-settings.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { waitFor } from '../support/outbox-fixtures.js';
import { basic, startWireServer, type WireServer } from '../support/voice-wire.js';
import { snapshot } from './incidents-helpers.js';

// Voice pages over the operator's Asterisk, on both databases: the dispatcher originates the call
// through ARI (a local server playing Asterisk), then the session listens to the Stasis app's
// events on its WebSocket and runs the call: answer, say, a key press acts on the incident.

const env: Record<string, string> = { TOCSIN_ARI_USER: 'tocsin', TOCSIN_ARI_PASSWORD: 'pw', TOCSIN_ARI_TRUNK: 'carrier', TOCSIN_ARI_CALLER_ID: '+15550009999' };

let wire: WireServer;
beforeAll(async () => {
  wire = await startWireServer();
  env.TOCSIN_ARI_URL = wire.base;
});
afterAll(() => wire.close());

let seq = 0;
async function pageSomeone(h: Harness) {
  const user = await h.actor('responder');
  const incident = await declare(h.ctx(), { title: 'Database replica lag', severity: 'SEV-2' });
  const content: PageContent = {
    kind: 'page',
    subject: `[SEV-2] #${incident.number} Database replica lag`,
    text: `SEV-2 incident ${incident.number}: Database replica lag.`,
    userId: user.id,
    incident: { id: incident.id, number: incident.number, title: incident.title, severity: 'SEV-2', status: 'triggered', url: 'u', services: [] },
  };
  const key = `voice-ari:${++seq}`;
  const { message } = await inTransaction(h.ctx(), (tx) => sendLater<ChannelPayload>(tx, { channel: 'voice', key, payload: { to: '+15551230002', content } }));
  return { user, incident, message, key };
}

/** The REST requests to ARI after `from`, as `METHOD path?query`. */
const restSince = (from: number) => wire.requests.slice(from).map((r) => `${r.method} ${decodeURIComponent(r.url)}`);
const until = (what: string, n: number, from: number) => waitFor(what, () => (wire.requests.length - from >= n ? true : undefined));

describeEachDatabase(
  'voice pages through Asterisk ARI',
  (h) => {
    let session: AriSession;
    beforeAll(async () => {
      session = createAriSession(h.kernel, ariSettings(h.kernel.config.env)!);
      const before = wire.upgrades.length;
      await session.start();
      await waitFor('the event stream', () => (wire.upgrades.length > before ? true : undefined));
      await new Promise((r) => setTimeout(r, 50));
    });
    afterAll(() => session?.stop());

    it('connects to the Stasis app\'s event stream with the ARI credentials', () => {
      const up = wire.upgrades.at(-1)!;
      expect(up.url).toBe('/ari/events?app=tocsin');
      expect(up.headers.authorization).toBe(basic('tocsin', 'pw'));
    });

    it('originates, then answers, says the page, and a 4 acknowledges as the person paged, by voice', async () => {
      wire.answer = () => ({ status: 200, body: { id: 'ch-1' } });
      const { message, key, incident, user } = await pageSomeone(h);
      const from = wire.requests.length;
      await waitFor('originated', async () => {
        await h.kernel.engine.runOnce();
        return (await findMessageByKey(h.db.kysely, key))?.status === 'sent' ? true : undefined;
      });
      expect(restSince(from)[0]).toBe(`POST /ari/channels?endpoint=PJSIP/+15551230002@carrier&app=tocsin&callerId=+15550009999&appArgs=${message.id}`);
      expect((await findMessageByKey(h.db.kysely, key))?.providerRef).toBe('ch-1');

      wire.answer = () => ({ status: 204 });
      const at = wire.requests.length;
      wire.push({ type: 'StasisStart', application: 'tocsin', args: [message.id], channel: { id: 'ch-1' } });
      await until('answer and play', 2, at);
      expect(restSince(at)).toEqual(['POST /ari/channels/ch-1/answer', `POST /ari/channels/ch-1/play/tocsin-ch-1-1?media=sound:tocsin-page,number:${incident.number},sound:tocsin-menu`]);

      const pressed = wire.requests.length;
      wire.push({ type: 'ChannelDtmfReceived', digit: '4', channel: { id: 'ch-1' } });
      await until('stop and confirm', 2, pressed);
      expect(restSince(pressed)).toEqual(['DELETE /ari/playbacks/tocsin-ch-1-1', 'POST /ari/channels/ch-1/play/tocsin-ch-1-2?media=sound:tocsin-acknowledged']);
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      const ack = after.timeline.find((e) => e.kind === 'acknowledged');
      expect(ack?.actor_id).toBe(user.id);
      expect(JSON.stringify(ack)).toContain('voice');

      // The stopped playback's own PlaybackFinished is stale and ignored; the confirmation's ends the call.
      const said = wire.requests.length;
      wire.push({ type: 'PlaybackFinished', playback: { id: 'tocsin-ch-1-1', target_uri: 'channel:ch-1' } });
      wire.push({ type: 'PlaybackFinished', playback: { id: 'tocsin-ch-1-2', target_uri: 'channel:ch-1' } });
      await until('hangup', 1, said);
      expect(restSince(said)).toEqual(['DELETE /ari/channels/ch-1']);
    });

    it('hanging up before a key changes nothing; a call for an unknown message is hung up', async () => {
      wire.answer = () => ({ status: 204 });
      const { message, incident } = await pageSomeone(h);
      const before = await snapshot(h.db, incident.id);
      const at = wire.requests.length;
      await session.handle({ type: 'StasisStart', args: [message.id], channel: { id: 'ch-2' } });
      await session.handle({ type: 'ChannelHangupRequest', channel: { id: 'ch-2' } });
      await session.handle({ type: 'ChannelDtmfReceived', digit: '4', channel: { id: 'ch-2' } });
      expect(restSince(at)).toHaveLength(2);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      const stray = wire.requests.length;
      await session.handle({ type: 'StasisStart', args: ['obx_unknown'], channel: { id: 'ch-3' } });
      expect(restSince(stray)).toEqual(['DELETE /ari/channels/ch-3']);
    });

    it('an Asterisk refusing the originate (4xx) fails the message; 5xx retries', async () => {
      wire.answer = () => ({ status: 400, body: { message: 'Invalid parameters for originating a channel.' } });
      const bad = await pageSomeone(h);
      const failed = await waitFor('failed', async () => {
        await h.kernel.engine.runOnce();
        const m = await findMessageByKey(h.db.kysely, bad.key);
        return m?.status === 'failed' ? m : undefined;
      });
      expect(failed.lastError).toContain('Invalid parameters');
      wire.answer = () => ({ status: 500, body: { message: 'Allocation failed' } });
      const down = await pageSomeone(h);
      const retry = await waitFor('retry', async () => {
        await h.kernel.engine.runOnce();
        const m = await findMessageByKey(h.db.kysely, down.key);
        return m?.lastError ? m : undefined;
      });
      expect(retry.status).toBe('sending');
    });
  },
  { env },
);
