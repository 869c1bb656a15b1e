import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { freePort } from '../support/net.js';
import { secondInstance, type Instance } from '../support/second-instance.js';
import { startHttpTarget, type HttpTarget } from '../support/targets.js';
import { waitFor } from '../support/wait-for.js';
import { TOCSIN } from '../support/cli-entry.js';

// Three real `tocsin probe` processes check one monitor from three locations for a real
// `tocsin serve`, with intervals scaled down 20× (a 20 s monitor checks every second). The target
// fails the locations the test picks (it reads the probes' X-Tocsin-Location header). M=2 of 3:
// one failing location opens nothing, two open the alert. The server is then killed for five
// intervals while the probes keep checking, and every slot of that time arrives once it is back.
// Finally a killed probe is flagged silent.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCALE = 20;
const INTERVAL_MS = 20_000 / SCALE;
const LOCATIONS = ['probe-a', 'probe-b', 'probe-c'] as const;
type Location = (typeof LOCATIONS)[number];

interface Probe {
  child: ChildProcess;
  log: () => string;
  dir: string;
}

function startProbe(server: string, token: string, location: Location, dir: string): Probe {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOCSIN_')) env[k] = v;
  Object.assign(env, { TOCSIN_MONITOR_TIME_SCALE: String(SCALE), TOCSIN_LOG_LEVEL: 'info' });
  const args = [...TOCSIN, 'probe', '--server', server, '--token', token, '--location', location, '--buffer-dir', dir];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return { child, log: () => log, dir };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));

