import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startHttpTarget, type HttpTarget } from '../../test/support/targets.js';
import { waitFor } from '../../test/support/wait-for.js';
import { silentLogger } from '../core/log.js';
import type { ProbeResult } from './probe-buffer.js';
import { REFUSED, startProbe, type Probe } from './probe.js';

// The agent against a stand-in for the server's /probe/v1 on loopback: real checks of a real
// target, real HTTP, a real buffer directory. Intervals are scaled down 50× (10 s → 200 ms).

const SCALE = 50;

interface FakeServer {
  url: string;
  /** What the server answers: ok, 503 to everything (away) or to results only, or 401 (token refused). */
  mode: 'ok' | 'away' | 'results-away' | 'refused';
  /** Every result taken, in the order they came, slot by slot. */
  taken: ProbeResult[];
  close(): Promise<void>;
}

async function fakeServer(targetUrl: string, monitor: Record<string, unknown> = {}): Promise<FakeServer> {
  const state: Omit<FakeServer, 'url' | 'close'> = { mode: 'ok', taken: [] };
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (state.mode === 'away' || (state.mode === 'results-away' && req.method === 'POST')) return res.writeHead(503).end();
      if (state.mode === 'refused') return res.writeHead(401, { 'content-type': 'application/problem+json' }).end('{"detail":"no"}');
      if (req.url === '/probe/v1/assignments') {
        const spec = { type: 'http', url: `${targetUrl}/health`, method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200-299'], assertions: [], degraded_after_ms: null, cert_expiry_days: null };
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ location: 'lab', monitors: [{ id: 'mon_a', seq: 1, interval_s: 10, timeout_ms: 9000, version: 1, spec, ...monitor }] }));
      }
      const { results } = JSON.parse(body) as { results: ProbeResult[] };
      // As the real server: a slot already recorded is ignored.
      const fresh = results.filter((r) => !seen.has(`${r.monitor_id}:${r.at}`));
      for (const r of fresh) {
        seen.add(`${r.monitor_id}:${r.at}`);
        state.taken.push(r);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: results.length, stored: fresh.length, ignored: results.length - fresh.length }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) }) as FakeServer;
}

let target: HttpTarget;
let server: FakeServer;
let dir: string;
let probe: Probe | undefined;

const start = () => startProbe({ server: server.url, token: 'tocsin_probe_x', location: 'lab', bufferDir: dir, maxInFlight: 8, maxBufferBytes: 10_000_000, timeScale: SCALE, log: silentLogger });
const segments = async () => (await readdir(dir)).filter((f) => f.startsWith('results-'));
const checksMade = () => target.requests.length;

