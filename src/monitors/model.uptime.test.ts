import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeIntervals, overlapMs, splitByIntervals } from './model.intervals.js';
import { percentile, rollupResults, uptime, type TimedResult, type UptimeBucket } from './model.uptime.js';

const H = 3_600_000;
const bucket = (start: number, parts: Partial<UptimeBucket> = {}, len = H): UptimeBucket => ({
  start, end: start + len, up_ms: 0, down_ms: 0, degraded_ms: 0, unknown_ms: 0, ...parts,
});
const day = { from: 0, to: 24 * H };

describe('uptime', () => {
  it.each([
    ['all up', [bucket(0, { up_ms: H })], [], day, 100],
    ['half down', [bucket(0, { up_ms: H / 2, down_ms: H / 2 })], [], day, 50],
    ['degraded counts as up', [bucket(0, { degraded_ms: H / 2, down_ms: H / 2 }), bucket(H, { up_ms: H })], [], day, 75],
    ['unknown is left out', [bucket(0, { up_ms: H / 4, down_ms: H / 4, unknown_ms: H / 2 })], [], day, 50],
    ['nothing known', [bucket(0, { unknown_ms: H })], [], day, null],
    ['no buckets', [], [], day, null],
    ['down only in maintenance', [bucket(0, { up_ms: H }), bucket(H, { down_ms: H })], [[H, 2 * H]], day, 100],
    ['all in maintenance', [bucket(0, { down_ms: H })], [[-5, 3 * H]], day, null],
    ['bucket outside the range', [bucket(0, { up_ms: H }), bucket(24 * H, { down_ms: H })], [], day, 100],
  ] as const)('%s → %s', (_name, buckets, maintenance, range, pct) => {
    expect(uptime(buckets, maintenance, range).uptime_pct).toBe(pct);
  });

  it('prorates a bucket partly in maintenance (its time taken as spread evenly)', () => {
    const r = uptime([bucket(0, { up_ms: H / 2, down_ms: H / 2 })], [[0, H / 4], [H / 8, H / 2]], day);
    expect(r).toEqual({ uptime_pct: 50, up_ms: H / 4, down_ms: H / 4, degraded_ms: 0, unknown_ms: 0, maintenance_ms: H / 2 });
  });

  it('prorates a bucket partly outside the range', () => {
    const r = uptime([bucket(0, { up_ms: 0.9 * H, unknown_ms: 0.1 * H })], [], { from: H / 2, to: 10 * H });
    expect(r).toMatchObject({ up_ms: 0.45 * H, unknown_ms: 0.05 * H, maintenance_ms: 0, uptime_pct: 100 });
  });

  const bucketsArb = fc
    .array(fc.record({ up: fc.nat(1000), down: fc.nat(1000), degraded: fc.nat(1000), unknown: fc.nat(1000) }), { maxLength: 30 })
    .map((xs) => xs.map((x, i) => bucket(i * 4000, { up_ms: x.up, down_ms: x.down, degraded_ms: x.degraded, unknown_ms: x.unknown }, 4000)));
  const intervalArb = fc.tuple(fc.integer({ min: -5000, max: 130_000 }), fc.integer({ min: 0, max: 40_000 })).map(([s, l]) => [s, s + l] as const);

  it('accounts for every recorded millisecond, and uptime stays within 0–100', () => {
    fc.assert(
      fc.property(bucketsArb, fc.array(intervalArb, { maxLength: 4 }), (buckets, maintenance) => {
        const r = uptime(buckets, maintenance, { from: 0, to: 200_000 });
        const recorded = buckets.reduce((t, b) => t + b.up_ms + b.down_ms + b.degraded_ms + b.unknown_ms, 0);
        const parts = r.up_ms + r.down_ms + r.degraded_ms + r.unknown_ms + r.maintenance_ms;
        expect(Math.abs(parts - recorded)).toBeLessThanOrEqual(3);
        if (r.uptime_pct !== null) expect(r.uptime_pct).toBeGreaterThanOrEqual(0);
        if (r.uptime_pct !== null) expect(r.uptime_pct).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('is unchanged by downtime that falls wholly in maintenance', () => {
    fc.assert(
      fc.property(bucketsArb, fc.nat(2000), (buckets, downMs) => {
        const before = uptime(buckets, [[200_000, 204_000]], { from: 0, to: 300_000 });
        const after = uptime([...buckets, bucket(200_000, { down_ms: downMs }, 4000)], [[200_000, 204_000]], { from: 0, to: 300_000 });
        expect(after.uptime_pct).toBe(before.uptime_pct);
        expect(after.maintenance_ms).toBe(downMs);
      }),
    );
  });
});

describe('intervals', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(mergeIntervals([[5, 9], [0, 2], [2, 3], [8, 12], [20, 20], [30, 25]])).toEqual([[0, 3], [5, 12]]);
    expect(mergeIntervals([[0, 10], [2, 3]])).toEqual([[0, 10]]);
  });
  it('covers exactly the points the intervals cover', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })), { maxLength: 8 });
    fc.assert(
      fc.property(arb, (xs) => {
        const merged = mergeIntervals(xs);
        for (let t = 0; t <= 50; t++) expect(merged.some(([s, e]) => s <= t && t < e)).toBe(xs.some(([s, e]) => s <= t && t < e));
        merged.slice(1).forEach(([s], i) => expect(s).toBeGreaterThan(merged[i]![1]));
      }),
    );
  });
  it('measures overlap and splits around the intervals', () => {
    expect(overlapMs(1, 10, [[0, 3], [5, 12]])).toBe(7);
    expect(splitByIntervals(1, 10, [[0, 3], [5, 6]])).toEqual({ outside: [[3, 5], [6, 10]], inside: [[1, 3], [5, 6]] });
  });
});

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, null],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 100, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 7, 7],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [Array.from({ length: 10 }, (_, i) => i + 1), 99, 10],
  ])('%j p%d → %s', (values, p, want) => {
    expect(percentile(values, p)).toBe(want);
  });

  it('returns a value with at least p% of values at or below it, and is the smallest such', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 100 }), (xs, p) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const v = percentile(sorted, p)!;
        expect(sorted.filter((x) => x <= v).length * 100).toBeGreaterThanOrEqual(p * sorted.length);
        expect(sorted.filter((x) => x < v).length * 100).toBeLessThan(p * sorted.length);
      }),
    );
  });
});

