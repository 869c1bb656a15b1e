import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { createAriSession, type AriSession } from '../../src/notify/voice-ari-session.js';
import { ariSettings } from '../../src/notify/voice-settings.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { waitFor } from '../support/outbox-fixtures.js';
import { basic, startWireServer, untilMessage, type WireServer } from '../support/voice-wire.js';
import { snapshot } from './incidents-helpers.js';
import { pageByVoice } from '../support/voice-pages.js';

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

const pageSomeone = (h: Harness) => pageByVoice(h, { to: '+15551230002' });

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
      await untilMessage(h, key, (m) => m.status === 'sent');
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
      const failed = await untilMessage(h, bad.key, (m) => m.status === 'failed');
      expect(failed.lastError).toContain('Invalid parameters');
      wire.answer = () => ({ status: 500, body: { message: 'Allocation failed' } });
      const down = await pageSomeone(h);
      const retry = await untilMessage(h, down.key, (m) => m.lastError !== null);
      expect(retry.status).toBe('sending');
    });
  },
  { env },
);
