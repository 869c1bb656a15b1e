import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { makeReachable } from '../support/factories.js';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';

// `tocsin policy list|show` and `tocsin oncall --service` as people run them: real child processes
// against the harness's app listening on loopback (its clock: 2026-01-05 09:00 UTC).

const SLOW = 180_000;

describeEachDatabase('tocsin policy and oncall --service', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => runTocsin(args, env);
  let ana: { id: string; name: string };

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await h.actor('admin');
    env.TOCSIN_TOKEN = admin.token;
    ana = await h.actor('responder');
    const call = (method: 'POST' | 'PUT', url: string, body: unknown) => h.call(method, url, { token: admin.token, body });
    const schedule = (await call('POST', '/api/v1/schedules', { name: 'Platform', time_zone: 'UTC', template: 'weekly', members: [ana.id], start_date: '2026-01-05' })).json();
    const team = (await call('POST', '/api/v1/teams', { name: 'Empty team' })).json();
    const policy = (
      await call('POST', '/api/v1/escalation-policies', {
        name: 'Platform default',
        template: 'default',
        targets: { primary: { kind: 'schedule', id: schedule.id }, secondary: { kind: 'user', id: ana.id }, management: { kind: 'team', id: team.id }, executives: { kind: 'incident_commander' } },
      })
    ).json();
    const service = (await call('POST', '/api/v1/services', { name: 'Checkout API' })).json();
    expect((await call('PUT', `/api/v1/services/${service.id}/escalation-policy`, { policy_id: policy.id })).statusCode).toBe(200);
  });

  it('lists policies and shows one tier by tier with who each would reach', async () => {
    const list = await cli('policy', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/Platform default\s+esc_\w+\s+4\s+0/);
    const show = await cli('policy', 'show', 'platform default');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`1\\s+0 min\\s+every severity\\s+Platform\\s+${ana.name}`));
    expect(show.stdout).toMatch(/3\s+15 min\s+SEV-1 only\s+Empty team\s+nobody: this team has no active members/);
  }, SLOW);

  it('says before the night it matters who the policy cannot reach, and stops once they can be', async () => {
    const before = await cli('policy', 'show', 'Platform default');
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('Cannot be reached: 1 of 1 people it targets would not get a high-urgency page');
    expect(before.stdout).toMatch(new RegExp(`${ana.name} \\(tier 1: schedule Platform; tier 2: ${ana.name}\\): No verified contact method`));
    expect(JSON.parse((await cli('policy', 'show', 'Platform default', '--json')).stdout).readiness.unreachable).toMatchObject([{ user_id: ana.id }]);
    await makeReachable(h.db, ana.id, { address: `ana-${h.dialect}@example.com`, at: h.clock.now().getTime() });
    const after = await cli('policy', 'show', 'Platform default');
    expect(after.stdout).not.toContain('Cannot be reached');
    expect(after.stdout).toContain('All 1 people it targets can be reached for high urgency.');
  }, SLOW);

  it('tells who a service’s escalation would reach, by service name', async () => {
    const r = await cli('oncall', '--service', 'checkout api');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Platform default at 2026-01-05 09:00:00 UTC');
    expect(r.stdout).toMatch(new RegExp(`2\\s+5 min\\s+every severity\\s+${ana.name}\\s+${ana.name}`));
    const json = JSON.parse((await cli('oncall', '--service', 'Checkout API', '--json')).stdout);
    expect(json.tiers[0].people).toEqual([{ user_id: ana.id, user_name: ana.name }]);
    const unknown = await cli('oncall', '--service', 'Nope');
    expect(unknown.code).toBe(2);
  }, SLOW);
},
  // Email is a channel this server has (readiness says so); no page is sent in these tests.
  { env: { TOCSIN_SMTP_URL: 'smtp://127.0.0.1:2525' } },
);
