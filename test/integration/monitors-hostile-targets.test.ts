import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createMonitorRunner, type MonitorRunner } from '../../src/monitors/runner.js';
import { describeEachDatabase } from '../support/harness.js';
import { hang, makeCertificate, redirectTo, reply, resetConnection, startHttpTarget, streamBody, type HttpTarget } from '../support/targets.js';
import { waitFor } from '../support/wait-for.js';

// The production runner (scheduler, checks, batched writes) on a real clock against targets that
// misbehave: each failure is recorded as its own kind, and a well-behaved monitor beside them
// keeps every slot.

const SCALE = 20; // a 10 s monitor checks every 500 ms
const INTERVAL_MS = 10_000 / SCALE;

describeEachDatabase('monitors: hostile targets never stall the checks', (h) => {
  let target: HttpTarget;
  let tls: HttpTarget;
  let runner: MonitorRunner;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    target = await startHttpTarget({
      '/ok': reply(200, 'ok'),
      '/hang': hang(),
      '/reset': resetConnection('before_head'),
      '/huge': (req, res) => streamBody(10 * 1024 * 1024).route(req, res), // a fresh 10 MB each time
      '/loop': redirectTo('/loop'),
    });
    const cert = await makeCertificate({ host: '127.0.0.1' });
    tls = await startHttpTarget({ '/': reply(200, 'ok') }, { tls: { key: cert.key, cert: cert.cert } });
    const token = (await h.actor('responder')).token;
    const add = async (name: string, url: string, extra: Record<string, unknown> = {}) => {
      // Hostile ones check every 60 s / SCALE with 1.5 s to fail in their own way, even on a busy machine.
      const timing = name === 'ok' ? { interval_s: 10, timeout_ms: 4000 } : { interval_s: 60, timeout_ms: 30_000 };
      const res = await h.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name, ...timing, target: { url, ...extra } } });
      expect(res.statusCode, res.body).toBe(201);
      ids[name] = res.json().id;
    };
    await add('ok', `${target.url}/ok`);
    await add('hang', `${target.url}/hang`);
    await add('reset', `${target.url}/reset`);
    await add('huge', `${target.url}/huge`, { assertions: [{ kind: 'body_contains', value: 'never there' }] });
    await add('loop', `${target.url}/loop`);
    await add('untrusted', `${tls.url}/`);
    // The harness runs on a fake clock; the runner needs the real one.
    runner = createMonitorRunner({ ...h.kernel, clock: systemClock }, { owner: `test-${h.dialect}`, maxInFlight: 16, timeScale: SCALE });
    await runner.start();
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await target?.close();
    await tls?.close();
  });

  const lastFailure = async (name: string) =>
    (await h.db.kysely.selectFrom('check_results').select('code').where('monitor_seq', '=', await seqOf(name)).orderBy('at', 'desc').limit(1).executeTakeFirst())?.code;
  const seqOf = async (name: string) => Number((await h.db.kysely.selectFrom('monitors').select('seq').where('id', '=', ids[name]!).executeTakeFirstOrThrow()).seq);

  it('records each misbehaviour as its own kind of failure', async () => {
    const { decodeResult } = await import('../../src/monitors/model.js');
    const expected: Record<string, string> = { hang: 'timeout', reset: 'reset', huge: 'too_large', loop: 'redirects', untrusted: 'tls' };
    for (const [name, failure] of Object.entries(expected)) {
      const code = await waitFor(() => lastFailure(name), { timeoutMs: 15_000, what: `a result for ${name}` });
      expect(decodeResult(code), name).toEqual({ status: 'down', failure });
    }
  });

  it('keeps the healthy monitor on its slots meanwhile', async () => {
    const seq = await seqOf('ok');
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 10 * INTERVAL_MS));
    await waitFor(async () => {
      const rows = await h.db.kysely.selectFrom('check_results').select(['at', 'code']).where('monitor_seq', '=', seq).where('at', '>=', since).where('at', '<', since + 10 * INTERVAL_MS).execute();
      return rows.length >= 9 ? rows : null;
    }, { timeoutMs: 5000, what: 'the healthy monitor checked on (nearly) every slot' });
    expect(runner.stats().abandoned).toBe(0);
  });
});