beforeEach(async () => {
  target = await startHttpTarget({ '/health': reply(200, 'ok') });
  server = await fakeServer(target.url);
  dir = await mkdtemp(join(tmpdir(), 'probe-'));
});
afterEach(async () => {
  await probe?.stop();
  probe = undefined;
  await server.close();
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tocsin probe (the agent)', () => {
  it('checks on the slots, names its location to the target, and reports each result once', async () => {
    probe = await start();
    await waitFor(() => server.taken.length >= 3, { timeoutMs: 10_000 });
    expect(target.requests[0]?.headers['x-tocsin-location']).toBe('lab');
    // (A check may time out on a busy machine: 180 ms scaled; one that answered is up.)
    expect(server.taken.find((t) => t.status === 'up')).toMatchObject({ monitor_id: 'mon_a', failure: null, message: null });
    // Slots, not start times: one interval (200 ms scaled) apart.
    const ats = server.taken.map((t) => t.at);
    for (let i = 1; i < ats.length; i++) expect((ats[i]! - ats[i - 1]!) % 200).toBe(0);
  });

  it('keeps checking while the server is away, buffers on disk, then delivers everything oldest first', async () => {
    probe = await start();
    await waitFor(() => server.taken.length >= 2, { timeoutMs: 10_000 });
    // Results refused first (the assignments still answer): the batch in hand goes to disk too.
    server.mode = 'results-away';
    const before = checksMade();
    await waitFor(async () => checksMade() >= before + 5 && (await segments()).length > 0, { timeoutMs: 10_000, what: 'results buffered on disk' });
    server.mode = 'ok';
    // Every check made is delivered: nothing lost while the server was away.
    await waitFor(() => server.taken.length === checksMade() && server.taken.length > before + 5, { timeoutMs: 10_000, what: 'the buffered results delivered' });
    const ats = server.taken.map((t) => t.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    await waitFor(async () => (await segments()).length === 0, { timeoutMs: 5_000, what: 'the delivered segments removed' });
  });

  it('when stopped while the server is away, keeps what was pending on disk for the next start, which checks from saved assignments', async () => {
    probe = await start();
    await waitFor(() => server.taken.length >= 1, { timeoutMs: 10_000 });
    server.mode = 'away';
    const before = checksMade();
    await waitFor(() => checksMade() >= before + 2, { timeoutMs: 10_000 });
    await probe.stop();
    probe = undefined;
    expect((await segments()).length).toBeGreaterThan(0);
    // A restart while the server is still away: the saved assignments keep it checking.
    const again = checksMade();
    probe = await start();
    await waitFor(() => checksMade() >= again + 3, { timeoutMs: 10_000, what: 'checks from the saved assignments' });
    server.mode = 'ok';
    // A check cut off by the stop made its request but has no result: at most one.
    await waitFor(() => server.taken.length >= checksMade() - 1 && server.taken.length > again, { timeoutMs: 10_000, what: 'everything delivered' });
    const ats = server.taken.map((t) => t.at);
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
  });

  it('confirms a failure with a re-check soon after it, as the server asks, not at the next slot', async () => {
    await server.close();
    await target.close();
    target = await startHttpTarget({ '/health': reply(503, 'down') });
    // Slots 2 s apart here (100 s scaled), a re-check 200 ms (10 s) after a failed check ends, K = 2.
    server = await fakeServer(target.url, { interval_s: 100, confirmation: { failures_to_down: 2, recheck_s: 10 } });
    probe = await start();
    await waitFor(() => server.taken.length >= 3, { timeoutMs: 10_000, what: 'a failure, its re-check and the next slot' });
    const [slot, recheck, next] = server.taken.map((t) => t.at) as [number, number, number];
    expect(server.taken.slice(0, 3).map((t) => t.status)).toEqual(['down', 'down', 'down']);
    expect(recheck - slot).toBeGreaterThanOrEqual(200);
    expect(recheck - slot).toBeLessThan(1_000);
    expect(next - slot).toBe(2_000); // confirmed by the re-check: the slots only from there
  });

  it('takes up a confirmation under way the server hands over: checked as it starts, not at its slot', async () => {
    await server.close();
    await target.close();
    target = await startHttpTarget({ '/health': reply(503, 'down') });
    // A daily monitor (slots about half an hour apart here) the probe before this one saw fail once.
    const confirming = { status: 'up', streak: 1, first_failure_at: Date.now() - 1_000, last_result_at: Date.now() - 1_000 };
    server = await fakeServer(target.url, { interval_s: 86_400, confirmation: { failures_to_down: 2, recheck_s: 10 }, confirming });
    const started = Date.now();
    probe = await start();
    await waitFor(() => server.taken.length >= 1, { timeoutMs: 5_000, what: 'a check at once, not at the slot' });
    expect(server.taken[0]!.status).toBe('down');
    expect(server.taken[0]!.at - started).toBeLessThan(2_000);
    // K = 2 with the failure before: confirmed, so no re-check follows.
    await new Promise((r) => setTimeout(r, 600));
    expect(server.taken).toHaveLength(1);
    // What it keeps on disk for a start without the server leaves the moment's state out.
    const saved = JSON.parse(await readFile(join(dir, 'assignments.json'), 'utf8'));
    expect(saved.monitors[0]).not.toHaveProperty('confirming');
  });

  it('stops with one line when its token is refused', async () => {
    probe = await start();
    await waitFor(() => server.taken.length >= 1, { timeoutMs: 10_000 });
    server.mode = 'refused';
    await expect(probe.done).rejects.toThrow(REFUSED);
    probe = undefined;
  });
});
