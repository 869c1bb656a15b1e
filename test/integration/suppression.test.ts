import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, enqueue, serviceWithKey, trigger, type Actor } from './intake-helpers.js';

// Suppression rules as an admin makes them and a sender meets them: a dropped event stores
// nothing but is counted on its rule; a quiet one stores its alert without an incident.

describeEachDatabase('suppression rules', (h) => {
  let admin: Actor;
  let responder: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });
  const rules = async () => (await h.call('GET', '/api/v1/suppression-rules', { token: admin.token })).json().items as Array<{ id: string; matched_events: number; last_matched_at: string | null }>;
  const makeRule = async (body: Record<string, unknown>) => {
    const res = await h.call('POST', '/api/v1/suppression-rules', { token: admin.token, body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const deleteRule = (id: string) => h.call('DELETE', `/api/v1/suppression-rules/${id}`, { token: admin.token });

  it('drops a matching event: no alert, no incident, one more on the rule’s count', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'staging-shop', 'alertmanager');
    const rule = await makeRule({ name: 'staging never pages', service_id: serviceId, source: 'alertmanager', match: { 'labels.env': 'staging' }, action: 'drop' });
    const before = await counts(h);
    const alert = (env: string, fp: string) => ({ status: 'firing', fingerprint: fp, labels: { alertname: 'DiskFull', env, severity: 'critical' }, annotations: {} });
    const sent = await h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts: [alert('staging', 'fp1'), alert('staging', 'fp2')] } });
    expect(sent.statusCode).toBeLessThan(300);
    expect(await counts(h)).toEqual(before);
    expect((await rules()).find((r) => r.id === rule.id)).toMatchObject({ matched_events: 2, last_matched_at: h.clock.now().toISOString() });

    // Production is not matched; once the rule is deleted, staging pages again.
    await h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts: [alert('production', 'fp3')] } });
    expect(await alertsOf(h, responder.token, key.id)).toHaveLength(1);
    expect((await deleteRule(rule.id)).statusCode).toBe(204);
    await h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts: [alert('staging', 'fp1')] } });
    expect(await alertsOf(h, responder.token, key.id)).toHaveLength(2);
    expect((await deleteRule(rule.id)).statusCode).toBe(404);
  });

  it('keeps a quiet event’s alert without opening an incident, and its resolve still closes it', async () => {
    const { key } = await serviceWithKey(h, admin, 'batch', 'pagerduty');
    const rule = await makeRule({ name: 'nightly batch is known to flap', source: key.id, severity: 'warning', action: 'quiet' });
    const before = await counts(h);
    expect((await enqueue(h, trigger(key.key, { dedup_key: 'batch-late' }, { severity: 'warning' }))).statusCode).toBe(202);
    let [alert] = await alertsOf(h, responder.token, key.id);
    expect(alert).toMatchObject({ status: 'open', incident_id: null, severity: 'SEV-4', details: { suppressed_by: rule.id } });
    expect(await counts(h)).toMatchObject({ alerts: before.alerts + 1, incidents: before.incidents, timeline: before.timeline });
    // A critical one is not matched (the rule is for warnings) and opens an incident.
    await enqueue(h, trigger(key.key, { dedup_key: 'batch-failed' }, { severity: 'critical' }));
    expect((await counts(h)).incidents).toBe(before.incidents + 1);
    await enqueue(h, { routing_key: key.key, event_action: 'resolve', dedup_key: 'batch-late' });
    [alert] = (await alertsOf(h, responder.token, key.id)).filter((a) => a.dedup_key.endsWith('batch-late'));
    expect(alert!.status).toBe('resolved');
    expect((await rules()).find((r) => r.id === rule.id)!.matched_events).toBe(1);
    await deleteRule(rule.id);
  });

  it('is for admins, and refuses an unknown service or source and a wrong action, naming the field', async () => {
    expect((await h.call('GET', '/api/v1/suppression-rules', { token: responder.token })).statusCode).toBe(403);
    expect((await h.call('POST', '/api/v1/suppression-rules', { token: responder.token, body: { name: 'x', action: 'drop' } })).statusCode).toBe(403);
    const before = (await rules()).length;
    for (const [body, field] of [
      [{ name: 'x', action: 'mute' }, 'action'],
      [{ name: 'x', action: 'drop', service_id: 'svc_nope' }, 'service_id'],
      [{ name: 'x', action: 'drop', source: 'ikey_nope' }, 'source'],
      [{ name: ' ', action: 'drop' }, 'name'],
      [{ name: 'x', action: 'drop', match: { 'labels.env': 5 } }, 'match'],
      [{ name: 'x\u0000', action: 'drop' }, 'name'],
    ] as const) {
      const res = await h.call('POST', '/api/v1/suppression-rules', { token: admin.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await rules()).toHaveLength(before);
  });
});
