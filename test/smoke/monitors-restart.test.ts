import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { secondInstance, type Instance } from '../support/second-instance.js';
import { startHttpTarget, type HttpTarget } from '../support/targets.js';
import { waitFor } from '../support/wait-for.js';

// A confirmation under way when its `tocsin serve` dies: the first failure was recorded, the
// re-check that would confirm it died with the process. The next process takes it up at once,
// instead of waiting for the monitor's next slot (a day away for a daily monitor).

const SCALE = 20;

describeEachDatabase('monitors: a confirmation survives a restart', (h) => {
  let target: HttpTarget;
  let first: Instance | undefined;
  let second: Instance | undefined;
  beforeAll(async () => {
    target = await startHttpTarget({ '/daily': (_req, res) => res.writeHead(503).end('down') });
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await target?.close();
  });

  it('a daily monitor that failed once before a SIGKILL is re-checked by the next process and confirmed down within seconds', async () => {
    const env = { TOCSIN_MONITOR_TIME_SCALE: String(SCALE), TOCSIN_ENGINE_INTERVAL_MS: '100' };
    first = await secondInstance(h, env);
    const token = (await h.actor('responder')).token;
    // Re-checked 200 s (10 s here) after a failure: long enough to kill the process before it.
    const res = await first.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: 'nightly export', interval_s: 86_400, timeout_ms: 10_000, confirmation: { recheck_s: 200 }, target: { url: `${target.url}/daily` } } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // The check at once failed, and its state (one failure of two) is stored.
    await waitFor(async () => (await h.db.kysely.selectFrom('monitor_location_states').select('streak').where('monitor_id', '=', id).executeTakeFirst())?.streak === 1, { timeoutMs: 10_000, what: 'the first failure recorded' });
    await first.kill();
    const killedAt = Date.now();
    second = await secondInstance(h, env);
    const alert = await waitFor(async () => (await second!.call('GET', `/api/v1/alerts?source_ref=${id}&status=open`, { token })).json().items[0], { timeoutMs: 8_000, what: 'the alert opened after the restart' });
    // Confirmed by the new process's check, long before the first one's re-check would have been due.
    expect(Date.parse(alert.opened_at) - killedAt).toBeLessThan(8_000);
    const downs = (await second.call('GET', `/api/v1/monitors/${id}/results?range=1h`, { token })).json().items.filter((r: { status: string }) => r.status === 'down');
    expect(downs).toHaveLength(2);
  }, 60_000);
});
