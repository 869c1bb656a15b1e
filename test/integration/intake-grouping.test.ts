import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { runTocsin } from '../support/cli-entry.js';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, incident, serviceWithKey, type Actor } from './intake-helpers.js';

// Per-service alert settings as an admin sets them and a sender meets them: the grouping window,
// grouping labels (one incident per cluster), and an incident only mitigated when its alerts resolve.

describeEachDatabase('alert grouping and what resolving alerts does', (h) => {
  let admin: Actor;
  let responder: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
    viewer = await h.actor('viewer');
  });
  const settingsUrl = (serviceId: string) => `/api/v1/services/${serviceId}/alert-settings`;
  const setSettings = async (serviceId: string, body: Record<string, unknown>) => {
    const res = await h.call('PUT', settingsUrl(serviceId), { token: admin.token, body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Record<string, unknown>;
  };
  const fire = (key: string, fp: string, labels: Record<string, string>, status = 'firing') =>
    h.call('POST', `/integrations/alertmanager/${key}`, { body: { version: '4', alerts: [{ status, fingerprint: fp, labels: { alertname: 'HighLatency', severity: 'critical', ...labels }, annotations: {} }] } });
  const incidentOf = async (keyId: string, fp: string) => (await alertsOf(h, responder.token, keyId)).find((a) => a.dedup_key.endsWith(fp))!.incident_id!;

  it('shows the defaults to anyone, lets admins change them, and refuses bad input without changing anything', async () => {
    const { serviceId } = await serviceWithKey(h, admin, 'settings-shop', 'alertmanager');
    const read = await h.call('GET', settingsUrl(serviceId), { token: viewer.token });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ grouping_window_minutes: 60, grouping_labels: [], on_all_alerts_resolved: 'resolve' });

    expect(await setSettings(serviceId, { grouping_window_minutes: 30, grouping_labels: ['cluster', ' cluster'.trim()] })).toEqual({ grouping_window_minutes: 30, grouping_labels: ['cluster'], on_all_alerts_resolved: 'resolve' });
    // Fields left out keep their values.
    expect(await setSettings(serviceId, { on_all_alerts_resolved: 'mitigate' })).toEqual({ grouping_window_minutes: 30, grouping_labels: ['cluster'], on_all_alerts_resolved: 'mitigate' });

    for (const body of [{ grouping_window_minutes: 0 }, { grouping_window_minutes: 'soon' }, { grouping_labels: ['bad\u0000name'] }, { grouping_labels: 'cluster' }, { on_all_alerts_resolved: 'close' }, { extra: 1 }]) {
      const res = await h.call('PUT', settingsUrl(serviceId), { token: admin.token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await h.call('PUT', settingsUrl(serviceId), { token: responder.token, body: { grouping_window_minutes: 5 } })).statusCode).toBe(403);
    expect((await h.call('PUT', settingsUrl('svc_nope'), { token: admin.token, body: { grouping_window_minutes: 5 } })).statusCode).toBe(404);
    expect((await h.call('GET', settingsUrl('svc_nope'), { token: viewer.token })).statusCode).toBe(404);
    expect((await h.call('GET', settingsUrl(serviceId), { token: viewer.token })).json()).toEqual({ grouping_window_minutes: 30, grouping_labels: ['cluster'], on_all_alerts_resolved: 'mitigate' });
  });

  it('joins an open incident only within the grouping window', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'window-shop', 'alertmanager');
    await setSettings(serviceId, { grouping_window_minutes: 30 });
    await fire(key.key, 'w1', {});
    h.clock.advance(29 * 60_000);
    await fire(key.key, 'w2', {});
    expect(await incidentOf(key.id, 'w2')).toBe(await incidentOf(key.id, 'w1'));
    h.clock.advance(2 * 60_000);
    await fire(key.key, 'w3', {});
    const third = await incidentOf(key.id, 'w3');
    expect(third).not.toBe(await incidentOf(key.id, 'w1'));
    expect((await incident(h, responder.token, third)).status).toBe('triggered');
  });

  it('new alerts arriving together join the open incident, each once on its timeline, in order', async () => {
    const { key } = await serviceWithKey(h, admin, 'burst-shop', 'alertmanager');
    await fire(key.key, 'b0', {});
    const first = await incidentOf(key.id, 'b0');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => fire(key.key, `b${i + 1}`, {})));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(12).fill(202));
    const alerts = await alertsOf(h, responder.token, key.id);
    expect(alerts).toHaveLength(13);
    expect(new Set(alerts.map((a) => a.incident_id))).toEqual(new Set([first]));
    const timeline = (await h.call('GET', `/api/v1/incidents/${first}/timeline`, { token: responder.token })).json().items as { kind: string; data: { alert_id?: string } }[];
    const opened = timeline.filter((e) => e.kind === 'alert_opened').map((e) => e.data.alert_id);
    expect(opened.sort()).toEqual(alerts.map((a) => a.id).sort());
  });

  it('counts the window from when the incident opened here, not from when the sender says the trouble began', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'long-firing-shop', 'alertmanager');
    await setSettings(serviceId, { grouping_window_minutes: 15 });
    const threeHoursAgo = new Date(h.clock.now().getTime() - 3 * 3600_000).toISOString();
    const sent = await h.call('POST', `/integrations/alertmanager/${key.key}`, {
      body: { version: '4', alerts: [{ status: 'firing', fingerprint: 'l1', startsAt: threeHoursAgo, labels: { alertname: 'DiskFilling', severity: 'critical' }, annotations: {} }] },
    });
    expect(sent.statusCode).toBe(202);
    h.clock.advance(5 * 60_000);
    await fire(key.key, 'l2', {});
    expect(await incidentOf(key.id, 'l2')).toBe(await incidentOf(key.id, 'l1'));
  });

  it('opens one incident per cluster when grouping by cluster', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'cluster-shop', 'alertmanager');
    await setSettings(serviceId, { grouping_labels: ['cluster'] });
    await fire(key.key, 'c1', { cluster: 'eu-1' });
    await fire(key.key, 'c2', { cluster: 'us-1' });
    await fire(key.key, 'c3', { cluster: 'eu-1', instance: 'db-2' });
    const [eu, us, eu2] = [await incidentOf(key.id, 'c1'), await incidentOf(key.id, 'c2'), await incidentOf(key.id, 'c3')];
    expect(us).not.toBe(eu);
    expect(eu2).toBe(eu);

    // Resolving the US alert resolves only the US incident (its last alert); the EU one stays open.
    await fire(key.key, 'c2', { cluster: 'us-1' }, 'resolved');
    expect((await incident(h, responder.token, us)).status).toBe('resolved');
    expect((await incident(h, responder.token, eu)).status).toBe('triggered');
  });

  it('marks the incident mitigated when its last alert resolves, and people resolve it', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'mitigate-shop', 'alertmanager');
    await setSettings(serviceId, { on_all_alerts_resolved: 'mitigate' });
    await fire(key.key, 'm1', {});
    await fire(key.key, 'm2', {});
    const id = await incidentOf(key.id, 'm1');
    await fire(key.key, 'm1', {}, 'resolved');
    expect((await incident(h, responder.token, id)).status).toBe('triggered');
    await fire(key.key, 'm2', {}, 'resolved');
    expect((await incident(h, responder.token, id)).status).toBe('mitigated');
    const resolved = await h.call('POST', `/api/v1/incidents/${id}/resolve`, { token: responder.token });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await incident(h, responder.token, id)).status).toBe('resolved');
  });

  it('keeps today’s behaviour for a service without settings: one incident, resolved with its last alert', async () => {
    const { key } = await serviceWithKey(h, admin, 'default-shop', 'alertmanager');
    await fire(key.key, 'd1', { cluster: 'eu-1' });
    await fire(key.key, 'd2', { cluster: 'us-1' });
    const id = await incidentOf(key.id, 'd1');
    expect(await incidentOf(key.id, 'd2')).toBe(id);
    await fire(key.key, 'd1', { cluster: 'eu-1' }, 'resolved');
    await fire(key.key, 'd2', { cluster: 'us-1' }, 'resolved');
    expect((await incident(h, responder.token, id)).status).toBe('resolved');
  });

  it(
    'prints and changes the settings with `tocsin service alert-settings`',
    async () => {
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      const env = { TOCSIN_URL: `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`, TOCSIN_TOKEN: admin.token };
      await serviceWithKey(h, admin, 'cli-shop', 'alertmanager');
      const shown = await runTocsin(['service', 'alert-settings', 'cli-shop'], env);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/grouping window\s+60 minutes/);
      expect(shown.stdout).toMatch(/all alerts resolved\s+resolve the incident/);
      const changed = await runTocsin(['service', 'alert-settings', 'cli-shop', '--grouping-window', '30', '--group-by', 'cluster,env', '--on-resolved', 'mitigate'], env);
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toMatch(/grouping window\s+30 minutes/);
      expect(changed.stdout).toMatch(/group by\s+cluster, env/);
      expect(changed.stdout).toMatch(/all alerts resolved\s+mitigate the incident/);
      const bad = await runTocsin(['service', 'alert-settings', 'cli-shop', '--grouping-window', '0'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('1 to 10080');
      const asViewer = await runTocsin(['service', 'alert-settings', 'cli-shop', '--on-resolved', 'resolve'], { ...env, TOCSIN_TOKEN: viewer.token });
      expect(asViewer.code).not.toBe(0);
    },
    180_000,
  );
});
