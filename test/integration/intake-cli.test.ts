import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';

// `tocsin integration-key create|list|revoke` as an admin runs them: real child processes
// against the harness's app on loopback; the key printed works at once and stops when revoked.

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
    'creates a key shown once with its URL, lists it by prefix, and revokes it',
    async () => {
      const created = await cli('integration-key', 'create', '--service', 'checkout', '--type', 'pagerduty', '--name', 'grafana');
      expect(created.code, created.stderr).toBe(0);
      const key = /key\s+([0-9a-f]{32})/.exec(created.stdout)?.[1];
      const id = /id\s+(ikey_\w+)/.exec(created.stdout)?.[1];
      expect(key, created.stdout).toBeDefined();
      expect(created.stdout).toContain(`/v2/enqueue with "routing_key": "${key}"`);
      const sent = await h.call('POST', '/v2/enqueue', { body: { routing_key: key, event_action: 'trigger', payload: { summary: 'CPU high', source: 'web-1', severity: 'warning' } } });
      expect(sent.statusCode).toBe(202);

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