const r = (at: number, status: TimedResult['status'] = 'up', latency_ms = 100): TimedResult => ({ at, status, latency_ms });
const MIN = 60_000;

describe('rollupResults', () => {
  it('counts results and times by status within a bucket', () => {
    const [b, ...rest] = rollupResults([r(0, 'up', 30), r(MIN, 'degraded', 900), r(2 * MIN, 'down', 10_000)], H, MIN);
    expect(rest).toEqual([]);
    expect(b).toEqual({
      start: 0, end: H, count: 3, up: 1, degraded: 1, down: 1,
      latency_p50: 30, latency_p95: 900, latency_p99: 900, latency_max: 900,
      up_ms: MIN, degraded_ms: MIN, down_ms: MIN, unknown_ms: 0,
    });
  });

  it('records time beyond two intervals without a result as unknown, not up', () => {
    const [b] = rollupResults([r(0), r(10 * MIN)], H, MIN);
    expect(b).toMatchObject({ up_ms: 3 * MIN, unknown_ms: 8 * MIN });
  });

  it('records known gaps (Tocsin stopped) as unknown and splits time across buckets', () => {
    const bs = rollupResults([r(H - MIN, 'down'), r(H + MIN, 'down')], H, 2 * MIN, [[H - MIN / 2, H]]);
    expect(bs.map((b) => [b.start, b.down_ms, b.unknown_ms, b.count])).toEqual([
      [0, MIN / 2, MIN / 2, 1],
      [H, 3 * MIN, 0, 1],
    ]);
  });

  it('lets the last result cover until now, at most two intervals', () => {
    expect(rollupResults([r(0)], H, MIN, [], MIN / 2)[0]).toMatchObject({ up_ms: MIN / 2, unknown_ms: 0 });
    expect(rollupResults([r(0)], H, MIN, [], 5 * MIN)[0]).toMatchObject({ up_ms: 2 * MIN, unknown_ms: 3 * MIN });
  });

  it('ends for times so large that a bucket adds nothing to them', () => {
    expect(rollupResults([r(1e300), r(2e300)], H, MIN).length).toBeGreaterThan(0);
  });

  it('emits unknown-only buckets across a long silence', () => {
    const bs = rollupResults([r(0), r(3 * H)], H, MIN);
    expect(bs.map((b) => [b.start, b.count, b.unknown_ms])).toEqual([[0, 1, H - 2 * MIN], [H, 0, H], [2 * H, 0, H], [3 * H, 1, 0]]);
  });

  const resultsArb = fc.array(
    fc.record({ at: fc.integer({ min: 0, max: 4 * H }), status: fc.constantFrom<TimedResult['status']>('up', 'degraded', 'down'), latency_ms: fc.nat(30_000) }),
    { minLength: 1, maxLength: 60 },
  );

  it('agrees with a per-result reference, and fits each bucket', () => {
    fc.assert(
      fc.property(resultsArb, fc.constantFrom(MIN, 5 * MIN, H), fc.constantFrom(30_000, MIN, 5 * MIN), (results, bucketMs, intervalMs) => {
        const bs = rollupResults(results, bucketMs, intervalMs);
        const sorted = [...results].sort((a, b) => a.at - b.at);
        const expected = { up: 0, degraded: 0, down: 0, unknown: 0 };
        sorted.forEach((x, i) => {
          const span = (sorted[i + 1]?.at ?? x.at + intervalMs) - x.at;
          expected[x.status] += Math.min(span, 2 * intervalMs);
          expected.unknown += Math.max(0, span - 2 * intervalMs);
        });
        const sum = (k: 'up_ms' | 'degraded_ms' | 'down_ms' | 'unknown_ms') => bs.reduce((t, b) => t + b[k], 0);
        expect([sum('up_ms'), sum('degraded_ms'), sum('down_ms'), sum('unknown_ms')]).toEqual([expected.up, expected.degraded, expected.down, expected.unknown]);
        expect(bs.reduce((t, b) => t + b.count, 0)).toBe(results.length);
        for (const b of bs) {
          expect(b.up_ms + b.degraded_ms + b.down_ms + b.unknown_ms).toBeLessThanOrEqual(bucketMs);
          expect(b.start % bucketMs).toBe(0);
          if (b.latency_max !== null) expect([b.latency_p50! <= b.latency_p95!, b.latency_p95! <= b.latency_p99!, b.latency_p99! <= b.latency_max]).toEqual([true, true, true]);
        }
        const total = uptime(bs, [], { from: 0, to: 10 * H });
        const known = expected.up + expected.degraded + expected.down;
        expect(total.uptime_pct).toBe(known > 0 ? ((expected.up + expected.degraded) / known) * 100 : null);
      }),
    );
  });
});
