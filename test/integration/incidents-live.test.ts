import { beforeAll, expect, it } from 'vitest';
import { newSecret } from '../../src/core/ids.js';
import { hashSecret } from '../../src/core/secrets.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { declareVia } from './incidents-helpers.js';
import { openStream } from '../support/live-stream.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;

describeEachDatabase('incidents: live updates over server-sent events', (h) => {
  let ada: Actor;
  let base: string;
  beforeAll(async () => {
    ada = await h.actor('viewer');
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = h.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });

  it('streams an incident event after each committed change, to token and cookie clients', async () => {
    const responder = await h.actor('responder');
    const viewerStream = openStream(base, { authorization: `Bearer ${ada.token}` });
    const cookie = newSecret();
    const now = h.clock.now().getTime();
    await h.db.kysely.insertInto('sessions').values({ id: hashSecret(cookie), user_id: ada.id, csrf_token: 'csrf', created_at: now, expires_at: now + 3_600_000, last_seen_at: now, user_agent: null }).execute();
    const cookieStream = openStream(base, { cookie: `tocsin_session=${cookie}` });
    for (const s of [viewerStream, cookieStream]) {
      const res = await s.ready;
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      await s.waitFor(/: connected/);
    }
    const inc = await declareVia(h, responder.token);
    for (const s of [viewerStream, cookieStream]) {
      const m = await s.waitFor(/event: incident\ndata: (.*)\n\n/);
      expect(JSON.parse(m[1]!)).toEqual({ id: inc.id, number: inc.number, kind: 'declared' });
    }
    await h.call('POST', `/api/v1/incidents/${inc.number}/acknowledge`, { token: responder.token });
    const ack = await viewerStream.waitFor(/"kind":"acknowledged"/);
    expect(ack).toBeTruthy();
    // A refused change publishes nothing.
    await h.call('POST', `/api/v1/incidents/${inc.number}/acknowledge`, { token: responder.token });
    await h.call('POST', `/api/v1/incidents/${inc.number}/notes`, { token: responder.token, body: { text: 'x' } });
    await viewerStream.waitFor(/"kind":"note"/);
    expect(viewerStream.text.match(/"kind":"acknowledged"/g)).toHaveLength(1);
    viewerStream.close();
    cookieStream.close();
  });

  it('needs sign-in', async () => {
    const s = openStream(base, {});
    const res = await s.ready;
    expect(res.statusCode).toBe(401);
    s.close();
  });

  it('unsubscribes a client that went away', async () => {
    const events = h.kernel.live;
    const subscribe = events.subscribe.bind(events);
    let active = 0;
    events.subscribe = (fn) => {
      active += 1;
      const unsubscribe = subscribe(fn);
      return () => {
        active -= 1;
        return unsubscribe();
      };
    };
    try {
      const s = openStream(base, { authorization: `Bearer ${ada.token}` });
      await s.waitFor(/: connected/);
      expect(active).toBe(1);
      s.close();
      const deadline = Date.now() + 5000;
      while (active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(active).toBe(0);
      await declareVia(h, (await h.actor('responder')).token);
      expect(s.text).not.toMatch(/event: incident/);
    } finally {
      events.subscribe = subscribe;
    }
  });
});
