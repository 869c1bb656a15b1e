import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue } from '../../src/core/engine/jobs.js';
import { inTransaction } from '../../src/core/events.js';
import { sendLater } from '../../src/core/outbox/messages.js';
import { runTocsin } from '../support/cli-entry.js';
import { adminQuery } from '../support/db.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';
import { startRecorder, type HttpRecorder } from '../support/http-recorder.js';
import { watchdog } from '../../src/watchdog/module.js';

// The dead man's switch, on both databases, against a real HTTP server standing in for the
// heartbeat service (Healthchecks.io's shape: a ping URL and its /fail): pinged once an interval
// while Tocsin can page; told why, at the failure URL, when background jobs are overdue, pages
// wait to leave, a provider channel fails as a whole, or the database stops answering.

const recorder: HttpRecorder = await startRecorder();
afterAll(() => recorder.close());
const SECRET = '6f0e3c1d-5b2a-4c89-9d47-1f2e3a4b5c6d';

describeEachDatabase(
  'watchdog',
  (h: Harness) => {
    let admin: { token: string };
    const now = () => h.clock.now().getTime();
    const pings = () => recorder.requests.filter((r) => r.url.includes(SECRET));
    const state = async () => (await h.call('GET', '/api/v1/watchdog', { token: admin.token })).json();
    const checkNow = async () => {
      const res = await h.call('POST', '/api/v1/watchdog/checks', { token: admin.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    beforeAll(async () => {
      admin = await h.actor('admin');
      recorder.requests.length = 0;
    });

    it('pings the service once an interval while Tocsin can page, and says so to admins only', async () => {
      await h.kernel.engine.runOnce();
      expect(pings()).toHaveLength(0); // the first a moment after the start (FIRST_CHECK_AFTER_MS)
      expect((await h.call('GET', '/metrics')).body).not.toMatch(/^tocsin_watchdog_healthy/m);
      h.clock.advance(10_000);
      await h.kernel.engine.runOnce();
      const first = await recorder.waitFor(0);
      expect(first).toMatchObject({ method: 'GET', url: `/hc/${SECRET}`, body: '' });
      expect(first.headers['user-agent']).toBe('Tocsin-watchdog');
      h.clock.advance(30_000);
      await h.kernel.engine.runOnce();
      h.clock.advance(29_000);
      await h.kernel.engine.runOnce();
      expect(pings()).toHaveLength(1);
      h.clock.advance(1_000);
      await h.kernel.engine.runOnce();
      await recorder.waitFor(1);
      expect(pings().map((p) => p.method)).toEqual(['GET', 'GET']);

      // The check records the answer once it has it, a moment after the service has the ping.
      const s = await waitFor(
        async () => {
          const st = await state();
          return st.last_check?.at === h.clock.now().toISOString() ? st : undefined;
        },
        { what: 'the second check' },
      );
      expect(s).toMatchObject({ configured: true, ping_to: recorder.base, fail_to: recorder.base, interval_seconds: 60, notes: [] });
      expect(s.last_check).toMatchObject({ healthy: true, reasons: [], ping: { method: 'GET', status: 200, ok: true, error: null } });
      expect(s.last_delivered_at).toBe(h.clock.now().toISOString());
      expect(JSON.stringify(s)).not.toContain(SECRET);
      const metrics = (await h.call('GET', '/metrics')).body;
      expect(metrics).toContain(`tocsin_watchdog_healthy{to="${recorder.base}"} 1\n`);
      expect(metrics).toMatch(new RegExp(`^tocsin_watchdog_last_delivered_timestamp_seconds\\{to="${recorder.base}"\\} ${now() / 1000}$`, 'm'));
      const responder = await h.actor('responder');
      expect((await h.call('GET', '/api/v1/watchdog', { token: responder.token })).statusCode).toBe(403);
      expect((await h.call('POST', '/api/v1/watchdog/checks', { token: responder.token })).statusCode).toBe(403);
      // A body it does not take: a clear problem, no check, no ping.
      const junk = await h.call('POST', '/api/v1/watchdog/checks', { token: admin.token, body: '{"now":', headers: { 'content-type': 'application/json' } });
      expect(junk.statusCode).toBe(400);
      expect(junk.headers['content-type']).toContain('application/problem+json');
      expect(pings()).toHaveLength(2);
    });

    it('`tocsin watchdog` shows it to an admin, and `tocsin watchdog check` pings now', async () => {
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const env = { TOCSIN_URL: `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`, TOCSIN_TOKEN: admin.token };
      const shown = await runTocsin(['watchdog'], env);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(new RegExp(`^pings +${recorder.base} every 60 s$`, 'm'));
      expect(shown.stdout).toContain('Healthy: Tocsin can page.');
      expect(shown.stdout).not.toContain(SECRET);
      const before = pings().length;
      const checked = await runTocsin(['watchdog', 'check'], env);
      expect(checked.code, checked.stderr).toBe(0);
      expect(checked.stdout).toMatch(new RegExp(`^ping +GET ${recorder.base}: 200$`, 'm'));
      expect(pings()).toHaveLength(before + 1);
    }, 60_000);

    it('tells the failure URL why when jobs are overdue and pages wait to leave, then pings again once they move', async () => {
      h.clock.advance(60_000);
      const before = pings().length;
      const t = now();
      await inTransaction(h.ctx(), async (tx) => {
        await enqueue(tx.tx, { kind: 'watchdog.test.stalled', key: 'stalled-1', payload: null, dueAt: t - 5 * 60_000 }, t);
        await sendLater(tx, { channel: 'sms', key: 'watchdog-test-sms', payload: { to: '+447911123456' }, dueAt: t - 3 * 60_000 });
      });
      const c = await checkNow();
      expect(c.healthy).toBe(false);
      expect(c.reasons).toEqual([
        '1 background job is overdue (the oldest by 5 minutes): escalations and reminders may not be running',
        '1 message has waited over 2 minutes to leave (sms 1; the oldest 3 minutes): pages are not going out',
      ]);
      expect(c.ping).toMatchObject({ method: 'POST', ok: true });
      const told = pings()[before]!;
      expect(told).toMatchObject({ method: 'POST', url: `/hc/${SECRET}/fail`, body: `${c.reasons.join('\n')}\n` });
      expect(told.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect((await h.call('GET', '/metrics')).body).toContain(`tocsin_watchdog_healthy{to="${recorder.base}"} 0\n`);
      // Delivered at the last healthy ping, not at this one.
      expect((await state()).last_delivered_at).not.toBe(h.clock.now().toISOString());

      await h.db.kysely.updateTable('jobs').set({ status: 'done', finished_at: t }).where('key', '=', 'stalled-1').execute();
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', sent_at: t }).where('key', '=', 'watchdog-test-sms').execute();
      expect(await checkNow()).toMatchObject({ healthy: true, reasons: [], ping: { method: 'GET', ok: true } });
      expect(pings().at(-1)).toMatchObject({ method: 'GET', url: `/hc/${SECRET}` });
    });

    it('says a provider channel is down when its every message of the last 15 minutes failed', async () => {
      h.clock.advance(20 * 60_000); // past the window of the SMS sent above
      const t = now();
      let made = 0;
      const failSms = async (n: number) => {
        await inTransaction(h.ctx(), async (tx) => {
          for (let i = 0; i < n; i++) await sendLater(tx, { channel: 'sms', key: `watchdog-failed-${t}-${made++}`, payload: { to: '+447911123456' } });
        });
        await h.db.kysely
          .updateTable('outbox_messages')
          .set({ status: 'failed', failed_at: t, last_error: 'Twilio 20003: Authenticate' })
          .where('key', 'like', `watchdog-failed-${t}-%`)
          .execute();
      };
      await failSms(2);
      expect((await checkNow()).reasons).toEqual([]); // two: a person's numbers, maybe
      await failSms(1);
      const down = await checkNow();
      expect(down.reasons).toEqual(['Every SMS of the last 15 minutes failed (3 of 3); the last said: Twilio 20003: Authenticate']);
      // One SMS that went out in the same minutes: the provider works, those numbers did not.
      await inTransaction(h.ctx(), (tx) => sendLater(tx, { channel: 'sms', key: `watchdog-ok-${t}`, payload: { to: '+14155552671' } }));
      await h.db.kysely.updateTable('outbox_messages').set({ status: 'sent', sent_at: t }).where('key', '=', `watchdog-ok-${t}`).execute();
      expect((await checkNow()).healthy).toBe(true);
    });

    it('`tocsin watchdog check` exits 1 naming the problem when Tocsin is not healthy', async () => {
      const t = now();
      await inTransaction(h.ctx(), (tx) => enqueue(tx.tx, { kind: 'watchdog.test.stalled', key: 'stalled-cli', payload: null, dueAt: t - 2 * 60_000 }, t));
      const env = { TOCSIN_URL: `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`, TOCSIN_TOKEN: admin.token };
      const r = await runTocsin(['watchdog', 'check'], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('NOT healthy:\n  - 1 background job is overdue (the oldest by 2 minutes)');
      expect(r.stdout).toMatch(new RegExp(`^ping +POST ${recorder.base}: 200$`, 'm'));
      expect(r.stderr.trim()).toBe('tocsin: Tocsin is not healthy');
      await h.db.kysely.updateTable('jobs').set({ status: 'done', finished_at: t }).where('key', '=', 'stalled-cli').execute();
    }, 60_000);

    it('tells the failure URL when the database stops answering', async ({ skip }) => {
      if (h.dialect !== 'postgres') skip('refusing connections is a PostgreSQL setting');
      const name = new URL(h.url).pathname.slice(1);
      const before = pings().length;
      try {
        await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
        // Through the watchdog itself: the API's own sign-in needs the database.
        const c = await watchdog(h.kernel).checkNow(now());
        expect(c.healthy).toBe(false);
        expect(c.reasons[0]).toMatch(/^The database did not answer: /);
        expect(pings()[before]).toMatchObject({ method: 'POST', url: `/hc/${SECRET}/fail` });
        expect(pings()[before]!.body).toMatch(/^The database did not answer: /);
      } finally {
        await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      }
    });
  },
  { env: { TOCSIN_WATCHDOG_URL: `${recorder.base}/hc/${SECRET}`, TOCSIN_WATCHDOG_FAIL_URL: `${recorder.base}/hc/${SECRET}/fail` } },
);

describeEachDatabase('watchdog without a heartbeat service', (h: Harness) => {
  it('still checks once an interval, and tells everyone signed in whether pages can reach people', async () => {
    const viewer = await h.actor('viewer');
    const health = async () => {
      const res = await h.call('GET', '/api/v1/watchdog/health', { token: viewer.token });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect(await health()).toEqual({ checked_at: null, healthy: true, reasons: [] });
    const heard = recorder.requests.length;
    await h.kernel.engine.runOnce();
    h.clock.advance(10_000);
    await h.kernel.engine.runOnce();
    const first = await waitFor(async () => ((await health()).checked_at ? health() : undefined), { what: 'the first check' });
    expect(first).toEqual({ checked_at: h.clock.now().toISOString(), healthy: true, reasons: [] });

    // A job nobody takes (an engine cycle would: this check is asked for directly).
    const t = h.clock.now().getTime();
    await inTransaction(h.ctx(), (tx) => enqueue(tx.tx, { kind: 'watchdog.test.stalled', key: 'stalled-quiet', payload: null, dueAt: t - 10 * 60_000 }, t));
    await watchdog(h.kernel).checkNow(t);
    expect(await health()).toEqual({
      checked_at: h.clock.now().toISOString(),
      healthy: false,
      reasons: ['1 background job is overdue (the oldest by 10 minutes): escalations and reminders may not be running'],
    });
    expect(recorder.requests).toHaveLength(heard); // nothing set up: nothing sent
    expect((await h.call('GET', '/metrics')).body).toContain('tocsin_watchdog_healthy{to="none"} 0\n');
    expect((await h.call('GET', '/api/v1/watchdog/health')).statusCode).toBe(401);
  });
});

describeEachDatabase('watchdog: monitors nobody checks', (h: Harness) => {
  it('says detection has stopped when no active monitor gets a result for three intervals and a minute', async () => {
    const responder = await h.actor('responder');
    const monitor = (body: object) => h.call('POST', '/api/v1/monitors', { token: responder.token, body }).then((r) => r.json() as { id: string });
    const reasons = async () => (await watchdog(h.kernel).checkNow(h.clock.now().getTime())).reasons;
    // Paused monitors and heartbeats are not checked by Tocsin: nothing to wait for.
    const old = await monitor({ type: 'http', name: 'old', target: { url: 'https://old.example.com/health' }, interval_s: 30 });
    expect((await h.call('POST', `/api/v1/monitors/${old.id}/pause`, { token: responder.token })).statusCode).toBe(200);
    await monitor({ type: 'heartbeat', name: 'nightly backup', target: { period_s: 86_400, grace_s: 3600 } });
    h.clock.advance(60 * 60_000);
    expect(await reasons()).toEqual([]);

    const shop = await monitor({ type: 'http', name: 'shop', target: { url: 'https://shop.example.com/health' }, interval_s: 60 });
    h.clock.advance(4 * 60_000); // three intervals and a minute: not yet
    expect(await reasons()).toEqual([]);
    h.clock.advance(1_000);
    expect(await reasons()).toEqual(['No monitor has been checked for 4 minutes (1 monitor is active): outages are not being detected (are monitor checks off on every instance?)']);
    // A result (the harness runs no checks: one is written as a check would), and all is well.
    await h.db.kysely.insertInto('monitor_location_states').values({ monitor_id: shop.id, location: 'default', status: 'up', streak: 1, first_failure_at: null, last_result_at: h.clock.now().getTime(), last_status: '200', last_latency_ms: 12, last_message: null }).execute();
    expect(await reasons()).toEqual([]);
  });
});