/** Results waiting in a probe's buffer directory (JSON lines). */
async function buffered(dir: string): Promise<number> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.startsWith('results-'));
  let n = 0;
  for (const f of files) n += (await readFile(join(dir, f), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return n;
}

describeEachDatabase('monitors: three probes, M of N, a server outage and a silent probe', (h) => {
  let server: Instance;
  let env: Record<string, string>;
  let target: HttpTarget;
  let base: string;
  let token: string;
  let work: string;
  let monitorId: string;
  const failing = new Set<string>();
  const probes = new Map<Location, Probe>();
  const api = async (path: string) => {
    const res = await server.call('GET', path, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    target = await startHttpTarget({
      '/health': (req, res) => res.writeHead(failing.has(String(req.headers['x-tocsin-location'])) ? 503 : 200).end(),
    });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = { TOCSIN_MONITOR_TIME_SCALE: String(SCALE), TOCSIN_ENGINE_INTERVAL_MS: '100', TOCSIN_PORT: String(port) };
    server = await secondInstance(h, env);
    const admin = (await h.actor('admin')).token;
    token = (await h.actor('responder')).token;
    work = await mkdtemp(join(tmpdir(), 'tocsin-probes-'));
    const tokens = new Map<Location, string>();
    for (const name of LOCATIONS) {
      const res = await server.call('POST', '/api/v1/monitor-locations', { token: admin, body: { name } });
      expect(res.statusCode, res.body).toBe(201);
      tokens.set(name, res.json().token);
    }
    const service = await server.call('POST', '/api/v1/services', { token: admin, body: { name: 'Shop' } });
    // The server's own location is left out: only the three probes check it.
    const monitor = await server.call('POST', '/api/v1/monitors', {
      token,
      body: { type: 'http', name: 'shop', interval_s: 20, timeout_ms: 10_000, locations: [...LOCATIONS], confirmation: { failures_to_down: 2, locations_to_alert: 2 }, service_id: service.json().id, target: { url: `${target.url}/health` } },
    });
    expect(monitor.statusCode, monitor.body).toBe(201);
    monitorId = monitor.json().id;
    for (const name of LOCATIONS) probes.set(name, startProbe(base, tokens.get(name)!, name, join(work, name)));
  }, 120_000);

  afterEach((ctx) => {
    // What the probes said, when something went wrong.
    if (ctx.task.result?.state === 'fail') for (const [name, p] of probes) console.error(`${name}:\n${p.log()}`);
  });

  afterAll(async () => {
    for (const p of probes.values()) p.child.kill('SIGKILL');
    await Promise.all([...probes.values()].map((p) => exited(p.child)));
    await server?.close();
    await target?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('checks a monitor added while they run at once from every location, not at its first slot', async () => {
    // The probes running (a probe that starts checks what it found on its slots, as a restart does).
    await waitFor(async () => ((await api(`/api/v1/monitors/${monitorId}`)).location_states as { last_result_at: string | null }[]).filter((l) => l.last_result_at !== null).length === LOCATIONS.length, { timeoutMs: 20_000, what: 'every probe reporting' });
    // A daily monitor: at this scale its first slot is up to 72 minutes away; the probes see it at
    // their next refresh (every 15 s, under a second here) and check it then.
    const res = await server.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: 'daily', interval_s: 86_400, timeout_ms: 10_000, locations: [...LOCATIONS], target: { url: `${target.url}/health` } } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    try {
      const checked = await waitFor(async () => {
        const states = ((await api(`/api/v1/monitors/${id}`)).location_states as { location: string; last_result_at: string | null }[]).filter((l) => l.last_result_at !== null);
        return states.length === LOCATIONS.length ? states : null;
      }, { timeoutMs: 15_000, what: 'a result from each probe location' });
      expect(checked.map((l) => l.location).sort()).toEqual([...LOCATIONS]);
    } finally {
      await server.call('DELETE', `/api/v1/monitors/${id}`, { token });
    }
  }, 50_000);

  it('one failing location of three opens nothing; a second one opens the alert and an incident', async () => {
    await waitFor(async () => (await api(`/api/v1/monitors/${monitorId}`)).location_states.filter((s: { status: string }) => s.status === 'up').length === 3, {
      timeoutMs: 60_000,
      what: 'all three probes reporting up',
    });
    const since = Date.now();
    failing.add('probe-a');
    // Six intervals of probe-a failing alone: its location is down, the monitor is not.
    await waitFor(async () => (await api(`/api/v1/monitors/${monitorId}/results?range=1h&location=probe-a`)).items.filter((r: { at: string; status: string }) => r.status === 'down' && Date.parse(r.at) >= since).length >= 6, {
      timeoutMs: 30_000,
      what: 'six failed checks from probe-a',
    });
    const alone = await api(`/api/v1/monitors/${monitorId}`);
    expect(alone.location_states.find((s: { location: string }) => s.location === 'probe-a').status).toBe('down');
    expect(alone.alert_id).toBeNull();
    expect((await api(`/api/v1/alerts?source_ref=${monitorId}`)).items).toEqual([]);

    failing.add('probe-b');
    const alert = await waitFor(async () => (await api(`/api/v1/alerts?source_ref=${monitorId}&status=open`)).items[0], { timeoutMs: 20_000, what: 'the alert to open' });
    const incident = await api(`/api/v1/incidents/${alert.incident_id}`);
    expect(incident).toMatchObject({ detection_source: 'monitor', status: 'triggered' });
  }, 120_000);

  it('keeps every slot checked while the server was down: delivered once it is back, none missing', async () => {
    const killedAt = Date.now();
    await server.kill();
    // Five intervals without a server; the probes keep checking into their buffers.
    await waitFor(async () => Date.now() - killedAt >= 5 * INTERVAL_MS && (await Promise.all([...probes.values()].map((p) => buffered(p.dir)))).every((n) => n >= 4), {
      timeoutMs: 30_000,
      what: 'results buffered on disk by every probe',
    });
    server = await secondInstance(h, env);
    const backAt = Date.now();
    const seq = Number((await h.db.kysely.selectFrom('monitors').select('seq').where('id', '=', monitorId).executeTakeFirstOrThrow()).seq);
    for (const name of LOCATIONS) {
      const loc = Number((await h.db.kysely.selectFrom('monitor_locations').select('seq').where('name', '=', name).executeTakeFirstOrThrow()).seq);
      // Every slot from before the kill to after the restart is there, each once (the key is monitor, slot, location).
      const slots = await waitFor(
        async () => {
          const rows = await h.db.kysely.selectFrom('check_results').select('at').where('monitor_seq', '=', seq).where('location_seq', '=', loc).where('at', '>=', killedAt - 3 * INTERVAL_MS).orderBy('at').execute();
          const ats = rows.map((r) => Number(r.at));
          const first = ats[0];
          const last = ats[ats.length - 1];
          return first !== undefined && last !== undefined && first <= killedAt && last >= backAt ? ats : null;
        },
        { timeoutMs: 30_000, what: `${name}'s results from before the kill to after the restart` },
      );
      const gaps = slots.slice(1).map((at, i) => at - slots[i]!).filter((d) => d !== INTERVAL_MS);
      expect(gaps, `${name}: slots ${slots.map((a) => a - slots[0]!).join(',')}`).toEqual([]);
    }
    // The buffers empty once delivered.
    for (const p of probes.values()) await waitFor(async () => (await buffered(p.dir)) === 0, { timeoutMs: 10_000, what: 'the buffers emptied' });
  }, 120_000);

  it('flags a killed probe silent, and a probe stops cleanly on SIGTERM', async () => {
    const c = probes.get('probe-c')!;
    c.child.kill('SIGKILL');
    await exited(c.child);
    await waitFor(
      async () => {
        const items: { name: string; silent: boolean }[] = (await api('/api/v1/monitor-locations')).items;
        const silent = Object.fromEntries(items.map((l) => [l.name, l.silent]));
        return silent['probe-c'] === true && silent['probe-a'] === false && silent['probe-b'] === false;
      },
      { timeoutMs: 20_000, what: 'probe-c silent, the others not' },
    );
    const a = probes.get('probe-a')!;
    a.child.kill('SIGTERM');
    expect(await exited(a.child)).toBe(0);
    expect(a.log()).toContain('"msg":"probe stopped"');
  }, 60_000);
});
