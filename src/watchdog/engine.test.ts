import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/log.js';
import type { Ctx } from '../core/context.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWatchdog, httpSend, type Send } from './engine.js';
import type { PingPlan, Readings } from './model.js';

const calm: Readings = { overdueJobs: { count: 0, oldestDueAt: null }, waitingMessages: [], channelFailures: [], monitors: { active: 0, shortestIntervalS: null, activeSince: null, lastResultAt: null } };
const config = { url: 'https://hc-ping.com/secret-uuid', failUrl: 'https://hc-ping.com/secret-uuid/fail', intervalMs: 60_000 };
const ctx = {} as Ctx;

function world(read: () => Promise<Readings>, answer: (p: PingPlan) => Promise<{ status: number }> = async () => ({ status: 200 })) {
  const sent: PingPlan[] = [];
  const send: Send = (p) => {
    sent.push(p);
    return answer(p);
  };
  const w = createWatchdog({ config, read, send, log: silentLogger });
  const tick = async (now: number) => {
    await (w.module.tick as (c: Ctx, n: number) => Promise<void>)(ctx, now);
    await new Promise((r) => setTimeout(r, 5));
  };
  return { w, sent, tick };
}

describe('the watchdog in the engine cycle', () => {
  it('checks once an interval however often the engine ticks, the first a moment after the start', async () => {
    const { w, sent, tick } = world(async () => calm);
    for (const t of [0, 1_000, 9_999]) await tick(t);
    expect(sent).toHaveLength(0); // work due while the process was down is still being taken
    for (const t of [10_000, 30_000, 69_999]) await tick(t);
    expect(sent).toHaveLength(1);
    await tick(70_000);
    expect(sent.map((p) => p.method)).toEqual(['GET', 'GET']);
    expect(w.lastDelivered()).toBe(70_000);
  });

  it('checks without a heartbeat service too, sending nothing', async () => {
    const sent: PingPlan[] = [];
    const w = createWatchdog({ config: null, read: async () => ({ ...calm, overdueJobs: { count: 1, oldestDueAt: 0 } }), send: async (p) => (sent.push(p), { status: 200 }), log: silentLogger });
    const tick = w.module.tick as (c: Ctx, n: number) => Promise<void>;
    await tick(ctx, 0);
    await tick(ctx, 10_000);
    await new Promise((r) => setTimeout(r, 5));
    expect(w.last()).toMatchObject({ at: 10_000, healthy: false, ping: null });
    expect(sent).toEqual([]);
  });

  it('reports a database that does not answer, or hangs, to the failure URL', async () => {
    const refused = world(async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')));
    const c = await refused.w.checkNow(0);
    expect(c).toMatchObject({ healthy: false, reasons: ['The database did not answer: connect ECONNREFUSED 127.0.0.1:5432'], ping: { method: 'POST', to: 'https://hc-ping.com', ok: true } });
    expect(refused.sent[0]!.url).toBe(config.url + '/fail');
    expect(refused.w.lastDelivered()).toBeNull();
  });

  it('does not start a second check while one is under way; an admin’s check shares it', async () => {
    let release!: () => void;
    const { w, sent, tick } = world(() => new Promise<Readings>((r) => (release = () => r(calm))));
    await tick(0);
    await tick(10_000);
    await tick(120_000);
    const asked = w.checkNow(120_000);
    release();
    await asked;
    expect(sent).toHaveLength(1);
  });

  it('keeps what the service answered, without the URL’s secret path', async () => {
    const { w } = world(async () => calm, async () => ({ status: 404 }));
    const c = await w.checkNow(0);
    expect(c.ping).toEqual({ method: 'GET', to: 'https://hc-ping.com', status: 404, ok: false, error: 'answered HTTP 404' });
    expect(JSON.stringify(c)).not.toContain('secret-uuid');
    // fetch's own words are "fetch failed"; the reason is its cause.
    const down = world(async () => calm, async () => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND hc-ping.com') })));
    expect((await down.w.checkNow(0)).ping).toMatchObject({ status: null, ok: false, error: 'fetch failed: getaddrinfo ENOTFOUND hc-ping.com' });
  });
});

describe('the ping over HTTP', () => {
  it('gives up on a service that never answers, and follows no redirect', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/moved') return void res.writeHead(302, { location: '/elsewhere' }).end();
      // /hang: never answers
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const w = createWatchdog({ config: { ...config, url: `${base}/hang` }, read: async () => calm, send: httpSend(300), log: silentLogger });
      const started = performance.now();
      expect((await w.checkNow(0)).ping).toMatchObject({ ok: false, status: null, error: 'no answer in time' });
      expect(performance.now() - started).toBeLessThan(3_000);
      const moved = createWatchdog({ config: { ...config, url: `${base}/moved` }, read: async () => calm, send: httpSend(300), log: silentLogger });
      expect((await moved.checkNow(0)).ping).toMatchObject({ ok: false, status: 302, error: 'answered HTTP 302' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
