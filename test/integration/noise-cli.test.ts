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

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await h.actor('admin');
    env.TOCSIN_TOKEN = admin.token;
    const { key } = await serviceWithKey(h, admin, 'Search', 'pagerduty');
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
      expect(res.stdout).toMatch(/Search pagerduty \(pagerduty\)\s+gc-pause\s+3\s+0\s+0\s+3\s+3\s+90s/);
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
});
