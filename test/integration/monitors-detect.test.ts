import { beforeAll, beforeEach, expect, it } from 'vitest';
import { recordOutcomes, type Outcome } from '../../src/monitors/evaluate.js';
import type { CheckOutcome } from '../../src/monitors/model.js';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;

// From check results to an incident: K failures in a row at a location, M locations, the
// incident's start at the first failed check, recovery resolving it, maintenance holding it back,
// heartbeats by ping and by silence, and probes reporting through their own token.

const up: CheckOutcome = { status: 'up', latency_ms: 40, failure: null, message: null };
const down: CheckOutcome = { status: 'down', latency_ms: 5000, failure: 'timeout', message: 'no answer within 5000 ms' };

describeEachDatabase('monitors: from results to incidents', (h) => {
  let admin: Actor;
  let responder: Actor;
  let serviceId: string;
  let services = 0;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });
  // Each test its own service, so no test finds another's open incident to join.
  beforeEach(async () => {
    serviceId = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: `Checkout ${++services}` } })).json().id;
  });

  async function monitor(body: Record<string, unknown>) {
    const res = await h.call('POST', '/api/v1/monitors', { token: responder.token, body: { type: 'http', target: { url: 'https://shop.example.com/' }, interval_s: 30, service_id: serviceId, ...body } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; name: string };
  }
  async function seqOf(id: string): Promise<number> {
    return Number((await h.db.kysely.selectFrom('monitors').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq);
  }
  const at = (offsetS: number) => h.clock.now().getTime() + offsetS * 1000;
  async function results(id: string, list: Array<[number, CheckOutcome, string?]>) {
    const seq = await seqOf(id);
    const batch: Outcome[] = list.map(([t, outcome, location = 'server']) => ({ monitor_id: id, monitor_seq: seq, location, location_seq: location === 'server' ? 1 : 2, at: t, outcome }));
    return recordOutcomes(h.ctx(), batch);
  }
  const incidentsOf = async (id: string) => (await h.call('GET', `/api/v1/alerts?source_ref=${id}`, { token: responder.token })).json().items as Array<{ incident_id: string; status: string; started_at: string }>;

  it('tells a watching page when a location says something new, confirmed or not, and not when it repeats itself', async () => {
    const m = await monitor({ name: 'live page' });
    const told: unknown[] = [];
    const unsubscribe = h.kernel.live.subscribe((topic, data) => {
      if (topic === 'monitor' && (data as { id: string }).id === m.id) told.push(data);
    });
    try {
      const after = async (list: Array<[number, CheckOutcome]>) => {
        told.length = 0;
        await results(m.id, list);
        await new Promise((r) => setTimeout(r, 50)); // published after the commit
        return told.map((d) => (d as { change: string }).change);
      };
      // The first result (failing, not yet confirmed): the page stops saying "waiting for first check".
      expect(await after([[at(-60), down]])).toEqual(['location']);
      expect(await after([[at(-50), down]])).toEqual(['state']); // K = 2: down
      expect(await after([[at(-40), down]])).toEqual([]); // the same again: nothing new to show
      expect(await after([[at(-30), up]])).toEqual(['location']); // passing, confirming the recovery
      expect(await after([[at(-20), up]])).toEqual(['state']);
      expect(await after([[at(-10), up]])).toEqual([]);
    } finally {
      unsubscribe();
    }
  });

  it('opens nothing for one failure, and an incident started at the first failure after K in a row', async () => {
    const m = await monitor({ name: 'shop home' });
    h.clock.advance(60_000);
    const first = at(-60);
    await results(m.id, [[at(-90), up], [first, down], [at(-30), up]]);
    expect(await incidentsOf(m.id)).toEqual([]);
    await results(m.id, [[at(-29), down]]);
    expect(await incidentsOf(m.id)).toEqual([]);
    await results(m.id, [[at(-1), down]]);
    const [alert] = await incidentsOf(m.id);
    expect(alert).toMatchObject({ status: 'open', started_at: new Date(at(-29)).toISOString() });
    const incident = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}`, { token: responder.token })).json();
    expect(incident).toMatchObject({ detection_source: 'monitor', severity: 'SEV-2', started_at: new Date(at(-29)).toISOString(), status: 'triggered' });
    expect(incident.services.map((s: { id: string }) => s.id)).toEqual([serviceId]);
    const timeline = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: responder.token })).json();
    // The failing monitor's alert, then the declaration it caused (and its pages, if any).
    expect(timeline.items.slice(0, 2).map((e: { kind: string }) => e.kind)).toEqual(['alert_opened', 'declared']);
    const opened = timeline.items.find((e: { kind: string }) => e.kind === 'alert_opened');
    expect(opened.data.results[0]).toMatchObject({ location: 'server', status: 'down', message: 'no answer within 5000 ms' });
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, { token: responder.token })).json()).toMatchObject({ state: 'down', alert_id: expect.any(String) });

    // Recovery: K successes resolve the alert and, as the monitor's only alert, the incident.
    h.clock.advance(60_000);
    await results(m.id, [[at(-50), up], [at(-20), up]]);
    const [resolved] = await incidentsOf(m.id);
    expect(resolved!.status).toBe('resolved');
    const after = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}`, { token: responder.token })).json();
    expect(after.status).toBe('resolved');
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, { token: responder.token })).json()).toMatchObject({ state: 'up', alert_id: null });
    // Its events in words, oldest first: a first check has nothing to pass "again".
    // The clock has not moved since the recovery: a range that ends now includes its millisecond.
    const events = (await h.call('GET', `/api/v1/monitors/${m.id}/events?range=7d`, { token: responder.token })).json();
    expect(events.items.map((e: { kind: string; message: string }) => `${e.kind}: ${e.message}`).reverse()).toEqual([
      'up: first check passes',
      'down: no answer within 5000 ms',
      'alert_opened: 1 of 1 locations down, 1 needed: alert opens',
      'up: checks pass again',
      'alert_resolved: 0 of 1 locations down, 1 needed: recovered, alert closes',
    ]);
  });

  it('holds a flapping alert open instead of paging for every flap, and closes it once it settles', async () => {
    const m = await monitor({ name: 'flappy', confirmation: { failures_to_down: 1, flap_changes: 2, flap_window_s: 600 } });
    // down, up, down, up: the third change within ten minutes is flapping; the alert stays open.
    for (const o of [down, up, down, up]) {
      h.clock.advance(30_000);
      await results(m.id, [[at(0), o]]);
    }
    const alerts = await incidentsOf(m.id);
    expect(alerts.filter((a) => a.status === 'open')).toHaveLength(1);
    expect(alerts).toHaveLength(2); // opened, closed, opened again: then held
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, { token: responder.token })).json()).toMatchObject({ flapping: true, state: 'down' });
    // Quiet and healthy for a whole window: the review closes it.
    h.clock.advance(601_000);
    await results(m.id, [[at(0), up]]);
    await h.kernel.engine.runOnce();
    expect((await incidentsOf(m.id)).filter((a) => a.status === 'open')).toHaveLength(0);
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, { token: responder.token })).json()).toMatchObject({ flapping: false, state: 'up' });
  });

  it('records a slot once however often it is reported', async () => {
    const m = await monitor({ name: 'dedupe' });
    const t = at(-10);
    expect((await results(m.id, [[t, up]])).stored).toBe(1);
    expect((await results(m.id, [[t, down]])).stored).toBe(0);
    const r = (await h.call('GET', `/api/v1/monitors/${m.id}/results?range=1h`, { token: responder.token })).json();
    expect(r.items).toEqual([{ at: new Date(t).toISOString(), location: 'server', status: 'up', failure: null, latency_ms: 40 }]);
  });

  it('joins the open incident of the service instead of opening a second one', async () => {
    const a = await monitor({ name: 'join a' });
    const b = await monitor({ name: 'join b' });
    await results(a.id, [[at(-20), down], [at(-10), down]]);
    await results(b.id, [[at(-20), down], [at(-10), down]]);
    const [alertA] = await incidentsOf(a.id);
    const [alertB] = await incidentsOf(b.id);
    expect(alertB!.incident_id).toBe(alertA!.incident_id);
    // One recovers: the incident stays open while the other alert is open.
    h.clock.advance(30_000);
    await results(a.id, [[at(-15), up], [at(-5), up]]);
    expect((await h.call('GET', `/api/v1/incidents/${alertA!.incident_id}`, { token: responder.token })).json().status).toBe('triggered');
    await results(b.id, [[at(-15), up], [at(-5), up]]);
    expect((await h.call('GET', `/api/v1/incidents/${alertA!.incident_id}`, { token: responder.token })).json().status).toBe('resolved');
  });

  it('holds back the alert during maintenance, and opens it after the review once maintenance ended', async () => {
    const m = await monitor({ name: 'maintained', service_id: null });
    const start = new Date(at(-60)).toISOString();
    const end = new Date(at(600)).toISOString();
    const w = await h.call('POST', '/api/v1/maintenance-windows', { token: responder.token, body: { title: 'DB upgrade', monitor_id: m.id, starts_at: start, ends_at: end } });
    expect(w.statusCode, w.body).toBe(201);
    expect(w.json()).toMatchObject({ active: true, monitor_id: m.id });
    await results(m.id, [[at(-20), down], [at(-10), down]]);
    expect(await incidentsOf(m.id)).toEqual([]);
    expect((await h.call('GET', `/api/v1/monitors/${m.id}/results?range=1h`, { token: responder.token })).json().items).toHaveLength(2);
    h.clock.advance(700_000);
    await h.kernel.engine.runOnce();
    const [alert] = await incidentsOf(m.id);
    expect(alert?.status).toBe('open');
  });

  it('takes heartbeats by ping, refuses unknown ones, and opens an alert when one is late', async () => {
    const m = (await h.call('POST', '/api/v1/monitors', { token: responder.token, body: { type: 'heartbeat', name: 'nightly backup', target: { period_s: 60, grace_s: 30 } } })).json();
    for (const path of [m.heartbeat_url, `${m.heartbeat_url}/start`, `${m.heartbeat_url}/0`]) {
      h.clock.advance(1000);
      const res = await h.app.inject({ method: 'POST', url: path, payload: 'backup ok', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode, path).toBe(200);
      expect(res.body).toBe('OK\n');
    }
    expect((await h.app.inject({ method: 'GET', url: '/ping/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `${m.heartbeat_url}/999` })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/ping/not-a-uuid' })).statusCode).toBe(404);
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, { token: responder.token })).json().state).toBe('up');

    h.clock.advance(1000);
    const fail = await h.app.inject({ method: 'POST', url: `${m.heartbeat_url}/3`, payload: 'disk full' });
    expect(fail.statusCode).toBe(200);
    const [alert] = await incidentsOf(m.id);
    expect(alert?.status).toBe('open');
    h.clock.advance(1000);
    await h.app.inject({ method: 'GET', url: m.heartbeat_url });
    expect((await incidentsOf(m.id))[0]!.status).toBe('resolved');

    // Silence: past period + grace the engine records a late failure; the alert opens.
    h.clock.advance(91_000);
    await h.kernel.engine.runOnce();
    const alerts = await incidentsOf(m.id);
    expect(alerts.filter((a) => a.status === 'open')).toHaveLength(1);
    const events = (await h.call('GET', `/api/v1/monitors/${m.id}/events`, { token: responder.token })).json().items;
    expect(events.some((e: { message: string }) => e.message.includes('no ping within 60 s'))).toBe(true);
  });

  it('lets a probe report only with its token, and needs M locations down to alert', async () => {
    const loc = await h.call('POST', '/api/v1/monitor-locations', { token: admin.token, body: { name: 'eu-west' } });
    expect(loc.statusCode, loc.body).toBe(201);
    const token = loc.json().token as string;
    expect((await h.call('POST', '/api/v1/monitor-locations', { token: responder.token, body: { name: 'us-east' } })).statusCode).toBe(403);
    const m = await monitor({ name: 'two places', locations: ['server', 'eu-west'], confirmation: { locations_to_alert: 2 } });

    const assignments = await h.app.inject({ method: 'GET', url: '/probe/v1/assignments', headers: { authorization: `Bearer ${token}` } });
    expect(assignments.statusCode).toBe(200);
    expect(assignments.json().monitors.map((x: { id: string }) => x.id)).toContain(m.id);
    expect((await h.app.inject({ method: 'GET', url: '/probe/v1/assignments', headers: { authorization: `Bearer ${responder.token}` } })).statusCode).toBe(401);

    // Only the server fails: one of two locations, no alert.
    await results(m.id, [[at(-20), down], [at(-10), down]]);
    const report = (list: Array<[number, string]>) =>
      h.app.inject({
        method: 'POST',
        url: '/probe/v1/results',
        headers: { authorization: `Bearer ${token}` },
        payload: { results: list.map(([t, status]) => ({ monitor_id: m.id, at: t, status, failure: status === 'down' ? 'refused' : null, latency_ms: 3, message: status === 'down' ? 'connection refused' : null })) },
      });
    const ok = await report([[at(-19), 'up'], [at(-9), 'up']]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ received: 2, stored: 2, ignored: 0 });
    expect(await incidentsOf(m.id)).toEqual([]);
    // The probe fails once: its assignment carries that, for a probe that restarts before its re-check.
    const mine = async () => (await h.app.inject({ method: 'GET', url: '/probe/v1/assignments', headers: { authorization: `Bearer ${token}` } })).json().monitors.find((x: { id: string }) => x.id === m.id);
    expect(await mine()).not.toHaveProperty('confirming');
    await report([[at(-8), 'down']]);
    expect((await mine()).confirming).toEqual({ status: 'up', streak: 1, first_failure_at: at(-8), last_result_at: at(-8) });
    // And again: two of two, the alert opens.
    await report([[at(-4), 'down']]);
    expect(await mine()).not.toHaveProperty('confirming');
    expect((await incidentsOf(m.id))[0]?.status).toBe('open');
    expect((await report([[at(-3), 'bogus']])).statusCode).toBe(400);
  });
});
