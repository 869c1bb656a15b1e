import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait-for.js';
import { serviceWithKey, type Actor } from '../integration/intake-helpers.js';

// The real sender: Debian's Prometheus Alertmanager, its webhook, PagerDuty and Opsgenie
// receivers all pointed at Tocsin (a URL change, nothing else). Alerts posted to Alertmanager
// become Tocsin alerts and incidents; resolving them in Alertmanager resolves them in Tocsin.

const BINARY = '/usr/bin/prometheus-alertmanager';

function config(tocsin: string, keys: { webhook: string; pagerduty: string; opsgenie: string }): string {
  return `
global:
  # Longer than the test: an alert posted without endsAt must not resolve before it is sent.
  resolve_timeout: 5m
route:
  receiver: tocsin
  group_by: ['alertname', 'instance']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: tocsin
    webhook_configs:
      - url: ${tocsin}/integrations/alertmanager/${keys.webhook}
        send_resolved: true
    pagerduty_configs:
      - url: ${tocsin}/v2/enqueue
        routing_key: ${keys.pagerduty}
        send_resolved: true
    opsgenie_configs:
      - api_url: ${tocsin}/
        api_key: ${keys.opsgenie}
        send_resolved: true
`;
}

describeEachDatabase('real clients: Prometheus Alertmanager → Tocsin (webhook, PagerDuty, Opsgenie receivers)', (h) => {
  let admin: Actor;
  let am: ChildProcess | null = null;
  let amUrl = '';
  let dir = '';
  let amLog = '';
  const keys = { webhook: { id: '', key: '' }, pagerduty: { id: '', key: '' }, opsgenie: { id: '', key: '' } };

  beforeAll(async () => {
    admin = await h.actor('admin');
    for (const type of ['webhook', 'pagerduty', 'opsgenie'] as const) {
      keys[type] = (await serviceWithKey(h, admin, `am-${type}`, type === 'webhook' ? 'alertmanager' : type)).key;
    }
    const tocsin = await h.app.listen({ port: 0, host: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'tocsin-am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), config(tocsin, { webhook: keys.webhook.key, pagerduty: keys.pagerduty.key, opsgenie: keys.opsgenie.key }));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    am = spawn(BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=', `--web.listen-address=127.0.0.1:${port}`, '--log.level=debug'], { stdio: ['ignore', 'pipe', 'pipe'] });
    am.stdout!.on('data', (b: Buffer) => (amLog += b.toString()));
    am.stderr!.on('data', (b: Buffer) => (amLog += b.toString()));
    await waitFor(async () => (await fetch(`${amUrl}/-/ready`).catch(() => null))?.ok, { timeoutMs: 20_000, what: `Alertmanager to be ready\n${amLog}` });
  }, 30_000);

  afterAll(async () => {
    if (am && am.exitCode === null) {
      const exited = new Promise((r) => am!.once('exit', r));
      am.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (alerts: unknown[]) => {
    const res = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
    expect(res.status, await res.text()).toBe(200);
  };
  const alertsOn = async (keyId: string) =>
    (await h.call('GET', `/api/v1/alerts?source_ref=${keyId}`, { token: admin.token })).json().items as Array<{ status: string; summary: string; incident_id: string | null; details: Record<string, unknown> }>;

  it('turns Alertmanager alerts into Tocsin alerts and incidents through each receiver, and resolves them', async () => {
    const alert = {
      labels: { alertname: 'DiskFull', instance: 'db-1', severity: 'critical' },
      annotations: { summary: 'Disk full on db-1' },
      generatorURL: 'http://prometheus.example/graph?g0.expr=disk',
    };
    await post([alert]);
    for (const type of ['webhook', 'pagerduty', 'opsgenie'] as const) {
      const [a] = await waitFor(async () => {
        const list = await alertsOn(keys[type].id);
        return list.length ? list : null;
      }, { timeoutMs: 20_000, what: `an alert through the ${type} receiver\n${amLog}` });
      expect(a!.status).toBe('open');
      expect(a!.incident_id).not.toBeNull();
      const inc = (await h.call('GET', `/api/v1/incidents/${a!.incident_id}`, { token: admin.token })).json();
      expect(inc).toMatchObject({ status: 'triggered', detection_source: 'integration' });
      if (type === 'webhook') {
        expect(a!.summary).toBe('Disk full on db-1');
        expect(a!.details).toMatchObject({ labels: { alertname: 'DiskFull', instance: 'db-1' }, generatorURL: alert.generatorURL });
      }
    }

    await post([{ ...alert, startsAt: new Date(Date.now() - 120_000).toISOString(), endsAt: new Date(Date.now() - 60_000).toISOString() }]);
    for (const type of ['webhook', 'pagerduty', 'opsgenie'] as const) {
      await waitFor(async () => (await alertsOn(keys[type].id)).every((a) => a.status === 'resolved'), { timeoutMs: 20_000, what: `the ${type} alert to resolve\n${amLog}` });
      const [a] = await alertsOn(keys[type].id);
      expect((await h.call('GET', `/api/v1/incidents/${a!.incident_id}`, { token: admin.token })).json().status).toBe('resolved');
    }
  }, 60_000);
});
