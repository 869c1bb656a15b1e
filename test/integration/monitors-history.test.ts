import { beforeAll, expect, it } from 'vitest';
import { recordOutcomes, type Outcome } from '../../src/monitors/evaluate.js';
import type { CheckOutcome } from '../../src/monitors/model.js';
import { describeEachDatabase } from '../support/harness.js';

// A monitor's past as people read it: raw results, roll-ups per minute, hour and day built by the
// engine, uptime with maintenance left out and time nobody checked counted as unknown (not up),
// response-time percentiles per location, and the 90-day bars.

const HOUR = 3_600_000;
const up = (ms: number): CheckOutcome => ({ status: 'up', latency_ms: ms, failure: null, message: null });
const down: CheckOutcome = { status: 'down', latency_ms: 3000, failure: 'timeout', message: 'no answer within 3000 ms' };

describeEachDatabase('monitors: history, roll-ups and uptime', (h) => {
  let token: string;
  let id: string;
  let seq: number;
  let t0: number;
  beforeAll(async () => {
    token = (await h.actor('responder')).token;
    const m = (await h.call('POST', '/api/v1/monitors', { token, body: { type: 'http', name: 'history', interval_s: 60, target: { url: 'https://shop.example.com/' } } })).json();
    id = m.id;
    seq = Number((await h.db.kysely.selectFrom('monitors').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq);
    // Hour 1: up every minute (latency 10..69 ms). Hour 2: down for its first 15 minutes, then
    // up; then nothing for an hour (Tocsin stopped); then 30 minutes up.
    t0 = Math.ceil(h.clock.now().getTime() / HOUR) * HOUR + HOUR;
    const batch: Outcome[] = [];
    const add = (at: number, o: CheckOutcome) => batch.push({ monitor_id: id, monitor_seq: seq, location: 'server', location_seq: 1, at, outcome: o });
    for (let i = 0; i < 60; i++) add(t0 + i * 60_000, up(10 + i));
    for (let i = 0; i < 60; i++) add(t0 + HOUR + i * 60_000, i < 15 ? down : up(20));
    for (let i = 0; i < 30; i++) add(t0 + 3 * HOUR + i * 60_000, up(30));
    h.clock.set(new Date(t0 + 3.5 * HOUR + 3 * 60_000));
    await recordOutcomes(h.ctx(), batch);
    // The roll-up job does one closed hour (one chunk of monitors) per tick.
    for (let i = 0; i < 6; i++) await h.kernel.engine.runOnce();
  });

  it('rolls results up per minute, hour and day', async () => {
    const hours = await h.db.kysely.selectFrom('check_rollups').selectAll().where('monitor_seq', '=', seq).where('bucket_ms', '=', HOUR).orderBy('start').execute();
    expect(hours.map((r) => [Number(r.start) - t0, r.count, r.down])).toEqual([
      [0, 60, 0],
      [HOUR, 60, 15],
      [2 * HOUR, 0, 0],
    ]);
    expect(Number(hours[0]!.up_ms)).toBe(HOUR);
    expect(Number(hours[1]!.down_ms)).toBe(15 * 60_000);
    // Nobody checked in hour 3: past two intervals after the last result it is unknown, not up.
    expect(Number(hours[2]!.up_ms)).toBe(60_000); // the last result, at 1:59, covers two intervals: until 2:01
    expect(Number(hours[2]!.unknown_ms)).toBe(HOUR - 60_000);
    const minutes = await h.db.kysely.selectFrom('check_rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('monitor_seq', '=', seq).where('bucket_ms', '=', 60_000).executeTakeFirstOrThrow();
    expect(Number(minutes.n)).toBeGreaterThanOrEqual(120);
    const days = await h.db.kysely.selectFrom('check_rollups').selectAll().where('monitor_seq', '=', seq).where('bucket_ms', '=', 86_400_000).execute();
    expect(days.reduce((s, d) => s + d.count, 0)).toBe(120);
  });

  it('answers uptime without counting the stopped hour as up, and percentiles per location', async () => {
    const from = new Date(t0).toISOString();
    const to = new Date(t0 + 3.5 * HOUR).toISOString();
    const u = (await h.call('GET', `/api/v1/monitors/${id}/uptime?from=${from}&to=${to}`, { token })).json();
    expect(u.down_ms).toBe(15 * 60_000);
    expect(u.unknown_ms).toBeGreaterThan(50 * 60_000);
    expect(u.uptime_pct).toBeCloseTo((1 - 15 / 150) * 100, 0);
    expect(u.locations[0]).toMatchObject({ location: 'server', count: 150 });
    expect(u.locations[0].p50_ms).toBeGreaterThanOrEqual(20);
    expect(u.locations[0].p99_ms).toBeLessThanOrEqual(69);
  });

  it('leaves maintenance out of uptime', async () => {
    const w = await h.call('POST', '/api/v1/maintenance-windows', { token, body: { title: 'upgrade', monitor_id: id, starts_at: new Date(t0 + HOUR).toISOString(), ends_at: new Date(t0 + HOUR + 15 * 60_000).toISOString() } });
    expect(w.statusCode, w.body).toBe(201);
    const u = (await h.call('GET', `/api/v1/monitors/${id}/uptime?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 2 * HOUR).toISOString()}`, { token })).json();
    expect(u.maintenance_ms).toBe(15 * 60_000);
    expect(u.uptime_pct).toBe(100);
    const events = (await h.call('GET', `/api/v1/monitors/${id}/events?from=${new Date(t0).toISOString()}&to=${new Date(t0 + 4 * HOUR).toISOString()}`, { token })).json().items;
    expect(events.filter((e: { kind: string }) => e.kind.startsWith('maintenance_'))).toEqual([
      { at: new Date(t0 + HOUR + 15 * 60_000).toISOString(), location: null, kind: 'maintenance_end', message: 'upgrade' },
      { at: new Date(t0 + HOUR).toISOString(), location: null, kind: 'maintenance_start', message: 'upgrade' },
    ]);
    await h.call('DELETE', `/api/v1/maintenance-windows/${w.json().id}`, { token });
  });

  it('draws the bars: one per day, no data before the monitor existed', async () => {
    const bars = (await h.call('GET', `/api/v1/monitors/uptime-bars?ids=${id}&days=90`, { token })).json();
    const days = bars.items[0].days;
    expect(days).toHaveLength(90);
    expect(days.slice(0, 80).every((d: { uptime_pct: number | null }) => d.uptime_pct === null)).toBe(true);
    const withData = days.filter((d: { uptime_pct: number | null }) => d.uptime_pct !== null);
    expect(withData.length).toBeGreaterThanOrEqual(1);
    expect(withData.some((d: { down_ms: number }) => d.down_ms === 15 * 60_000)).toBe(true);
    expect((await h.call('GET', '/api/v1/monitors/uptime-bars?ids=', { token })).statusCode).toBe(400);
  });

  it('gives chart buckets per location and refuses ranges it cannot draw', async () => {
    const hist = (await h.call('GET', `/api/v1/monitors/${id}/history?bucket=hour&from=${new Date(t0).toISOString()}&to=${new Date(t0 + 4 * HOUR).toISOString()}`, { token })).json();
    expect(hist.bucket_ms).toBe(HOUR);
    expect(hist.items.map((b: { location: string }) => b.location)).toContain('server');
    expect(hist.items[0]).toMatchObject({ count: 60, down: 0, uptime_pct: 100 });
    const bad = await h.call('GET', `/api/v1/monitors/${id}/history?bucket=minute&range=90d`, { token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('bucket');
    expect((await h.call('GET', `/api/v1/monitors/${id}/uptime?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`, { token })).statusCode).toBe(400);
    expect((await h.call('GET', '/api/v1/monitors/mon_nope/uptime', { token })).statusCode).toBe(404);
  });
});
