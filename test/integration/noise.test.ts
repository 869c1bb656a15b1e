import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { enqueue, serviceWithKey, trigger, type Actor } from './intake-helpers.js';

const MIN = 60_000;

describeEachDatabase('noise report', (h) => {
  let admin: Actor;
  let responder: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });

  it('counts per source and class what fired, what a person acted on, what resolved by itself, and ranks the noise', async () => {
    const from = h.clock.now().toISOString();
    const { serviceId, key } = await serviceWithKey(h, admin, 'noisy-shop', 'pagerduty');
    // "disk" fires four times, each resolving by itself after 1, 2, 3 and 10 minutes; one repeat absorbed.
    for (const [i, minutes] of [1, 2, 3, 10].entries()) {
      expect((await enqueue(h, trigger(key.key, { dedup_key: `disk-${i}` }, { class: 'disk' }))).statusCode).toBe(202);
      if (i === 0) await enqueue(h, trigger(key.key, { dedup_key: 'disk-0' }, { class: 'disk' }));
      h.clock.advance(minutes * MIN);
      expect((await enqueue(h, { routing_key: key.key, event_action: 'resolve', dedup_key: `disk-${i}` })).statusCode).toBe(202);
    }
    // "latency" fires once and a person acknowledges its incident and writes a note.
    expect((await enqueue(h, trigger(key.key, { dedup_key: 'lat' }, { class: 'latency' }))).statusCode).toBe(202);
    const lat = (await h.call('GET', `/api/v1/alerts?source_ref=${key.id}&status=open`, { token: responder.token })).json().items[0];
    expect((await h.call('POST', `/api/v1/incidents/${lat.incident_id}/acknowledge`, { token: responder.token })).statusCode).toBe(200);
    h.clock.advance(5 * MIN);
    // Alertmanager's alertname is the class; a different service is left out by service_id.
    const am = await serviceWithKey(h, admin, 'other-shop', 'alertmanager');
    const amAlert = { status: 'firing', fingerprint: 'fp1', labels: { alertname: 'TargetDown', severity: 'warning' }, annotations: {}, startsAt: from };
    expect((await h.call('POST', `/integrations/alertmanager/${am.key.key}`, { body: { version: '4', alerts: [amAlert] } })).statusCode).toBeLessThan(300);

    const to = h.clock.advance(1).toISOString();
    const res = await h.call('GET', `/api/v1/reports/noise?from=${from}&to=${to}&service_id=${serviceId}`, { token: responder.token });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.items).toEqual([
      { source: 'pagerduty', source_ref: key.id, source_name: 'noisy-shop pagerduty', service_name: 'noisy-shop', alert_class: 'disk', fired: 4, acknowledged: 0, acted_on: 0, handled: 0, self_resolved: 4, events: 5, median_open_ms: 2.5 * MIN },
      { source: 'pagerduty', source_ref: key.id, source_name: 'noisy-shop pagerduty', service_name: 'noisy-shop', alert_class: 'latency', fired: 1, acknowledged: 1, acted_on: 1, handled: 1, self_resolved: 0, events: 1, median_open_ms: 5 * MIN + 1 },
    ]);
    expect(report.totals).toEqual({ fired: 5, handled: 1, ignored: 4, events: 6 });
    expect(report.removal_candidates).toEqual([
      { source: 'pagerduty', source_ref: key.id, source_name: 'noisy-shop pagerduty', service_name: 'noisy-shop', alert_class: 'disk', fired: 4, ignored: 4, events: 5, reason: 'fired 4 times, never acted on; 4 resolved by themselves' },
    ]);

    const all = (await h.call('GET', `/api/v1/reports/noise?from=${from}&to=${to}`, { token: responder.token })).json();
    expect(all.items.find((r: { source_ref: string }) => r.source_ref === am.key.id)).toMatchObject({ source: 'alertmanager', service_name: 'other-shop', alert_class: 'TargetDown', fired: 1, self_resolved: 0 });
  });

  it('answers for a range holding an alert whose class and details carried a lone surrogate (once a 500 on PostgreSQL)', async () => {
    const from = h.clock.now().toISOString();
    const { key } = await serviceWithKey(h, admin, 'mojibake-shop', 'pagerduty');
    // Written by hand: a sender's broken emoji arrives as the escape "\ud83d" with no partner.
    const body = JSON.stringify(trigger(key.key, { dedup_key: 'emoji' }, { class: 'cpu ', custom_details: { note: 'fire ' } })).replace('"cpu "', '"cpu \\ud83d"').replace('"fire "', '"fire \\ud83d"');
    expect(body).toContain('\\ud83d"');
    expect((await enqueue(h, body)).statusCode).toBe(202);
    const to = h.clock.advance(1).toISOString();
    const res = await h.call('GET', `/api/v1/reports/noise?from=${from}&to=${to}`, { token: responder.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.find((r: { source_ref: string }) => r.source_ref === key.id)).toMatchObject({ alert_class: 'cpu \ufffd', fired: 1 });
    const [alert] = (await h.call('GET', `/api/v1/alerts?source_ref=${key.id}`, { token: responder.token })).json().items;
    expect((await h.call('GET', `/api/v1/alerts/${alert.id}`, { token: responder.token })).json().details).toMatchObject({ custom_details: { note: 'fire \ufffd' } });
  });

  it('counts a storm’s alerts as acted on when a person worked their one incident, and not when nobody did', async () => {
    const from = h.clock.now().toISOString();
    const storm = async (service: string, alertname: string, n: number) => {
      const { serviceId, key } = await serviceWithKey(h, admin, service, 'alertmanager');
      const alerts = Array.from({ length: n }, (_, i) => ({ status: 'firing', fingerprint: `${alertname}-${i}`, labels: { alertname, severity: 'critical' }, annotations: {} }));
      expect((await h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts } })).statusCode).toBe(202);
      const incidents = new Set((await h.call('GET', `/api/v1/alerts?source_ref=${key.id}&limit=200`, { token: responder.token })).json().items.map((a: { incident_id: string }) => a.incident_id));
      expect(incidents.size).toBe(1);
      return { serviceId, key, incidentId: [...incidents][0] as string };
    };
    const worked = await storm('storm-worked', 'PodCrashLooping', 30);
    const ignored = await storm('storm-ignored', 'NodeNotReady', 20);
    // A note, not an acknowledgement: acted on, none acknowledged.
    expect((await h.call('POST', `/api/v1/incidents/${worked.incidentId}/notes`, { token: responder.token, body: { text: 'rolling back' } })).statusCode).toBe(201);
    const to = h.clock.advance(1).toISOString();
    const report = (await h.call('GET', `/api/v1/reports/noise?from=${from}&to=${to}`, { token: responder.token })).json();
    expect(report.items.find((r: { source_ref: string }) => r.source_ref === worked.key.id)).toMatchObject({ alert_class: 'PodCrashLooping', fired: 30, acknowledged: 0, acted_on: 30, handled: 30 });
    expect(report.items.find((r: { source_ref: string }) => r.source_ref === ignored.key.id)).toMatchObject({ alert_class: 'NodeNotReady', fired: 20, acknowledged: 0, acted_on: 0, handled: 0 });
    expect(report.totals).toEqual({ fired: 50, handled: 30, ignored: 20, events: 50 });
  });

  it('refuses a bad range naming the field', async () => {
    const bad = await h.call('GET', '/api/v1/reports/noise?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', { token: responder.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
    expect((await h.call('GET', '/api/v1/reports/noise?from=yesterday', { token: responder.token })).statusCode).toBe(400);
  });
});
