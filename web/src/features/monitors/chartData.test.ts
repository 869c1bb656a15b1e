import { describe, expect, it } from 'vitest';
import { chartData } from './chartData';
import type { HistoryBucket } from './types';

const bucket = (start: string, location: string, p50: number | null): HistoryBucket => ({
  start,
  location,
  count: 6,
  up: 6,
  degraded: 0,
  down: 0,
  uptime_pct: 100,
  p50_ms: p50,
  p95_ms: p50,
  p99_ms: p50,
  max_ms: p50,
});

describe('response-time chart data', () => {
  it('lines up each location on the same time axis, with gaps where a location has no bucket', () => {
    const data = chartData({
      kind: 'history',
      history: { bucket_ms: 60_000, items: [bucket('2026-07-01T10:00:00Z', 'server', 40), bucket('2026-07-01T10:01:00Z', 'server', 42), bucket('2026-07-01T10:01:00Z', 'eu', 90)] },
    });
    const t0 = Date.parse('2026-07-01T10:00:00Z') / 1000;
    expect(data).toEqual({ locations: ['eu', 'server'], columns: [[t0, t0 + 60], [null, 90], [40, 42]], spanGaps: false });
  });
  it('plots raw checks joined by lines when there are no buckets yet', () => {
    const data = chartData({ kind: 'results', results: [{ at: '2026-07-01T10:00:05Z', location: 'server', status: 'up', failure: null, latency_ms: 12 }] });
    expect(data?.columns).toEqual([[Date.parse('2026-07-01T10:00:05Z') / 1000], [12]]);
    expect(data?.spanGaps).toBe(true);
  });
  it('has nothing to draw without data', () => {
    expect(chartData({ kind: 'none' })).toBeNull();
    expect(chartData({ kind: 'history', history: { bucket_ms: 60_000, items: [bucket('2026-07-01T10:00:00Z', 'server', null)] } })).toBeNull();
  });
});
