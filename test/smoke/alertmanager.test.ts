import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { freePort } from '../support/net.js';
import { waitFor } from '../support/wait-for.js';
import { resultsOf, serviceWithKey, type Actor } from '../integration/intake-helpers.js';

// The real sender: Debian's Prometheus Alertmanager, its webhook, PagerDuty and Opsgenie
// receivers all pointed at Tocsin (a URL change, nothing else). Alerts posted to Alertmanager
// become Tocsin alerts and incidents; resolving them in Alertmanager resolves them in Tocsin.

const BINARY = '/usr/bin/prometheus-alertmanager';

function config(tocsin: string, keys: { webhook: string; pagerduty: string; opsgenie: string }): string {
  // The Watchdog: an alert that always fires, sent to the heartbeat that notices when it stops
  // (the pattern teams run against Opsgenie's heartbeat API), here with the Opsgenie key.
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
  routes:
    - receiver: watchdog
      matchers: ['alertname="Watchdog"']
receivers:
  - name: watchdog
    webhook_configs:
      - url: ${tocsin}/v2/heartbeats/prometheus-watchdog/ping
        http_config:
          authorization: { type: GenieKey, credentials: ${keys.opsgenie} }
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
        # After each create, PUT .../message and .../description: one refused and the rest of
        # the group's alerts were never sent.
        update_alerts: true
`;
}

describeEachDatabase('real clients: Prometheus Alertmanager → Tocsin (webhook, PagerDuty, Opsgenie receivers, Watchdog heartbeat)', (h) => {
  let admin: Actor;
  let am: ChildProcess | null = null;
  let amUrl = '';
  let dir = '';
  let amLog = '';
  const keys = { webhook: { id: '', key: '' }, pagerduty: { id: '', key: '' }, opsgenie: { id: '', key: '' } };
  let watchdogId = '';

  beforeAll(async () => {
    admin = await h.actor('admin');
    for (const type of ['webhook', 'pagerduty', 'opsgenie'] as const) {
      const made = await serviceWithKey(h, admin, `am-${type}`, type === 'webhook' ? 'alertmanager' : type);
      keys[type] = made.key;
      if (type === 'opsgenie') {
        const body = { type: 'heartbeat', name: 'prometheus-watchdog', service_id: made.serviceId, target: { period_s: 300, grace_s: 60 } };
        watchdogId = (await h.call('POST', '/api/v1/monitors', { token: admin.token, body })).json().id;
      }
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

  it('takes the Opsgenie receiver’s message and description updates (update_alerts), so no notification fails', async () => {
    // Alertmanager makes one Opsgenie alert per group; with update_alerts it then PUTs the group's
    // message and description. Refused, each notification failed and was retried.
    const queue = (name: string) => ({ labels: { alertname: 'QueueBacklog', instance: 'mq-1', queue: name, severity: 'warning' }, annotations: { summary: `Queue ${name} backed up` } });
    await post([queue('orders'), queue('emails'), queue('refunds')]);
    const [grouped] = await waitFor(async () => {
      const list = (await alertsOn(keys.opsgenie.id)).filter((a) => a.status === 'open' && a.summary.includes('QueueBacklog'));
      return list.length ? list : null;
    }, { timeoutMs: 20_000, what: `the group's Opsgenie alert\n${amLog}` });
    expect(grouped!.summary).toMatch(/^\[FIRING:3\] QueueBacklog/);
    const opsgenie = async (metric: string) => {
      const text = await (await fetch(`${amUrl}/metrics`)).text();
      return text.split('\n').filter((l) => l.startsWith(`${metric}{`) && l.includes('integration="opsgenie"')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
    };
    await waitFor(async () => (await opsgenie('alertmanager_notifications_total')) >= 3, { timeoutMs: 20_000, what: `Alertmanager's Opsgenie notifications\n${amLog}` });
    expect(await opsgenie('alertmanager_notifications_failed_total')).toBe(0);
  }, 30_000);

  it('pings the Watchdog heartbeat through the Opsgenie heartbeat path while the Watchdog alert fires', async () => {
    const results = () => resultsOf(h, watchdogId);
    expect(await results()).toBe(0);
    await post([{ labels: { alertname: 'Watchdog', severity: 'none' }, annotations: { summary: 'The alerting pipeline works' } }]);
    await waitFor(async () => (await results()) > 0, { timeoutMs: 20_000, what: `a Watchdog ping\n${amLog}` });
    expect((await h.call('GET', `/api/v1/monitors/${watchdogId}`, { token: admin.token })).json().state).toBe('up');
    // A heartbeat, not an alert: the Watchdog opened nothing on the key's service.
    expect((await alertsOn(keys.opsgenie.id)).some((a) => a.summary === 'The alerting pipeline works')).toBe(false);
  }, 30_000);
});
