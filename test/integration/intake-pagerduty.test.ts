import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, enqueue, incident, serviceWithKey, trigger, type Actor } from './intake-helpers.js';

describeEachDatabase('intake: integration keys and PagerDuty Events API v2', (h) => {
  let admin: Actor;
  let responder: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });

  it('makes a key shown once with its URL, lists it by prefix only, and refuses it once revoked', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'payments', 'pagerduty');
    expect(key.key).toMatch(/^[0-9a-f]{32}$/);
    expect(key.endpoint).toMatch(/\/v2\/enqueue$/);
    const list = (await h.call('GET', `/api/v1/services/${serviceId}/integration-keys`, { token: responder.token })).json();
    expect(list.items).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(key.key);
    expect(list.items[0]).toMatchObject({ key_prefix: key.key.slice(0, 6), type: 'pagerduty', revoked_at: null });
    expect((await h.call('POST', `/api/v1/services/${serviceId}/integration-keys`, { token: responder.token, body: { name: 'x', type: 'pagerduty' } })).statusCode).toBe(403);
    expect((await h.call('POST', `/api/v1/services/${serviceId}/integration-keys`, { token: admin.token, body: { name: 'x', type: 'smtp' } })).statusCode).toBe(400);

    expect((await enqueue(h, trigger(key.key))).statusCode).toBe(202);
    expect((await h.call('DELETE', `/api/v1/services/${serviceId}/integration-keys/${key.id}`, { token: admin.token })).statusCode).toBe(204);
    const before = await counts(h);
    const refused = await enqueue(h, trigger(key.key, { dedup_key: 'after-revoke' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] });
    expect(await counts(h)).toEqual(before);
    expect((await h.call('GET', `/api/v1/services/${serviceId}/integration-keys`, { token: responder.token })).json().items[0].revoked_at).not.toBeNull();
  });

  it('refuses a key at once once its service is deleted, though the key was just used', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'short-lived', 'pagerduty');
    // An info event: an alert without an incident, so the service may be deleted.
    expect((await enqueue(h, trigger(key.key, { dedup_key: 'before' }, { severity: 'info' }))).statusCode).toBe(202);
    expect((await h.call('DELETE', `/api/v1/services/${serviceId}`, { token: admin.token })).statusCode).toBe(204);
    const refused = await enqueue(h, trigger(key.key, { dedup_key: 'after' }, { severity: 'info' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual(['Invalid routing key']);
  });

  it('new alerts arriving together join the open incident, each counted once and each on its timeline', async () => {
    const { key } = await serviceWithKey(h, admin, 'crowded', 'pagerduty');
    expect((await enqueue(h, trigger(key.key, { dedup_key: 'first' }))).statusCode).toBe(202);
    const [first] = await alertsOf(h, responder.token, key.id);
    // Ten new keys at once, one of them twice, plus a repeat of the first: one commit group.
    const keys = ['first', 'dup', 'dup', ...Array.from({ length: 9 }, (_, i) => `new-${i}`)];
    const answers = await Promise.all(keys.map((k) => enqueue(h, trigger(key.key, { dedup_key: k }))));
    expect(answers.map((a) => a.statusCode)).toEqual(keys.map(() => 202));
    const alerts = await alertsOf(h, responder.token, key.id);
    const byKey = Object.fromEntries(alerts.map((a) => [a.details.dedup_key, a]));
    expect(Object.keys(byKey).sort()).toEqual(['dup', 'first', ...Array.from({ length: 9 }, (_, i) => `new-${i}`)].sort());
    expect(alerts.every((a) => a.incident_id === first!.incident_id && a.status === 'open')).toBe(true);
    expect([byKey.first!.events, byKey.dup!.events, byKey['new-0']!.events]).toEqual([2, 2, 1]);
    const timeline = (await h.call('GET', `/api/v1/incidents/${first!.incident_id}/timeline?limit=200`, { token: responder.token })).json().items as { kind: string; data: { alert_id?: string } }[];
    const opened = timeline.filter((e) => e.kind === 'alert_opened').map((e) => e.data.alert_id).sort();
    expect(opened).toEqual(alerts.map((a) => a.id).sort());
    // The first alert opened the incident: it comes before the declaration on the timeline.
    expect(timeline.slice(0, 2).map((e) => [e.kind, e.data.alert_id])).toEqual([['alert_opened', first!.id], ['declared', undefined]]);
  });

  it('triggers, absorbs repeats, acknowledges, resolves, and opens a new alert after resolve', async () => {
    const { key } = await serviceWithKey(h, admin, 'checkout', 'pagerduty');
    const first = await enqueue(h, trigger(key.key, { dedup_key: 'disk-db-1', client: 'Prometheus', links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }] }));
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk-db-1' });
    let [alert] = await alertsOf(h, responder.token, key.id);
    expect(alert).toMatchObject({ status: 'open', events: 1, severity: 'SEV-2', summary: 'Disk full on db-1' });
    expect(alert!.details).toMatchObject({ client: 'Prometheus', links: [{ href: 'https://grafana.example/d/1', text: 'Dashboard' }], dedup_key: 'disk-db-1' });
    expect(await incident(h, responder.token, alert!.incident_id!)).toMatchObject({ status: 'triggered', severity: 'SEV-2', detection_source: 'integration', title: 'Disk full on db-1' });

    for (let i = 0; i < 3; i++) expect((await enqueue(h, trigger(key.key, { dedup_key: 'disk-db-1' }))).statusCode).toBe(202);
    expect(await alertsOf(h, responder.token, key.id)).toHaveLength(1);
    expect((await alertsOf(h, responder.token, key.id))[0]!.events).toBe(4);

    expect((await enqueue(h, { routing_key: key.key, event_action: 'acknowledge', dedup_key: 'disk-db-1' })).statusCode).toBe(202);
    [alert] = await alertsOf(h, responder.token, key.id);
    expect(alert!.acknowledged_at).not.toBeNull();
    // The sender acknowledged, not a person: nobody is named as the one on it.
    expect(await incident(h, responder.token, alert!.incident_id!)).toMatchObject({ status: 'acknowledged', acknowledged_by: null });
    const timeline = async () => (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: responder.token })).json().items.map((e: { kind: string }) => e.kind);
    const kindsAfterAck = await timeline();
    expect(kindsAfterAck).toContain('alert_acknowledged');
    // A re-trigger of an acknowledged alert is counted, pages nobody and adds nothing to the timeline.
    expect((await enqueue(h, trigger(key.key, { dedup_key: 'disk-db-1' }))).statusCode).toBe(202);
    expect((await alertsOf(h, responder.token, key.id))[0]!.events).toBeGreaterThan(4);
    expect(await timeline()).toEqual(kindsAfterAck);

    expect((await enqueue(h, { routing_key: key.key, event_action: 'resolve', dedup_key: 'disk-db-1' })).statusCode).toBe(202);
    expect((await alertsOf(h, responder.token, key.id))[0]).toMatchObject({ status: 'resolved' });
    expect((await incident(h, responder.token, alert!.incident_id!)).status).toBe('resolved');

    expect((await enqueue(h, trigger(key.key, { dedup_key: 'disk-db-1' }))).statusCode).toBe(202);
    const after = await alertsOf(h, responder.token, key.id);
    expect(after).toHaveLength(2);
    expect(after.filter((a) => a.status === 'open')).toHaveLength(1);
  });

  it('keeps one open alert and one incident when the same trigger arrives many times at once', async () => {
    const { key } = await serviceWithKey(h, admin, 'burst', 'pagerduty');
    const before = await counts(h);
    const answers = await Promise.all(Array.from({ length: 20 }, () => enqueue(h, trigger(key.key, { dedup_key: 'same' }))));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(20).fill(202));
    const alerts = await alertsOf(h, responder.token, key.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.events).toBe(20);
    expect((await counts(h)).incidents).toBe(before.incidents + 1);
  });

  it('generates a dedup key for a trigger without one, maps severities, and drops ack/resolve of nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'search', 'pagerduty');
    const res = await enqueue(h, trigger(key.key, {}, { severity: 'warning', summary: 'Slow queries' }));
    expect(res.statusCode).toBe(202);
    const dedup = res.json().dedup_key as string;
    expect(dedup).toMatch(/^[0-9a-f]{32}$/);
    const info = await enqueue(h, trigger(key.key, { dedup_key: 'fyi' }, { severity: 'info', summary: 'Cache warmed' }));
    expect(info.statusCode).toBe(202);
    const alerts = await alertsOf(h, responder.token, key.id);
    expect(alerts.find((a) => a.summary === 'Slow queries')).toMatchObject({ severity: 'SEV-4' });
    expect(alerts.find((a) => a.summary === 'Cache warmed')).toMatchObject({ severity: 'info', incident_id: null });

    const before = await counts(h);
    for (const action of ['acknowledge', 'resolve']) {
      const r = await enqueue(h, { routing_key: key.key, event_action: action, dedup_key: 'never-triggered' });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toMatchObject({ status: 'success', dedup_key: 'never-triggered' });
    }
    expect(await counts(h)).toEqual(before);
  });

  it('maps severities through the service’s own map, defaults for the rest', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'identity', 'pagerduty');
    const path = `/api/v1/services/${serviceId}/severity-map`;
    expect((await h.call('GET', path, { token: responder.token })).json()).toEqual({ critical: 'SEV-2', error: 'SEV-3', warning: 'SEV-4', info: 'none' });
    expect((await h.call('PUT', path, { token: responder.token, body: { critical: 'SEV-1' } })).statusCode).toBe(403);
    expect((await h.call('PUT', path, { token: admin.token, body: { critical: 'SEV-0' } })).statusCode).toBe(400);
    const put = await h.call('PUT', path, { token: admin.token, body: { critical: 'SEV-1', warning: 'none' } });
    expect(put.json()).toEqual({ critical: 'SEV-1', error: 'SEV-3', warning: 'none', info: 'none' });
    await enqueue(h, trigger(key.key, { dedup_key: 'login-down' }, { summary: 'Logins failing' }));
    await enqueue(h, trigger(key.key, { dedup_key: 'slow' }, { summary: 'Logins slow', severity: 'warning' }));
    const alerts = await alertsOf(h, responder.token, key.id);
    const down = alerts.find((a) => a.summary === 'Logins failing')!;
    expect(down.severity).toBe('SEV-1');
    expect((await incident(h, responder.token, down.incident_id!)).severity).toBe('SEV-1');
    expect(alerts.find((a) => a.summary === 'Logins slow')).toMatchObject({ severity: 'info', incident_id: null });
  });

  it('refuses bad events in PagerDuty’s shape and stores nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'ledger', 'pagerduty');
    const before = await counts(h);
    const cases: Array<[unknown, number, string]> = [
      ['{"routing_key": "x", ', 400, 'not valid JSON'],
      ['', 400, 'routing_key'],
      [[1, 2], 400, 'routing_key'],
      [{ event_action: 'trigger', payload: { summary: 's', source: 's', severity: 'critical' } }, 400, 'routing_key'],
      [{ routing_key: key.key, event_action: 'explode' }, 400, 'event_action'],
      [trigger(key.key, {}, { severity: 'disaster' }), 400, 'payload.severity'],
      [trigger(key.key, {}, { summary: '' }), 400, 'payload.summary'],
      [{ routing_key: key.key, event_action: 'trigger' }, 400, 'payload'],
      [{ routing_key: key.key, event_action: 'resolve' }, 400, 'dedup_key'],
      [trigger(key.key, { dedup_key: 'x'.repeat(256) }), 400, 'dedup_key'],
      [trigger(key.key, {}, { timestamp: 'yesterday' }), 400, 'timestamp'],
      [trigger(key.key, {}, { summary: 'nul \u0000 here' }), 400, 'NUL'],
      [trigger('0123456789abcdef0123456789abcdef'), 400, 'Invalid routing key'],
      // 5,000 levels of arrays: JSON.parse takes it, a walk of it overflowed the stack (a 500).
      [JSON.stringify(trigger(key.key, {}, { custom_details: 'DEEP' })).replace('"DEEP"', `${'['.repeat(5000)}${']'.repeat(5000)}`), 400, 'nested more than 100 levels'],
    ];
    for (const [body, status, words] of cases) {
      const res = await enqueue(h, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 100)).toBe(status);
      expect(res.json()).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
      expect(res.json().errors.join(' ')).toContain(words);
    }
    const big = await enqueue(h, trigger(key.key, {}, { custom_details: { blob: 'x'.repeat(600 * 1024) } }));
    expect(big.statusCode).toBe(413);
    expect(await counts(h)).toEqual(before);
  });

  it('stores change events from /v2/change/enqueue and POST /api/v1/changes, listed per service', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'storefront', 'pagerduty');
    const res = await h.call('POST', '/v2/change/enqueue', {
      body: { routing_key: key.key, payload: { summary: 'Deployed v42', source: 'github-actions', timestamp: '2026-01-05T08:30:00Z', custom_details: { sha: 'abc123' } }, links: [{ href: 'https://ci.example/42' }] },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'success', message: 'Change event processed' });
    const ci = await h.call('POST', '/api/v1/changes', { token: responder.token, body: { service: 'STOREFRONT', summary: 'Feature flag new-cart on', source: 'ci' } });
    expect(ci.statusCode, ci.body).toBe(201);
    expect((await h.call('POST', '/api/v1/changes', { token: responder.token, body: { service: 'nope', summary: 'x' } })).statusCode).toBe(404);
    expect((await h.call('POST', '/v2/change/enqueue', { body: { routing_key: key.key, payload: {} } })).statusCode).toBe(400);
    const list = (await h.call('GET', `/api/v1/services/${serviceId}/changes`, { token: responder.token })).json().items;
    expect(list.map((c: { summary: string }) => c.summary)).toEqual(['Feature flag new-cart on', 'Deployed v42']);
    expect(list[1]).toMatchObject({ source: 'github-actions', at: '2026-01-05T08:30:00.000Z', custom_details: { sha: 'abc123' }, links: [{ href: 'https://ci.example/42' }], integration_key_id: key.id });
  });

  it('lists the changes on an incident’s services and their dependencies in the 6 hours before it started', async () => {
    const db = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'orders-db' } })).json();
    await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'shipping' } });
    const { serviceId, key } = await serviceWithKey(h, admin, 'orders', 'pagerduty');
    await h.call('PATCH', `/api/v1/services/${serviceId}`, { token: admin.token, body: { dependency_ids: [db.id] } });
    const change = (service: string, summary: string, timestamp: string) => h.call('POST', '/api/v1/changes', { token: responder.token, body: { service, summary, timestamp } });
    expect((await change('orders-db', 'Schema migration 0042', '2026-01-05T07:00:00Z')).statusCode).toBe(201);
    expect((await change('orders', 'Deployed orders v7', '2026-01-05T08:15:00Z')).statusCode).toBe(201);
    expect((await change('orders', 'Too old to matter', '2026-01-05T01:00:00Z')).statusCode).toBe(201);
    expect((await change('shipping', 'Another service', '2026-01-05T08:00:00Z')).statusCode).toBe(201);
    await enqueue(h, trigger(key.key, { dedup_key: 'orders-5xx' }, { summary: 'Orders 5xx', timestamp: '2026-01-05T08:30:00Z' }));
    const [alert] = await alertsOf(h, responder.token, key.id);
    const res = await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/changes`, { token: responder.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().until).toBe('2026-01-05T08:30:00.000Z');
    expect(res.json().items.map((c: { summary: string }) => c.summary)).toEqual(['Deployed orders v7', 'Schema migration 0042']);
    expect(res.json().during).toEqual({ until: h.clock.now().toISOString(), items: [] });
    expect((await h.call('GET', '/api/v1/incidents/inc_nope/changes', { token: responder.token })).statusCode).toBe(404);
  });

  it('lists the changes made while the incident lasted, until it was resolved, apart from those before it', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'billing', 'pagerduty');
    const change = (summary: string, timestamp?: string) => h.call('POST', '/api/v1/changes', { token: responder.token, body: { service: serviceId, summary, ...(timestamp ? { timestamp } : {}) } });
    const started = new Date(h.clock.now().getTime() - 20 * 60_000);
    expect((await change('Deployed billing v3', new Date(started.getTime() - 60_000).toISOString())).statusCode).toBe(201);
    await enqueue(h, trigger(key.key, { dedup_key: 'billing-5xx' }, { summary: 'Billing 5xx', timestamp: started.toISOString() }));
    const [alert] = await alertsOf(h, responder.token, key.id);
    expect((await change('Rolled back billing v3', new Date(started.getTime() + 10 * 60_000).toISOString())).statusCode).toBe(201);
    const changes = async () => (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/changes`, { token: responder.token })).json();
    const summaries = (items: { summary: string }[]) => items.map((c) => c.summary);
    let now = await changes();
    expect(summaries(now.items)).toEqual(['Deployed billing v3']);
    expect(summaries(now.during.items)).toEqual(['Rolled back billing v3']);
    expect(now.during.until).toBe(h.clock.now().toISOString());

    h.clock.advance(60_000);
    const resolved = await h.call('POST', `/api/v1/incidents/${alert!.incident_id}/resolve`, { token: responder.token, body: {} });
    expect(resolved.statusCode, resolved.body).toBe(200);
    h.clock.advance(60_000);
    expect((await change('Deployed billing v4')).statusCode).toBe(201); // after it was resolved: neither list
    now = await changes();
    expect(now.during.until).toBe(resolved.json().resolved_at);
    expect(summaries(now.during.items)).toEqual(['Rolled back billing v3']);
    expect(summaries(now.items)).toEqual(['Deployed billing v3']);
  });
});

