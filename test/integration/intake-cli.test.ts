import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';

// `tocsin integration-key create|list|revoke` as an admin runs them: real child processes
// against the harness's app on loopback; the key printed works at once and stops when revoked.
// And `tocsin change record|list`, as a pipeline's last step records a deploy.

const SLOW = 180_000;

describeEachDatabase('tocsin integration-key commands', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => runTocsin(args, env);

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await h.actor('admin');
    env.TOCSIN_TOKEN = admin.token;
    expect((await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Checkout' } })).statusCode).toBe(201);
  });

  it(
    'records a deploy from a pipeline step and lists it; a bad link or an unknown service records nothing',
    async () => {
      const serviceId = (await h.call('GET', '/api/v1/services?q=checkout', { token: env.TOCSIN_TOKEN })).json().items[0].id as string;
      const stored = async () => (await h.call('GET', `/api/v1/services/${serviceId}/changes`, { token: env.TOCSIN_TOKEN })).json().items as unknown[];
      const bad = await cli('change', 'record', '--service', 'checkout', '--summary', 'Deploy 4.2', '--link', 'Build 812');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--link.*"Build 812" does not start with an http\(s\) URL/);
      const unknown = await cli('change', 'record', '--service', 'ledger', '--summary', 'Deploy 4.2');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/--service.*"ledger"/);
      expect(await cli('change', 'record', '--service', 'checkout')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--summary/) });
      expect(await stored()).toEqual([]);

      const made = await cli('change', 'record', '--service', 'checkout', '--summary', 'Deploy checkout 4.2 (abc123)', '--source', 'ci', '--at', '2025-06-30T10:00:00Z', '--link', 'https://ci.example.com/run/812 Build 812', '--detail', 'version=4.2');
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^Recorded change chg_\S+ on Checkout at .*\n/);
      expect(made.stdout).toContain('link     Build 812 https://ci.example.com/run/812');
      expect(await stored()).toEqual([
        expect.objectContaining({ summary: 'Deploy checkout 4.2 (abc123)', source: 'ci', at: '2025-06-30T10:00:00.000Z', links: [{ href: 'https://ci.example.com/run/812', text: 'Build 812' }], custom_details: { version: '4.2' } }),
      ]);
      const list = await cli('change', 'list', '--service', 'Checkout');
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/Deploy checkout 4\.2 \(abc123\)\s+ci\s+https:\/\/ci\.example\.com\/run\/812/);
    },
    SLOW,
  );

  it(
    'lists an incident’s changes: since it began, and in the hours before; one of --service or --incident',
    async () => {
      const svc = (await h.call('POST', '/api/v1/services', { token: env.TOCSIN_TOKEN, body: { name: 'Ledger' } })).json();
      const before = new Date(h.clock.now().getTime() - 30 * 60_000).toISOString();
      expect((await cli('change', 'record', '--service', 'Ledger', '--summary', 'Deploy ledger 7.1', '--at', before)).code).toBe(0);
      const declared = await h.call('POST', '/api/v1/incidents', { token: env.TOCSIN_TOKEN, body: { title: 'Ledger lags', severity: 'SEV-2', service_ids: [svc.id] } });
      expect(declared.statusCode, declared.body).toBe(201);
      h.clock.advance(60_000);
      expect((await cli('change', 'record', '--service', 'Ledger', '--summary', 'Rolled back ledger to 7.0')).code).toBe(0);

      const shown = await cli('change', 'list', '--incident', String(declared.json().number));
      expect(shown.code, shown.stderr).toBe(0);
      const [since, earlier] = shown.stdout.split('\n\n');
      expect(since).toMatch(/^Since it began:\n.*\n.*Rolled back ledger to 7\.0/);
      expect(since).not.toContain('Deploy ledger 7.1');
      expect(earlier).toMatch(/^In the 6 hours before it began \(.*\):\n.*\n.*Deploy ledger 7\.1/);
      const json = JSON.parse((await cli('change', 'list', '--incident', declared.json().id, '--json')).stdout);
      expect(json.during.items.map((c: { summary: string }) => c.summary)).toEqual(['Rolled back ledger to 7.0']);

      for (const args of [['change', 'list'], ['change', 'list', '--service', 'Ledger', '--incident', '1']]) {
        const refused = await cli(...args);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toBe('tocsin: give --service or --incident, one of them\n');
      }
      const unknown = await cli('change', 'list', '--incident', '9999');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/^tocsin: .*9999.*\n$/);
    },
    SLOW,
  );

  it(
    'counts every alert of a storm larger than one read, and lists them all with --all',
    async () => {
      const svc = (await h.call('POST', '/api/v1/services', { token: env.TOCSIN_TOKEN, body: { name: 'Racks' } })).json();
      const key = (await h.call('POST', `/api/v1/services/${svc.id}/integration-keys`, { token: env.TOCSIN_TOKEN, body: { name: 'racks', type: 'alertmanager' } })).json();
      const alerts = Array.from({ length: 203 }, (_, i) => ({ status: 'firing', fingerprint: `rack-${i}`, labels: { alertname: `RackPower${i}`, severity: 'critical' }, annotations: { summary: `Rack ${i} lost power` } }));
      expect((await h.call('POST', `/integrations/alertmanager/${key.key}`, { body: { version: '4', alerts } })).statusCode).toBe(202);
      const incidentId = (await h.call('GET', `/api/v1/alerts?source_ref=${key.id}&limit=1`, { token: env.TOCSIN_TOKEN })).json().items[0].incident_id as string;
      const shown = await cli('incident', 'show', incidentId);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('Alerts: 203 still firing of 203, 203 events');
      expect(shown.stdout).toContain('… and 193 more (--all lists them)');
      expect(shown.stdout).toMatch(/202 alerts joined this incident: Rack \d+ lost power, Rack \d+ lost power and 200 more/);
      const every = JSON.parse((await cli('incident', 'show', incidentId, '--all', '--json')).stdout) as { alerts: { summary: string }[]; timeline: { seq: number }[] };
      expect(new Set(every.alerts.map((a) => a.summary)).size).toBe(203);
      expect(every.timeline.map((e) => e.seq)).toEqual(every.timeline.map((_, i) => i + 1));
    },
    SLOW,
  );

  it(
    'prints where an Opsgenie key’s heartbeat pings go, and a ping there reaches the heartbeat made from the shell',
    async () => {
      const created = await cli('integration-key', 'create', '--service', 'checkout', '--type', 'opsgenie', '--name', 'cron');
      expect(created.code, created.stderr).toBe(0);
      const key = /key\s+([0-9a-f]{32})/.exec(created.stdout)![1]!;
      const url = /Heartbeat pings go to (\S+)/.exec(created.stdout)?.[1];
      // On the server's public URL (TOCSIN_PUBLIC_URL), which this harness leaves at its default.
      expect(url).toBe('http://localhost:8080/v2/heartbeats/<name>/ping');
      const added = await cli('monitor', 'add', '--type', 'heartbeat', '--name', 'nightly-export', '--service', 'Checkout', '--period', '1h');
      expect(added.code, added.stderr).toBe(0);
      const pinged = await fetch(`${env.TOCSIN_URL}${new URL(url!).pathname.replace('%3Cname%3E', 'nightly-export')}`, { headers: { authorization: `GenieKey ${key}` } });
      expect(pinged.status).toBe(202);
      expect(((await pinged.json()) as { result: string }).result).toBe('PONG - Heartbeat received');
      const shown = await cli('monitor', 'list');
      expect(shown.stdout).toMatch(/^up\s+nightly-export\s+heartbeat\b/m);
    },
    SLOW,
  );

  it(
    'creates a key shown once with its URL, lists it by prefix, and revokes it',
    async () => {
      const created = await cli('integration-key', 'create', '--service', 'checkout', '--type', 'pagerduty', '--name', 'grafana');
      expect(created.code, created.stderr).toBe(0);
      const key = /key\s+([0-9a-f]{32})/.exec(created.stdout)?.[1];
      const id = /id\s+(ikey_\w+)/.exec(created.stdout)?.[1];
      expect(key, created.stdout).toBeDefined();
      expect(created.stdout).toContain(`/v2/enqueue with "routing_key": "${key}"`);
      expect(created.stdout).toContain('/generic/2010-04-15/create_event.json with the same key as "service_key"');
      const sent = await h.call('POST', '/v2/enqueue', { body: { routing_key: key, event_action: 'trigger', payload: { summary: 'CPU high', source: 'web-1', severity: 'warning' } } });
      expect(sent.statusCode).toBe(202);
      // The incident it opened, shown from the shell with the alerts behind it and what they absorbed.
      const disk = { routing_key: key, event_action: 'trigger', dedup_key: 'disk', payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical' } };
      for (let i = 0; i < 2; i++) expect((await h.call('POST', '/v2/enqueue', { body: disk })).statusCode).toBe(202);
      const incident = (await h.call('GET', '/api/v1/incidents', { token: env.TOCSIN_TOKEN })).json().items[0];
      const shown = await cli('incident', 'show', String(incident.number));
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('Alerts: 2 still firing of 2, 3 events');
      expect(shown.stdout).toMatch(/firing\s+Disk full on db-1\s+pagerduty critical\s+2\s/);
      expect(shown.stdout).toMatch(/firing\s+CPU high\s+pagerduty warning\s+1\s/);
      const json = JSON.parse((await cli('incident', 'show', String(incident.number), '--json')).stdout);
      expect(json.alerts.map((a: { summary: string; events: number }) => [a.summary, a.events]).sort()).toEqual([['CPU high', 1], ['Disk full on db-1', 2]]);

      const list = await cli('integration-key', 'list', '--service', 'Checkout');
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`grafana\\s+${id}\\s+pagerduty\\s+${key!.slice(0, 6)}…`));
      expect(list.stdout).not.toContain(key);

      const revoked = await cli('integration-key', 'revoke', '--service', 'checkout', id!);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toBe(`Revoked ${id}\n`);
      expect((await h.call('POST', '/v2/enqueue', { body: { routing_key: key, event_action: 'resolve', dedup_key: 'x' } })).statusCode).toBe(400);

      const bad = await cli('integration-key', 'create', '--service', 'checkout', '--type', 'nagios');
      expect(bad.code).toBe(2);
    },
    SLOW,
  );
});
