import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { startServer, type RunningServer } from '../../src/app/server.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';

// The whole server as `tocsin serve` runs it (startServer: migrations, engine, first-run link),
// on a fake clock: first run in a browser-like session, then a restart that must lose nothing.
// Each test starts from an empty database and does the steps it builds on itself (firstRun,
// declareAndAcknowledge), so none relies on another having run before it.
for (const dialect of DIALECTS) {
  describe(`first run and restart [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let server: RunningServer | null = null;
    let clock: FakeClock;
    const start = async () => {
      const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_PORT: '0', TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'silent' });
      server = await startServer(config, { clock, log: silentLogger });
      return server;
    };
    const send = async (s: RunningServer, method: string, path: string, o: { cookie?: string; csrf?: string; body?: unknown } = {}) => {
      const headers: Record<string, string> = {};
      if (o.cookie) headers.cookie = o.cookie;
      if (o.csrf) headers['x-csrf-token'] = o.csrf;
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(s.url + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
      return { status: res.status, json: await res.json().catch(() => null), setCookie: res.headers.get('set-cookie') };
    };
    /** Starts the server on the empty database and completes setup through its link: the owner's session. */
    const firstRun = async () => {
      const s = await start();
      const token = new URL(s.setupLink!).searchParams.get('token');
      const setup = await send(s, 'POST', '/api/v1/setup', { body: { token, name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse', time_zone: 'Europe/London' } });
      expect(setup.status).toBe(201);
      return { s, token, setup, cookie: setup.setCookie!.split(';')[0]!, csrf: setup.json.csrf_token as string };
    };
    const body = { title: 'Checkout returns 502', severity: 'SEV-2', detection_source: 'customer' };
    /** Declares incident 1 in the session and acknowledges it 90 s later. */
    const declareAndAcknowledge = async (s: RunningServer, cookie: string, csrf: string) => {
      const declared = await send(s, 'POST', '/api/v1/incidents', { cookie, csrf, body });
      clock.advance(90_000);
      const acked = await send(s, 'POST', '/api/v1/incidents/1/acknowledge', { cookie, csrf, body: {} });
      return { declared, acked };
    };

    beforeEach(async () => {
      clock = new FakeClock('2026-03-01T02:59:00.000Z');
      fresh = await freshDatabase(dialect, { migrate: false });
    });
    afterEach(async () => {
      await server?.stop();
      server = null;
      await fresh.drop();
    });

    it('migrates an empty database, offers a one-time setup link, and the link creates the owner', async () => {
      const s = await start();
      expect(s.setupLink).toMatch(/^http:\/\/localhost:\d+\/setup\?token=[\w-]{20,}$/);
      const token = new URL(s.setupLink!).searchParams.get('token');
      const wrong = await send(s, 'POST', '/api/v1/setup', { body: { token: 'nope', name: 'Ada', email: 'ada@example.com', password: 'correct horse' } });
      expect(wrong.status).toBe(403);
      const setup = await send(s, 'POST', '/api/v1/setup', { body: { token, name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse', time_zone: 'Europe/London' } });
      expect(setup.status).toBe(201);
      expect(setup.json.user).toMatchObject({ email: 'ada@example.com', role: 'owner' });
      expect(setup.setCookie).toMatch(/tocsin_session=[^;]+;.*HttpOnly/i);
      expect(setup.json.csrf_token).toEqual(expect.any(String));
      const again = await send(s, 'POST', '/api/v1/setup', { body: { token, name: 'Eve', email: 'eve@example.com', password: 'correct horse' } });
      expect(again.status).not.toBe(201);
    });

    it('declares and acknowledges in the signed-in session; a change without the CSRF token is refused', async () => {
      const { s, cookie, csrf } = await firstRun();
      expect((await send(s, 'POST', '/api/v1/incidents', { cookie, body })).status).toBe(403);
      const { declared, acked } = await declareAndAcknowledge(s, cookie, csrf);
      expect(declared.status).toBe(201);
      expect(declared.json).toMatchObject({ number: 1, status: 'triggered', detected_at: '2026-03-01T02:59:00.000Z' });
      expect(acked.json).toMatchObject({ status: 'acknowledged', acknowledged_at: '2026-03-01T03:00:30.000Z' });
    });

    it('after a restart keeps the incident, its timeline and the session, and offers no setup link', async () => {
      const first = await firstRun();
      const { acked } = await declareAndAcknowledge(first.s, first.cookie, first.csrf);
      expect(acked.json).toMatchObject({ status: 'acknowledged' });
      const { cookie, csrf } = first;
      await first.s.stop();
      const s = await start();
      expect(s.setupLink).toBeNull();
      const incident = await send(s, 'GET', '/api/v1/incidents/1', { cookie });
      expect(incident.status).toBe(200);
      expect(incident.json).toMatchObject({ title: 'Checkout returns 502', status: 'acknowledged', detection_source: 'customer' });
      const timeline = await send(s, 'GET', '/api/v1/incidents/1/timeline', { cookie });
      expect(timeline.json.items.map((e: { kind: string }) => e.kind)).toEqual(['declared', 'acknowledged']);
      expect(timeline.json.items[1].actor).toMatchObject({ kind: 'user', name: 'Ada Lovelace' });
      const next = await send(s, 'POST', '/api/v1/incidents', { cookie, csrf, body: { title: 'Second', severity: 'SEV-4' } });
      expect(next.json.number).toBe(2);
    });
  });
}
