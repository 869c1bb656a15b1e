import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin } from '../support/cli-entry.js';

// `tocsin schedule ...`, `tocsin oncall` and `tocsin report oncall` as people run them: real child
// processes against the harness's app listening on loopback (its clock: 2026-01-05 09:00 UTC).

const tocsin = runTocsin;

const SLOW = 180_000;

describeEachDatabase('tocsin schedule, oncall and report oncall', (h) => {
  const env: Record<string, string> = {};
  const cli = (...args: string[]) => tocsin(args, env);
  let ana: { id: string; name: string; email: string };
  let bo: { id: string; name: string; email: string };

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    env.TOCSIN_URL = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    env.TOCSIN_TOKEN = (await h.actor('admin')).token;
    [ana, bo] = [await h.actor('responder'), await h.actor('responder')];
  });

  it('creates a weekly schedule naming members by email, lists and shows it', async () => {
    const made = await cli('schedule', 'create', '--name', 'Platform', '--template', 'weekly', '--member', ana.email, '--member', bo.email, '--zone', 'UTC', '--start', '2026-01-05', '--handoff', '09:00');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Platform\s+.*\s+UTC\s+0\s+sch_\w+/);
    const list = await cli('schedule', 'list');
    expect(list.stdout).toMatch(/^NAME\s+ON CALL NOW\s+UNTIL\s+ZONE\s+WARNINGS\s+ID\n/);
    expect(list.stdout).toContain(ana.name);
    const show = await cli('schedule', 'show', 'platform');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/on call now\s+.+ until 2026-01-12 09:00:00 UTC/);
    expect(show.stdout).toMatch(/Weekly rotation\s+2\s+1 weeks\s+09:00\s+2026-01-05/);
  }, SLOW);

  it('tells who is on call now and at an instant, by schedule name', async () => {
    const all = await cli('oncall');
    expect(all.stdout).toMatch(new RegExp(`Platform\\s+${ana.name}\\s+2026-01-12 09:00:00 UTC`));
    const later = await cli('oncall', '--schedule', 'Platform', '--at', '2026-01-13T00:00:00Z', '--json');
    expect(JSON.parse(later.stdout).shift.user_id).toBe(bo.id);
    const unknown = await cli('oncall', '--schedule', 'Nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`tocsin: option '--schedule': no schedule matches "Nope"\n`);
  }, SLOW);

  it('reports hours on call per person', async () => {
    const r = await cli('report', 'oncall', '--from', '2026-01-05T09:00:00Z', '--to', '2026-01-19T09:00:00Z');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^PERSON\s+HOURS\s+NIGHTS\s+WEEKENDS\s+SHIFTS\s+BUSINESS\s+AFTER HOURS\s+WEEKEND\s+HOLIDAY\s+INCIDENTS LED\s+PAGES\s+PAY\n/);
    expect(r.stdout).toMatch(new RegExp(`${ana.name}\\s+168\\.0\\s+63\\.0\\s+48\\.0\\s+1\\s+40\\.0\\s+80\\.0\\s+48\\.0\\s+0\\.0\\s+0\\s+0\\s+-`));
    const csv = await cli('report', 'oncall', '--from', '2026-01-05T09:00:00Z', '--to', '2026-01-19T09:00:00Z', '--schedule', 'Platform', '--user', ana.email, '--csv');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^user_id,user_name,time_zone,hours,/);
    expect(lines.slice(1)).toEqual([`${ana.id},${ana.name},UTC,168,63,48,40,80,48,0,1,0,0,0,,`]);
  }, SLOW);
});