describeEachDatabase(
  'intake: a burst on one key is rate-limited, another key is not',
  (h) => {
    it('answers 429 with Retry-After past the allowance, only for that key', async () => {
      const admin = await h.actor('admin');
      const a = await serviceWithKey(h, admin, 'noisy', 'pagerduty');
      const b = await serviceWithKey(h, admin, 'quiet', 'pagerduty');
      const statuses: number[] = [];
      let retryAfter: string | undefined;
      for (let i = 0; i < 30; i++) {
        const res = await enqueue(h, trigger(a.key.key, { dedup_key: `k${i % 3}` }));
        statuses.push(res.statusCode);
        if (res.statusCode === 429) retryAfter = String(res.headers['retry-after']);
      }
      expect(statuses.filter((s) => s === 202)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await enqueue(h, trigger(b.key.key))).statusCode).toBe(202);
      // The accepted ones were all counted: 3 alerts absorbing 20 events.
      const admitted = (await h.call('GET', `/api/v1/alerts?source_ref=${a.key.id}`, { token: admin.token })).json().items;
      expect(admitted.reduce((n: number, x: { events: number }) => n + x.events, 0)).toBe(20);
      h.clock.advance(60_000);
      expect((await enqueue(h, trigger(a.key.key))).statusCode).toBe(202);
    });
  },
  { env: { TOCSIN_INTAKE_EVENTS_PER_MINUTE: '20' } },
);
