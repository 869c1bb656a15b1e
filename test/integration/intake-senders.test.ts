import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, incident, serviceWithKey, type Actor } from './intake-helpers.js';

const amAlert = (fingerprint: string, status: 'firing' | 'resolved', labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({
  status,
  labels: { alertname: 'HighErrorRate', ...labels },
  annotations,
  startsAt: '2026-01-05T08:55:00Z',
  endsAt: status === 'resolved' ? '2026-01-05T09:00:00Z' : '0001-01-01T00:00:00Z',
  generatorURL: `http://prometheus.example/graph?g0.expr=${fingerprint}`,
  fingerprint,
});
const amPayload = (alerts: unknown[]) => ({ version: '4', groupKey: '{}:{alertname="HighErrorRate"}', status: 'firing', receiver: 'tocsin', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.example', alerts });

describeEachDatabase('intake: Alertmanager webhook, generic webhook, Opsgenie Alert API', (h) => {
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    viewer = await h.actor('viewer');
  });

  it('tracks each Alertmanager alert by fingerprint, keeps labels and links, and resolves them', async () => {
    const { key } = await serviceWithKey(h, admin, 'api-gateway', 'alertmanager');
    expect(key.endpoint).toContain(`/integrations/alertmanager/${key.key}`);
    const url = `/integrations/alertmanager/${key.key}`;
    const first = await h.call('POST', url, {
      body: amPayload([amAlert('fp1', 'firing', { severity: 'critical', instance: 'gw-1' }, { summary: 'Error rate 12% on gw-1' }), amAlert('fp2', 'firing', { severity: 'warning' }, { description: 'Latency up' })]),
    });
    expect(first.statusCode, first.body).toBe(202);
    let alerts = await alertsOf(h, viewer.token, key.id);
    const fp1 = alerts.find((a) => a.summary === 'Error rate 12% on gw-1')!;
    expect(fp1).toMatchObject({ severity: 'SEV-2', status: 'open' });
    expect(fp1.details).toMatchObject({ labels: { alertname: 'HighErrorRate', severity: 'critical', instance: 'gw-1' }, generatorURL: 'http://prometheus.example/graph?g0.expr=fp1' });
    expect(alerts.find((a) => a.summary === 'Latency up')).toMatchObject({ severity: 'SEV-4', incident_id: fp1.incident_id });
    expect((await incident(h, viewer.token, fp1.incident_id!)).detection_source).toBe('integration');

    // One POST mixing a resolved alert and a repeat of a firing one.
    const second = await h.call('POST', url, { body: amPayload([amAlert('fp1', 'resolved', { severity: 'critical' }, { summary: 'Error rate 12% on gw-1' }), amAlert('fp2', 'firing', { severity: 'warning' }, { description: 'Latency up' })]) });
    expect(second.statusCode).toBe(202);
    alerts = await alertsOf(h, viewer.token, key.id);
    expect(alerts.find((a) => a.summary === 'Error rate 12% on gw-1')!.status).toBe('resolved');
    expect(alerts.find((a) => a.summary === 'Latency up')).toMatchObject({ status: 'open', events: 2 });
    expect((await incident(h, viewer.token, fp1.incident_id!)).status).toBe('triggered');

    await h.call('POST', url, { body: amPayload([amAlert('fp2', 'resolved')]) });
    expect((await incident(h, viewer.token, fp1.incident_id!)).status).toBe('resolved');
  });

  it('refuses bad Alertmanager posts and unknown or revoked keys, storing nothing', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'billing', 'alertmanager');
    const url = `/integrations/alertmanager/${key.key}`;
    const before = await counts(h);
    const cases: Array<[string, unknown, number, string]> = [
      [url, '{"version": "4", "alerts": [', 400, 'JSON'],
      [url, { version: '4' }, 400, 'alerts'],
      [url, { version: '3', alerts: [] }, 400, 'version'],
      [url, amPayload([{ ...amAlert('fp9', 'firing'), fingerprint: undefined }]), 400, 'fingerprint'],
      [url, amPayload([{ ...amAlert('fp9', 'firing'), status: 'burning' }]), 400, 'status'],
      [url, amPayload([amAlert('fp9', 'firing', {}, { summary: 'a\u0000b' })]), 400, 'NUL'],
      ['/integrations/alertmanager/0123456789abcdef0123456789abcdef', amPayload([amAlert('fp9', 'firing')]), 404, 'Integration key'],
      [url, amPayload([amAlert('fp9', 'firing', {}, { summary: 'x'.repeat(600 * 1024) })]), 413, ''],
    ];
    for (const [path, body, status, words] of cases) {
      const res = await h.call('POST', path, { body: typeof body === 'string' ? body : (body as object), headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, `${JSON.stringify(body).slice(0, 80)}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain(words);
    }
    await h.call('DELETE', `/api/v1/services/${serviceId}/integration-keys/${key.id}`, { token: admin.token });
    expect((await h.call('POST', url, { body: amPayload([amAlert('fp9', 'firing')]) })).statusCode).toBe(404);
    expect(await counts(h)).toEqual(before);
  });

  it('reads a generic webhook through the key’s mapping', async () => {
    const mapping = { summary: '$.alert.title', severity: '$.alert.level', dedup_key: '$.alert.id', status: '$.state', resolve_values: ['OK'] };
    const { key } = await serviceWithKey(h, admin, 'grafana-things', 'webhook', { mapping });
    const url = `/integrations/webhook/${key.key}`;
    const fire = await h.call('POST', url, { body: { state: 'alerting', alert: { id: 42, title: 'Queue depth high', level: 'error' } } });
    expect(fire.statusCode, fire.body).toBe(202);
    expect((await alertsOf(h, viewer.token, key.id))[0]).toMatchObject({ summary: 'Queue depth high', severity: 'SEV-3', status: 'open' });
    expect((await h.call('POST', url, { body: { state: 'ok', alert: { id: 42, title: 'Queue depth high' } } })).statusCode).toBe(202);
    expect((await alertsOf(h, viewer.token, key.id))[0]!.status).toBe('resolved');
    const before = await counts(h);
    expect((await h.call('POST', url, { body: { state: 'alerting', alert: { id: 43 } } })).statusCode).toBe(400);
    expect((await h.call('POST', url, { body: { state: 'ok', alert: { title: 'no id' } } })).statusCode).toBe(400);
    expect(await counts(h)).toEqual(before);
    const wrong = await h.call('POST', `/api/v1/services/${(await h.call('GET', '/api/v1/services?q=grafana-things', { token: viewer.token })).json().items[0].id}/integration-keys`, {
      token: admin.token,
      body: { name: 'x', type: 'webhook', mapping: { summary: 'a' } },
    });
    expect(wrong.statusCode).toBe(400);
  });

  it('speaks the Opsgenie Alert API: create by alias, acknowledge by id, notes, close by alias', async () => {
    const { key } = await serviceWithKey(h, admin, 'mobile-api', 'opsgenie');
    const headers = { authorization: `GenieKey ${key.key}` };
    const created = await h.call('POST', '/v2/alerts', { headers, body: { message: 'Push notifications failing', alias: 'push-1', priority: 'P1', tags: ['mobile'], details: { region: 'eu' }, entity: 'push-svc', source: 'alertmanager' } });
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json()).toMatchObject({ result: 'Request will be processed', requestId: expect.any(String) });
    expect(typeof created.json().took).toBe('number');
    let [alert] = await alertsOf(h, viewer.token, key.id);
    expect(alert).toMatchObject({ summary: 'Push notifications failing', severity: 'SEV-2', status: 'open' });
    expect(alert!.details).toMatchObject({ priority: 'P1', tags: ['mobile'], custom_details: { region: 'eu' }, entity: 'push-svc' });

    expect((await h.call('POST', `/v2/alerts/${alert!.id}/acknowledge?identifierType=id`, { headers, body: { user: 'ana' } })).statusCode).toBe(202);
    expect((await incident(h, viewer.token, alert!.incident_id!)).status).toBe('acknowledged');
    expect((await h.call('POST', '/v2/alerts/push-1/notes?identifierType=alias', { headers, body: { note: 'Rolling back', user: 'ana' } })).statusCode).toBe(202);
    const kinds = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: viewer.token })).json().items.map((e: { kind: string; data: { text?: string } }) => e.data.text ?? e.kind);
    expect(kinds).toContain('Rolling back (ana, via Opsgenie API)');
    expect((await h.call('POST', '/v2/alerts/push-1/close?identifierType=alias', { headers, body: { source: 'alertmanager' } })).statusCode).toBe(202);
    [alert] = await alertsOf(h, viewer.token, key.id);
    expect(alert!.status).toBe('resolved');
    // An unknown alias is accepted and dropped, as Opsgenie does.
    expect((await h.call('POST', '/v2/alerts/nothing/close?identifierType=alias', { headers, body: {} })).statusCode).toBe(202);
  });

  it('updates an open alert’s message and description by alias or id, as Alertmanager’s update_alerts sends them', async () => {
    const { key } = await serviceWithKey(h, admin, 'search-api', 'opsgenie');
    const headers = { authorization: `GenieKey ${key.key}` };
    expect((await h.call('POST', '/v2/alerts', { headers, body: { message: 'Search latency high', alias: 'lat-1', description: 'p99 1.2 s' } })).statusCode).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    const put = (path: string, body: unknown) => h.call('PUT', path, { headers, body: body as object });
    expect((await put('/v2/alerts/lat-1/message?identifierType=alias', { message: 'Search latency critical' })).statusCode).toBe(202);
    expect((await put(`/v2/alerts/${alert!.id}/description`, { description: 'p99 4.8 s on eu-1' })).statusCode).toBe(202);
    const [revised] = await alertsOf(h, viewer.token, key.id);
    expect(revised).toMatchObject({ id: alert!.id, summary: 'Search latency critical', status: 'open', events: 1 });
    expect(revised!.details).toMatchObject({ description: 'p99 4.8 s on eu-1' });
    // What the words said before is kept on the incident's timeline; the same words again (as
    // Alertmanager sends them after every notification) add nothing.
    expect((await put('/v2/alerts/lat-1/message?identifierType=alias', { message: 'Search latency critical' })).statusCode).toBe(202);
    const revisions = async () =>
      (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: viewer.token })).json().items.filter((e: { kind: string }) => e.kind === 'alert_revised');
    expect(alert!.incident_id).toBeTruthy();
    expect((await revisions()).map((e: { data: unknown; actor: unknown }) => e.data)).toEqual([
      { alert_id: alert!.id, summary: 'Search latency critical', previous_summary: 'Search latency high', source: 'opsgenie', integration_key_id: key.id },
      { alert_id: alert!.id, summary: 'Search latency critical', description: 'p99 4.8 s on eu-1', previous_description: 'p99 1.2 s', source: 'opsgenie', integration_key_id: key.id },
    ]);
    // Unknown or closed alerts are accepted and left alone; bad requests change nothing.
    expect((await put('/v2/alerts/nothing/message?identifierType=alias', { message: 'x' })).statusCode).toBe(202);
    const cases: Array<[string, unknown, number]> = [
      ['/v2/alerts/lat-1/message?identifierType=alias', { message: '  ' }, 422],
      ['/v2/alerts/lat-1/message?identifierType=alias', { text: 'x' }, 422],
      ['/v2/alerts/lat-1/description?identifierType=alias', { description: 7 }, 422],
      ['/v2/alerts/lat-1/description?identifierType=alias', { description: 'd'.repeat(15_001) }, 422],
      ['/v2/alerts/lat-1/message?identifierType=name', { message: 'x' }, 422],
    ];
    for (const [path, body, status] of cases) expect((await put(path, body)).statusCode, `${path} ${JSON.stringify(body).slice(0, 40)}`).toBe(status);
    expect((await h.call('PUT', '/v2/alerts/lat-1/message?identifierType=alias', { body: { message: 'x' } })).statusCode).toBe(401);
    expect((await alertsOf(h, viewer.token, key.id))[0]).toMatchObject({ summary: 'Search latency critical' });
    expect((await h.call('POST', '/v2/alerts/lat-1/close?identifierType=alias', { headers, body: {} })).statusCode).toBe(202);
    expect((await put('/v2/alerts/lat-1/message?identifierType=alias', { message: 'After close' })).statusCode).toBe(202);
    expect((await alertsOf(h, viewer.token, key.id))[0]).toMatchObject({ summary: 'Search latency critical', status: 'resolved' });
    expect(await revisions()).toHaveLength(2);
  });

  it('ten updates of one alert’s message at once lose none of its words: each revision names the one before it', async () => {
    const { key } = await serviceWithKey(h, admin, 'ledger-api', 'opsgenie');
    const headers = { authorization: `GenieKey ${key.key}` };
    expect((await h.call('POST', '/v2/alerts', { headers, body: { message: 'v0', alias: 'ledger-1', priority: 'P2' } })).statusCode).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.call('PUT', '/v2/alerts/ledger-1/message?identifierType=alias', { headers, body: { message: `v${i + 1}` } })),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(202));
    const facts = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: viewer.token })).json().items
      .filter((e: { kind: string }) => e.kind === 'alert_revised')
      .map((e: { data: { summary: string; previous_summary: string } }) => e.data);
    // In the order they were recorded, each starts from what the one before left: none read the
    // same old words as another (the alert is locked while it is revised).
    expect(facts).toHaveLength(10);
    expect(facts.map((f: { previous_summary: string }) => f.previous_summary)).toEqual(['v0', ...facts.slice(0, -1).map((f: { summary: string }) => f.summary)]);
    expect(new Set(facts.map((f: { summary: string }) => f.summary)).size).toBe(10);
    expect((await alertsOf(h, viewer.token, key.id))[0]!.summary).toBe(facts.at(-1).summary);
  });

  it('refuses Opsgenie requests without a key, with a bad key or a bad body, storing nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'web-push', 'opsgenie');
    const before = await counts(h);
    const headers = { authorization: `GenieKey ${key.key}` };
    const cases: Array<[Record<string, string>, unknown, number]> = [
      [{}, { message: 'x' }, 401],
      [{ authorization: 'GenieKey 0123456789abcdef0123456789abcdef' }, { message: 'x' }, 401],
      [{ authorization: `Bearer ${key.key}` }, { message: 'x' }, 401],
      [headers, { alias: 'no-message' }, 422],
      [headers, { message: 'x', priority: 'P9' }, 422],
      [headers, { message: 'x', tags: 'one' }, 422],
      [headers, '{"message": ', 400],
    ];
    for (const [hdrs, body, status] of cases) {
      const res = await h.call('POST', '/v2/alerts', { headers: { 'content-type': 'application/json', ...hdrs }, body: typeof body === 'string' ? body : (body as object) });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json()).toMatchObject({ message: expect.any(String), requestId: expect.any(String) });
    }
    expect((await h.call('POST', '/v2/alerts/x/close?identifierType=tiny', { headers, body: {} })).statusCode).toBe(422);
    expect((await h.call('POST', '/v2/alerts/x/notes?identifierType=alias', { headers, body: {} })).statusCode).toBe(422);
    expect((await h.call('POST', '/v2/alerts', { headers, body: { message: 'x', details: { blob: 'y'.repeat(600 * 1024) } } })).statusCode).toBe(413);
    expect(await counts(h)).toEqual(before);
  });

  it('refuses bad input on the change, webhook and key endpoints with the right status, storing nothing', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'bad-input', 'webhook');
    const revoked = await serviceWithKey(h, admin, 'bad-input-revoked', 'pagerduty');
    await h.call('DELETE', `/api/v1/services/${revoked.serviceId}/integration-keys/${revoked.key.id}`, { token: admin.token });
    const big = 'x'.repeat(600 * 1024);
    const before = await counts(h);
    const cases: Array<[string, string, unknown, number, Record<string, string>?]> = [
      ['/v2/change/enqueue', 'malformed JSON', '{"routing_key":', 400],
      ['/v2/change/enqueue', 'no payload', { routing_key: key.key }, 400],
      ['/v2/change/enqueue', 'unknown key', { routing_key: 'f'.repeat(32), payload: { summary: 'x' } }, 400],
      ['/v2/change/enqueue', 'revoked key', { routing_key: revoked.key.key, payload: { summary: 'x' } }, 400],
      ['/v2/change/enqueue', 'too large', { routing_key: key.key, payload: { summary: big } }, 413],
      [`/integrations/webhook/${key.key}`, 'malformed JSON', '{"summary":', 400],
      [`/integrations/webhook/${key.key}`, 'too large', { summary: big }, 413],
      [`/integrations/webhook/${revoked.key.key}`, 'revoked key', { summary: 'x' }, 404],
      ['/integrations/webhook/nope', 'unknown key', { summary: 'x' }, 404],
      ['/api/v1/changes', 'missing summary', { service: 'bad-input' }, 400, { authorization: `Bearer ${admin.token}` }],
      ['/api/v1/changes', 'bad timestamp', { service: 'bad-input', summary: 'x', timestamp: 'soon' }, 400, { authorization: `Bearer ${admin.token}` }],
      ['/api/v1/changes', 'malformed JSON', '{"service":', 400, { authorization: `Bearer ${admin.token}` }],
      ['/api/v1/changes', 'too large', { service: 'bad-input', summary: 'x', custom_details: { big: big + big } }, 413, { authorization: `Bearer ${admin.token}` }],
      [`/api/v1/services/${serviceId}/integration-keys`, 'missing name', { type: 'pagerduty' }, 400, { authorization: `Bearer ${admin.token}` }],
      [`/api/v1/services/${serviceId}/integration-keys`, 'mapping on a non-webhook key', { name: 'x', type: 'pagerduty', mapping: { summary: 'a', severity: 'b', dedup_key: 'c', status: 'd', resolve_values: [] } }, 400, { authorization: `Bearer ${admin.token}` }],
      ['/api/v1/services/svc_nope/integration-keys', 'unknown service', { name: 'x', type: 'pagerduty' }, 404, { authorization: `Bearer ${admin.token}` }],
    ];
    for (const [path, what, body, status, headers] of cases) {
      const res = await h.call('POST', path, { body: typeof body === 'string' ? body : (body as object), headers: { 'content-type': 'application/json', ...headers } });
      expect(res.statusCode, `${path}: ${what}: ${res.body.slice(0, 200)}`).toBe(status);
    }
    expect(await counts(h)).toEqual(before);
    expect((await h.call('GET', `/api/v1/services/${serviceId}/integration-keys`, { token: admin.token })).json().items).toHaveLength(1);
  });
});
