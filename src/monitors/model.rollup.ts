// Rolling check results up into fixed buckets (counts, latency percentiles, time by status). Pure.
//
// Each result stands for the time until the next result, but at most two intervals: beyond that
// nobody was checking, and time while Tocsin itself was not running is recorded as unknown, not up.

import type { CheckStatus } from './model.js';
import { mergeIntervals, splitByIntervals, type Interval } from './model.intervals.js';
import type { UptimeBucket } from './model.uptime.js';

export interface TimedResult {
  at: number;
  status: CheckStatus;
  latency_ms: number;
}

export interface RollupBucket extends UptimeBucket {
  count: number;
  up: number;
  degraded: number;
  down: number;
  /** Over answered checks (up and degraded): a failed check's latency is time to failure, not a response time. */
  latency_p50: number | null;
  latency_p95: number | null;
  latency_p99: number | null;
  latency_max: number | null;
}

type TimeKey = 'up_ms' | 'degraded_ms' | 'down_ms' | 'unknown_ms';
type Acc = RollupBucket & { latencies: number[] };

const emptyBucket = (start: number, bucketMs: number): Acc => ({
  start, end: start + bucketMs, count: 0, up: 0, degraded: 0, down: 0,
  latency_p50: null, latency_p95: null, latency_p99: null, latency_max: null,
  up_ms: 0, degraded_ms: 0, down_ms: 0, unknown_ms: 0, latencies: [],
});

/**
 * Buckets aligned to multiples of bucketMs (epoch-aligned), ascending, each bucket that received
 * a result or any time. `gaps` are spans known to be unchecked (Tocsin was stopped): unknown time.
 * The last result covers until `until` (now; at most two intervals), or one interval without it.
 */
export function rollupResults(
  results: readonly TimedResult[],
  bucketMs: number,
  intervalMs: number,
  gaps: readonly Interval[] = [],
  until?: number,
): RollupBucket[] {
  if (!(bucketMs > 0) || !(intervalMs > 0)) return [];
  const sorted = [...results].sort((a, b) => a.at - b.at);
  const mergedGaps = mergeIntervals(gaps);
  const buckets = new Map<number, Acc>();
  const bucketAt = (t: number): Acc => {
    const start = Math.floor(t / bucketMs) * bucketMs;
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = emptyBucket(start, bucketMs)));
    return b;
  };
  const addTime = (from: number, to: number, key: TimeKey): void => {
    for (let t = from; t < to; ) {
      const b = bucketAt(t);
      const next = Math.min(to, b.end);
      if (!(next > t)) return; // times so large that adding bucketMs changes nothing
      b[key] += next - t;
      t = next;
    }
  };

  sorted.forEach((r, i) => {
    const b = bucketAt(r.at);
    b.count += 1;
    b[r.status] += 1;
    if (r.status !== 'down') b.latencies.push(r.latency_ms);
    const spanEnd = sorted[i + 1]?.at ?? Math.max(r.at, until ?? r.at + intervalMs);
    const checkedEnd = Math.min(spanEnd, r.at + 2 * intervalMs);
    const { outside, inside } = splitByIntervals(r.at, checkedEnd, mergedGaps);
    for (const [s, e] of outside) addTime(s, e, `${r.status}_ms`);
    for (const [s, e] of inside) addTime(s, e, 'unknown_ms');
    addTime(checkedEnd, spanEnd, 'unknown_ms');
  });

  return [...buckets.values()].sort((a, b) => a.start - b.start).map(finish);
}

function finish({ latencies, ...b }: Acc): RollupBucket {
  const sorted = latencies.sort((x, y) => x - y);
  return {
    ...b,
    latency_p50: percentile(sorted, 50),
    latency_p95: percentile(sorted, 95),
    latency_p99: percentile(sorted, 99),
    latency_max: sorted[sorted.length - 1] ?? null,
  };
}

/** Nearest-rank percentile (p in 0..100) of ascending values; null for none. p50 of [1,2,3,4] is 2. */
export function percentile(sortedValues: readonly number[], p: number): number | null {
  const n = sortedValues.length;
  if (n === 0) return null;
  // p * n / 100 rather than (p / 100) * n: 0.07 * 100 is 7.000000000000001, whose ceiling is 8.
  const rank = Math.min(n, Math.max(1, Math.ceil((p * n) / 100)));
  return sortedValues[rank - 1] ?? null;
}
