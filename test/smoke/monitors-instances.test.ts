import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { secondInstance, type Instance } from '../support/second-instance.js';
import { startHttpTarget, type HttpTarget } from '../support/targets.js';
import { waitFor } from '../support/wait-for.js';

// Real checks by real `tocsin serve` processes against a real HTTP target on loopback, with
// intervals scaled down 20× (a 20 s monitor checks every second): two instances divide the
// monitors (each checked by one of them), a failure opens an incident that started at the first
// failed check, recovery resolves it, and when one instance is killed its monitors move.

const SCALE = 20;
const INTERVAL_MS = 20_000 / SCALE;
const MONITORS = 12;

describeEachDatabase('monitors: checks across two instances', (h) => {
  let a: Instance;
  let b: Instance;
  let target: HttpTarget;
  let healthy = true;
  let dailyUp = true;
  let token: string;
  const ids: string[] = [];
  beforeAll(async () => {
    target = await startHttpTarget({
      '/health': (req, res) => res.writeHead(healthy || !req.url?.includes('m=0') ? 200 : 503).end(healthy ? 'ok' : 'down'),
      '/daily': (req, res) => res.writeHead(dailyUp || !req.url?.includes('confirm') ? 200 : 503).end(),
    });
    const env = { TOCSIN_MONITOR_TIME_SCALE: String(SCALE), TOCSIN_ENGINE_INTERVAL_MS: '100' };
    [a, b] = await Promise.all([secondInstance(h, env), secondInstance(h, env)]);
    token = (await h.actor('responder')).token;
    const service = (await h.call('POST', '/api/v1/services', { token: (await h.actor('admin')).token, body: { name: 'Shop' } })).json();
    for (let i = 0; i < MONITORS; i++) {
      const res = await a.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: `shop ${i}`, interval_s: 20, timeout_ms: 10_000, service_id: service.id, target: { url: `${target.url}/health?m=${i}` } } });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await target?.close();
  });

  it('checks every monitor on its slots, each by one instance, and marks them up', async () => {
    await waitFor(async () => (await h.call('GET', '/api/v1/monitors/counts', { token })).json().up === MONITORS, { timeoutMs: 20_000 });
    // Over a window of 8 intervals each monitor is asked about 8 times, not 16: one instance checks it.
    const since = target.requests.length;
    await new Promise((r) => setTimeout(r, 8 * INTERVAL_MS));
    const seen = target.requests.slice(since).length;
    expect(seen).toBeGreaterThanOrEqual(MONITORS * 6);
    expect(seen).toBeLessThanOrEqual(MONITORS * 10);
    // Both instances take part. Read until each has been seen: at a 20x scale an instance silent
    // for 450 ms (a busy test machine) is pruned for a moment and announces itself again, so on a
    // loaded machine the two are not always listed at the same moment.
    const seenWorkers = new Set<string>();
    await waitFor(
      async () => {
        for (const w of await h.db.kysely.selectFrom('monitor_workers').select('owner').execute()) seenWorkers.add(w.owner);
        return seenWorkers.size === 2;
      },
      { timeoutMs: 30_000, what: 'both instances in monitor_workers' },
    ).catch((err: Error) => {
      // An instance missing here has usually died (it once was the first-run setup's race between
      // two instances starting on a fresh database): say what each one logged, and how it ended.
      // Request lines left out: creating the monitors pushed the start-up lines out of the tail.
      const said = (i: Instance) => i.log().split('\n').filter((l) => !/"msg":"(incoming request|request completed)"/.test(l)).join('\n').slice(-6000);
      throw new Error(`${err.message} (seen: ${[...seenWorkers].join(', ') || 'none'})\n--- a:\n${said(a)}\n--- b:\n${said(b)}`);
    });
  }, 75_000); // its waits add up to 20 s + 8 intervals + 30 s: long enough to print the logs on failure

  it('checks a monitor added while they run at once, not at its first slot up to an interval later', async () => {
    // A daily monitor: at this scale its first slot is up to 72 minutes away; its first check is not.
    const added = Date.now();
    const res = await b.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: 'daily', interval_s: 86_400, timeout_ms: 10_000, target: { url: `${target.url}/daily` } } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    try {
      await waitFor(() => target.requests.some((r) => r.path === '/daily'), { timeoutMs: 10_000, what: 'the new monitor checked' });
      const monitor = await waitFor(async () => {
        const m = (await b.call('GET', `/api/v1/monitors/${id}`, { token })).json();
        return m.state === 'up' ? m : null;
      }, { timeoutMs: 10_000, what: 'the new monitor shown up' });
      expect(Date.parse(monitor.location_states[0].last_result_at) - added).toBeLessThan(10_000);
    } finally {
      await h.call('DELETE', `/api/v1/monitors/${id}`, { token });
    }
  }, 30_000);

  it('confirms a failure, and a recovery, by checking again seconds later, not at the next slot (an hour away here)', async () => {
    // A daily monitor (its slot 72 minutes away at this scale), re-checked 20 s (1 s here) after a disagreeing check.
    const create = await b.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: 'confirm', interval_s: 86_400, timeout_ms: 10_000, confirmation: { recheck_s: 20 }, target: { url: `${target.url}/daily?confirm` } } });
    expect(create.statusCode, create.body).toBe(201);
    const id = create.json().id;
    const monitor = async () => (await b.call('GET', `/api/v1/monitors/${id}`, { token })).json();
    // An edit is checked at once (the test before): that is this test's first check after each switch.
    const edit = async (name: string) => expect((await b.call('PATCH', `/api/v1/monitors/${id}`, { token, body: { name } })).statusCode).toBe(200);
    try {
      await waitFor(async () => (await monitor()).state === 'up', { timeoutMs: 10_000, what: 'the new monitor up' });
      dailyUp = false;
      const failingFrom = Date.now();
      await edit('confirm: failing');
      const alert = await waitFor(async () => (await h.call('GET', `/api/v1/alerts?source_ref=${id}&status=open`, { token })).json().items[0], { timeoutMs: 10_000, what: 'the alert opened' });
      expect(Date.parse(alert.opened_at) - failingFrom).toBeLessThan(5_000);
      const downs = (await b.call('GET', `/api/v1/monitors/${id}/results?range=1h`, { token })).json().items.filter((r: { status: string }) => r.status === 'down');
      expect(downs).toHaveLength(2); // K = 2: the edit's check and one re-check, then nothing until its slot
      const [a1, a2] = downs.map((r: { at: string }) => Date.parse(r.at)).sort();
      expect(a2 - a1).toBeGreaterThanOrEqual(1_000); // the re-check waits recheck_s after the failed check ends
      expect(a2 - a1).toBeLessThan(3_000);

      dailyUp = true;
      await edit('confirm: back');
      await waitFor(async () => (await h.call('GET', `/api/v1/alerts/${alert.id}`, { token })).json().status === 'resolved', { timeoutMs: 10_000, what: 'the alert resolved' });
      expect((await monitor()).state).toBe('up');
    } finally {
      dailyUp = true;
      await h.call('DELETE', `/api/v1/monitors/${id}`, { token });
    }
  }, 40_000);

  it('opens an incident that started at the first failed check, and resolves it on recovery', async () => {
    const first = Date.now();
    healthy = false;
    const alert = await waitFor(async () => (await h.call('GET', `/api/v1/alerts?source_ref=${ids[0]}&status=open`, { token })).json().items[0], { timeoutMs: 15_000 });
    const incident = (await h.call('GET', `/api/v1/incidents/${alert.incident_id}`, { token })).json();
    expect(incident).toMatchObject({ detection_source: 'monitor', status: 'triggered' });
    // The start is a failed check's slot: after the switch, before the alert opened, by at least one interval.
    const started = Date.parse(incident.started_at);
    expect(started).toBeGreaterThanOrEqual(first - INTERVAL_MS);
    expect(Date.parse(alert.opened_at) - started).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
    // Asked of a real instance: the harness's own app runs on a fake clock.
    const results = (await b.call('GET', `/api/v1/monitors/${ids[0]}/results?range=1h`, { token })).json().items;
    const firstFail = results.find((r: { status: string; at: string }) => r.status === 'down' && Date.parse(r.at) >= first - INTERVAL_MS);
    expect(firstFail.at).toBe(incident.started_at);
    expect(firstFail.failure).toBe('status');

    healthy = true;
    await waitFor(async () => (await h.call('GET', `/api/v1/incidents/${alert.incident_id}`, { token })).json().status === 'resolved', { timeoutMs: 15_000 });
  });

  it('moves the monitors of a killed instance to the other within two intervals of noticing', async () => {
    await a.kill();
    const killedAt = Date.now();
    // Dead after 9 s / SCALE of silence; then every monitor must be checked again by b.
    await waitFor(
      async () => {
        const rows = await h.db.kysely.selectFrom('check_results').select(['monitor_seq']).where('at', '>', killedAt + 9_000 / SCALE + 2 * INTERVAL_MS).groupBy('monitor_seq').execute();
        return rows.length === MONITORS;
      },
      { timeoutMs: 20_000 },
    );
    const s = (await b.call('GET', '/api/v1/monitors/scheduler', { token })).json();
    expect(s).toMatchObject({ monitors: MONITORS, instances: 1 });
  });
});
