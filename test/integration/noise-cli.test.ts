import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';
import { enqueue, serviceWithKey, trigger } from './intake-helpers.js';

// `tocsin report noise` as a user runs it: a real child process against the harness's app.

const SLOW = 180_000;

describeEachDatabase('tocsin report noise', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => runTocsin(args, env);
  let searchKey = '';

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await h.actor('admin');
    env.TOCSIN_TOKEN = admin.token;
    const { key } = await serviceWithKey(h, admin, 'Search', 'pagerduty');
    searchKey = key.key;
    for (let i = 0; i < 3; i++) {
      await enqueue(h, trigger(key.key, { dedup_key: `gc-${i}` }, { class: 'gc-pause' }));
      h.clock.advance(90_000);
      await enqueue(h, { routing_key: key.key, event_action: 'resolve', dedup_key: `gc-${i}` });
    }
  });

  it(
    'prints the table and the candidates for removal, or the report as JSON',
    async () => {
      const from = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
      const to = h.clock.advance(1).toISOString();
      const res = await cli('report', 'noise', '--from', from, '--to', to, '--service', 'search');
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('3 alerts fired, 0 acted on, 3 ignored');
      // The range as every other command writes times, not raw RFC 3339 with milliseconds.
      expect(res.stdout.split('\n')[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ to \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+: 3 alerts fired/);
      expect(res.stdout).toMatch(/Search: Search pagerduty \(pagerduty\)\s+gc-pause\s+3\s+0\s+0\s+3\s+3\s+90s/);
      expect(res.stdout).toMatch(/Candidates for removal[\s\S]*gc-pause\s+fired 3 times, never acted on; 3 resolved by themselves/);
      const json = await cli('report', 'noise', '--from', from, '--to', to, '--json');
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).removal_candidates[0]).toMatchObject({ alert_class: 'gc-pause', fired: 3 });
      const bad = await cli('report', 'noise', '--from', 'soon');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('from');
    },
    SLOW,
  );

  it(
    'adds a suppression rule, lists it with what it suppressed, and removes it',
    async () => {
      const added = await cli('suppression-rule', 'add', '--name', 'staging never pages', '--service', 'search', '--match', 'custom_details.env=staging', '--action', 'drop');
      expect(added.code, added.stderr).toBe(0);
      const id = /id\s+(sup_\w+)/.exec(added.stdout)?.[1];
      expect(added.stdout).toContain('custom_details.env=staging');
      expect((await enqueue(h, trigger(searchKey, { dedup_key: 'stg' }, { custom_details: { env: 'staging' } }))).statusCode).toBe(202);
      const list = await cli('suppression-rule', 'list');
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(new RegExp(`staging never pages\\s+${id}\\s+drop\\s+service \\S+, custom_details.env=staging\\s+1`));
      const bad = await cli('suppression-rule', 'add', '--name', 'x', '--action', 'drop', '--match', 'nothing');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('path=value');
      const removed = await cli('suppression-rule', 'remove', id!);
      expect(removed.code, removed.stderr).toBe(0);
      expect((await cli('suppression-rule', 'list', '--json')).stdout).not.toContain(id!);
    },
    SLOW,
  );
});
