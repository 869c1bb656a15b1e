// Uptime over a range, from per-interval records (raw samples or roll-up buckets). Pure.
//
// - Degraded time counts as up: the service answered correctly, only slower than the monitor allows.
// - Unknown time (Tocsin or its probe was not checking) is in neither numerator nor denominator.
// - Maintenance time is excluded from both too, whatever the monitor saw during it.

import { mergeIntervals, overlapMs, type Interval } from './model.intervals.js';

export { percentile, rollupResults, type RollupBucket, type TimedResult } from './model.rollup.js';

/** Time by status within [start, end); the parts may sum to less than end - start (not yet checked). */
export interface UptimeBucket {
  start: number;
  end: number;
  up_ms: number;
  down_ms: number;
  degraded_ms: number;
  unknown_ms: number;
}

export interface UptimeRange {
  from: number;
  to: number;
}

export interface Uptime {
  /** (up + degraded) / (up + degraded + down) × 100; null when nothing is known in the range. */
  uptime_pct: number | null;
  up_ms: number;
  down_ms: number;
  degraded_ms: number;
  unknown_ms: number;
  /** Recorded time that fell in maintenance and was left out (so the five parts sum to the recorded time in range). */
  maintenance_ms: number;
}

/**
 * Totals over the range. A bucket partly outside the range or partly in maintenance counts in
 * proportion (its time is taken as spread evenly over it). Buckets must not overlap each other.
 */
export function uptime(buckets: readonly UptimeBucket[], maintenance: readonly Interval[], range: UptimeRange): Uptime {
  const merged = mergeIntervals(maintenance);
  const t = { up: 0, down: 0, degraded: 0, unknown: 0, maintenance: 0 };
  for (const b of buckets) {
    const span = b.end - b.start;
    const lo = Math.max(b.start, range.from);
    const hi = Math.min(b.end, range.to);
    if (span <= 0 || hi <= lo) continue;
    const inMaintenance = overlapMs(lo, hi, merged) / span;
    const kept = (hi - lo) / span - inMaintenance;
    t.up += b.up_ms * kept;
    t.down += b.down_ms * kept;
    t.degraded += b.degraded_ms * kept;
    t.unknown += b.unknown_ms * kept;
    t.maintenance += (b.up_ms + b.down_ms + b.degraded_ms + b.unknown_ms) * inMaintenance;
  }
  const known = t.up + t.degraded + t.down;
  return {
    uptime_pct: known > 0 ? ((t.up + t.degraded) / known) * 100 : null,
    up_ms: Math.round(t.up),
    down_ms: Math.round(t.down),
    degraded_ms: Math.round(t.degraded),
    unknown_ms: Math.round(t.unknown),
    maintenance_ms: Math.round(t.maintenance),
  };
}
