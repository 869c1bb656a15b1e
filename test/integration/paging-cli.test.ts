import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';

// `tocsin page|pages|escalate|snooze` as people run them: real child processes against the
// harness's app on loopback. Nobody here has a contact method, so pages show "cannot be reached".

const SLOW = 180_000;

describeEachDatabase('tocsin page, pages, escalate, snooze', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => runTocsin(args, env);
  let number: number;
  let grace: { id: string; email: string; name: string };
  let adminName: string;

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    const admin = await h.actor('admin');
    env.TOCSIN_TOKEN = admin.token;
    adminName = admin.name;
    const ana = await h.actor('responder');
    grace = await h.actor('responder');
    const call = (method: 'POST' | 'PUT', url: string, body: unknown) => h.call(method, url, { token: admin.token, body });
    const policy = (await call('POST', '/api/v1/escalation-policies', { name: 'Two tiers', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }, { delay_minutes: 10, targets: [{ kind: 'user', id: admin.id }] }] })).json();
    const service = (await call('POST', '/api/v1/services', { name: 'Checkout API' })).json();
    await call('PUT', `/api/v1/services/${service.id}/escalation-policy`, { policy_id: policy.id });
    number = (await call('POST', '/api/v1/incidents', { title: 'Checkout down', severity: 'SEV-1', service_ids: [service.id] })).json().number;
  });

  it('shows who was paged, pages someone else by email, escalates now, and snoozes', async () => {
    const pages = await cli('pages', '--incident', String(number));
    expect(pages.code, pages.stderr).toBe(0);
    expect(pages.stdout).toMatch(/escalation active, high urgency/);
    expect(pages.stdout).toMatch(/tier 1\s+-\s+.*cannot be reached/);
    // The incident itself says who is on it: the list's PAGING column, and show's paging block.
    const listed = await cli('incident', 'list');
    expect(listed.stdout).toMatch(new RegExp(`#${number}\\s+SEV-1 critical\\s+triggered\\s+Checkout down\\s.*Checkout API\\s+! Cannot reach `));
    const shown = await cli('incident', 'show', String(number));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/\nCannot reach .+\nescalation active, high urgency, since .+\nPERSON\s+WHY\s+CHANNEL\s+WHEN\s+DELIVERY\n.+tier 1\s+-\s+.*cannot be reached/);
    const shownJson = JSON.parse((await cli('incident', 'show', String(number), '--json')).stdout);
    expect(shownJson.paging.escalations.map((e: { state: string }) => e.state)).toEqual(['active']);

    h.clock.advance(60_000);
    const page = await cli('page', String(number), '--user', grace.email, '--note', 'knows payments');
    expect(page.code, page.stderr).toBe(0);
    expect(page.stdout).toBe(`Paged 1 person. Cannot reach: ${grace.name}.\n`);

    h.clock.advance(60_000);
    // Under `incident` too, beside `incident ack`, where people look for it.
    const esc = await cli('incident', 'escalate', `#${number}`);
    expect(esc.code, esc.stderr).toBe(0);
    const json = JSON.parse((await cli('pages', '--incident', String(number), '--json')).stdout);
    expect(json.pages.map((p: { reason: string; tier: number | null }) => [p.reason, p.tier])).toEqual([['escalation', 1], ['manual', null], ['escalation', 2]]);

    const early = await cli('snooze', String(number), '--minutes', '30');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/acknowledge it first/);
    expect((await cli('incident', 'ack', String(number))).code).toBe(0);
    // Who is on it now: the one who acknowledged, in the list's PAGING column and in show.
    expect((await cli('incident', 'list')).stdout).toMatch(new RegExp(`#${number}\\s+SEV-1 critical\\s+acknowledged\\s+Checkout down\\s.*Checkout API\\s+Acknowledged by ${adminName}\n`));
    expect((await cli('incident', 'show', String(number))).stdout).toMatch(new RegExp(`\nacknowledged\\s+.+ by ${adminName}\n`));
    const snooze = await cli('incident', 'snooze', String(number), '--minutes', '30');
    expect(snooze.code, snooze.stderr).toBe(0);
    expect(snooze.stdout).toMatch(/^Paging resumes at .* unless mitigated or resolved\.\n$/);
  }, SLOW);

  it('refuses bad arguments with one line naming them', async () => {
    const bad = await cli('snooze', String(number), '--minutes', '0');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--minutes/);
    const nobody = await cli('page', String(number));
    expect(nobody.code).not.toBe(0);
    expect(nobody.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await cli('page', String(number), '--user', 'nobody@example.com');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--user/);
  }, SLOW);
});
