import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { runTocsin, type Run } from '../support/cli-entry.js';

// `tocsin monitor ...` and `tocsin probe` as people run them: real child processes (from source)
// against the harness's app listening on loopback.

const tocsin = runTocsin;

/** An expected failure: exit status, nothing on stdout, exactly this one line on stderr. */
function expectOneLine(run: Run, code: number, line: string | RegExp): void {
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^tocsin: [^\n]+\n$/);
  if (typeof line === 'string') expect(run.stderr).toBe(`tocsin: ${line}\n`);
  else expect(run.stderr).toMatch(line);
}

// Each command is a fresh Node process (about a second, much more on a busy machine).
const SLOW = 180_000;

describeEachDatabase('tocsin monitor and probe commands', (h) => {
  const env: Record<string, string> = {};
  let url: string;
  let probeToken: string;
  let dir: string;
  const cli = (...args: string[]) => tocsin(args, env);
  const json = async <T>(...args: string[]): Promise<T> => {
    const r = await cli(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    env.TOCSIN_URL = url;
    env.TOCSIN_TOKEN = (await h.actor('responder')).token;
    const admin = await h.actor('admin');
    const loc = await h.call('POST', '/api/v1/monitor-locations', { token: admin.token, body: { name: 'eu-west' } });
    expect(loc.statusCode, loc.body).toBe(201);
    probeToken = loc.json().token;
    expect((await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Checkout' } })).statusCode).toBe(201);
    dir = await mkdtemp(join(tmpdir(), 'tocsin-probe-cli-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('adds an http monitor from a URL with the defaults shown, and lists it', async () => {
    const added = await cli('monitor', 'add', 'https://shop.example.com/health');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(
      new RegExp(
        [
          'Added monitor shop\\.example\\.com/health',
          'id\\s+mon_\\w+',
          'type\\s+http',
          'target\\s+GET https://shop\\.example\\.com/health',
          'expects\\s+status 200-299; certificate valid 14\\+ days',
          'every\\s+60 s, timeout 10 s',
          'confirm\\s+2 failures in a row, at 2 locations \\(1 when only one checks\\), re-checked after 10 s',
          'locations\\s+all',
          'service\\s+-',
          'severity\\s+SEV-2 major',
          'auto-resolve\\s+yes',
          'state\\s+unknown',
        ].join('\\n'),
      ),
    );
    const list = await cli('monitor', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^STATE\s+NAME\s+TYPE\s+TARGET\s+LATENCY\s+ID\n/);
    expect(list.stdout).toMatch(/unknown\s+shop\.example\.com\/health\s+http\s+GET https:\/\/shop\.example\.com\/health\s+-\s+mon_\w+/);
  }, SLOW);

  it('adds tcp and heartbeat monitors with their flags; a heartbeat prints its full ping URL', async () => {
    const [tcp, hb] = await Promise.all([
      json<{ type: string; target: unknown; interval_s: number; timeout_ms: number; service_id: string; severity: string; confirmation: { failures_to_down: number; recheck_s: number } }>(
        'monitor', 'add', 'db.internal:5432', '--type', 'tcp', '--name', 'orders db', '--interval', '1m', '--timeout', '3s', '--service', 'checkout', '--severity', '1', '--failures-to-down', '3', '--recheck', '30s',
      ),
      cli('monitor', 'add', '--type', 'heartbeat', '--name', 'nightly backup', '--period', '1d', '--grace', '1h'),
    ]);
    expect(tcp).toMatchObject({ type: 'tcp', target: { host: 'db.internal', port: 5432 }, interval_s: 60, timeout_ms: 3000, severity: 'SEV-1', confirmation: { failures_to_down: 3, recheck_s: 30 } });
    expect(tcp.service_id).toMatch(/^svc_/);
    expect(hb.code, hb.stderr).toBe(0);
    expect(hb.stdout).toMatch(new RegExp(`ping URL\\s+${url}/ping/[0-9a-f-]{36}\\n`));
    expect(hb.stdout).toMatch(/target\s+a ping every 86400 s \(\+3600 s grace\)/);
  }, SLOW);

  it('shows a monitor by name: state per location, uptime and events', async () => {
    const m = await json<{ id: string }>('monitor', 'add', 'http://api.example.com/status', '--name', 'API status', '--location', 'eu-west', '--contains', 'ok');
    // Results from the probe location, as `tocsin probe` posts them.
    const now = h.clock.now().getTime();
    const results = [
      { at: now - 120_000, status: 'up', failure: null, latency_ms: 120, message: null },
      { at: now - 60_000, status: 'down', failure: 'status', latency_ms: 80, message: 'expected 200-299, got 503' },
    ].map((r) => ({ monitor_id: m.id, ...r }));
    const posted = await h.call('POST', '/probe/v1/results', { headers: { authorization: `Bearer ${probeToken}` }, body: { results } });
    expect(posted.json()).toEqual({ received: 2, stored: 2, ignored: 0 });

    const [show, full] = await Promise.all([
      cli('monitor', 'show', 'api status'),
      json<{ id: string; uptime: Record<string, { uptime_pct: number }>; events: { kind: string }[] }>('monitor', 'show', m.id),
    ]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^API status {2}up\n/);
    expect(show.stdout).toMatch(/expects\s+status 200-299; body contains "ok"/);
    expect(show.stdout).toMatch(/uptime {2}24h \d+(\.\d+)? % {3}7d \d+(\.\d+)? % {3}30d \d+(\.\d+)? %/);
    expect(show.stdout).toMatch(/LOCATION\s+STATUS\s+LAST CHECK\s+AT\s+LATENCY\s+MESSAGE\neu-west\s+up\s+down\s+2026-01-05 08:59:00 UTC\s+80 ms\s+expected 200-299, got 503/);
    expect(show.stdout).toMatch(/up\s+first check passes/);
    expect(full.id).toBe(m.id);
    expect(Object.keys(full.uptime)).toEqual(['24h', '7d', '30d']);
    expect(full.events.map((e) => e.kind)).toContain('up');
  }, SLOW);

  it('pauses, resumes and removes a monitor (removing asks for --yes)', async () => {
    const paused = await cli('monitor', 'pause', 'orders db');
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toMatch(/^Paused orders db \(mon_\w+\); it is paused\.\n$/);
    const onlyPaused = await json<{ items: { name: string }[] }>('monitor', 'list', '--state', 'paused');
    expect(onlyPaused.items.map((i) => i.name)).toEqual(['orders db']);
    const [resumed, unconfirmed] = await Promise.all([cli('monitor', 'resume', 'orders db'), cli('monitor', 'remove', 'orders db')]);
    expect(resumed.stdout).toMatch(/^Resumed orders db \(mon_\w+\); it is unknown\.\n$/);
    expectOneLine(unconfirmed, 2, /^tocsin: --yes: removing orders db \(mon_\w+\) deletes its history too; run again with --yes to confirm\n$/);
    const removed = await cli('monitor', 'remove', 'orders db', '--yes');
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/^Removed orders db \(mon_\w+\) and its history\.\n$/);
    expectOneLine(await cli('monitor', 'show', 'orders db'), 2, 'no monitor matches "orders db"');
  }, SLOW);

  it('refuses bad input with one line naming the flag, exit 2, and adds nothing', async () => {
    const add = (...args: string[]) => cli('monitor', 'add', ...args);
    const x = 'https://x.example.com';
    const runs = await Promise.all([
      add('not-a-url'),
      add(x, '--interval', '5s'),
      add(x, '--service', 'billing'),
      add(x, '--location', 'mars'),
      add(x, '--interval', '30s', '--timeout', '30s'),
      add(x, '--interval', 'soon'),
      add('--type', 'tcp', '--host', 'db.internal'),
      add(x, '--recheck', '2h'),
    ]);
    const [url, interval, service, location, timeout, unparsable, port, recheck] = runs as [Run, Run, Run, Run, Run, Run, Run, Run];
    expectOneLine(url, 2, 'URL: "not-a-url" is not a URL; write it in full, e.g. https://example.com/health');
    expectOneLine(interval, 2, '--interval: Checks run every 10 seconds at the most often, and at least once a day (86400 s)');
    expectOneLine(service, 2, `option '--service': no service matches "billing"`);
    expectOneLine(location, 2, /^tocsin: --location: there is no location mars \(known: .*eu-west.*\)\n$/);
    expectOneLine(timeout, 2, '--timeout: The timeout must be shorter than the interval, or checks would overlap');
    expectOneLine(unparsable, 2, /^tocsin: option '--interval <duration>' argument 'soon' is invalid/);
    expectOneLine(port, 2, '--port: The port must be a whole number from 1 to 65535');
    expectOneLine(recheck, 2, '--recheck: The re-check is from 1 to 3,600 seconds after a disagreeing check, or 0 for none');
    expect((await json<{ items: unknown[] }>('monitor', 'list', '--q', 'x.example')).items).toEqual([]);
    expect((await json<{ items: unknown[] }>('monitor', 'list', '--q', 'db.internal')).items).toEqual([]);
  }, SLOW);

  it('a probe with a refused token stops with one line; with another location\'s token, names --location', async () => {
    const base = ['probe', '--server', url, '--buffer-dir', dir];
    const [refused, elsewhere, server] = await Promise.all([
      cli(...base, '--token', 'tocsin_probe_not-a-real-one', '--location', 'eu-west'),
      cli(...base, '--token', probeToken, '--location', 'us-east'),
      cli('probe', '--server', 'ftp://x', '--token', probeToken, '--location', 'eu-west'),
    ]);
    expectOneLine(refused, 1, 'the probe token was refused (was the location removed?)');
    expectOneLine(elsewhere, 2, '--location: the token belongs to location eu-west, not us-east');
    expectOneLine(server, 2, '--server: use the server\'s http(s) address, e.g. https://tocsin.example.com, got "ftp://x"');
  }, SLOW);
});
