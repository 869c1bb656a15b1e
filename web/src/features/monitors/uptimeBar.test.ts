import { describe, expect, it } from 'vitest';
import type { UptimeDay } from './types';
import { barSummary, dayLabel, dayTone, formatDuration, overallPct } from './uptimeBar';

const day = (i: number, p: Partial<UptimeDay> = {}): UptimeDay => ({ start: new Date(Date.UTC(2026, 2, 1 + i)).toISOString(), uptime_pct: 100, down_ms: 0, maintenance: false, ...p });
const days = (n: number, f: (i: number) => Partial<UptimeDay> = () => ({})) => Array.from({ length: n }, (_, i) => day(i, f(i)));

describe('the 90-day bar', () => {
  it('colours each day by its downtime', () => {
    expect(dayTone(day(0))).toBe('up');
    expect(dayTone(day(0, { uptime_pct: 99.5, down_ms: 432_000 }))).toBe('minor');
    expect(dayTone(day(0, { uptime_pct: 80, down_ms: 17_280_000 }))).toBe('major');
    expect(dayTone(day(0, { uptime_pct: null }))).toBe('none');
    expect(dayTone(day(0, { maintenance: true }))).toBe('maintenance');
    expect(dayTone(day(0, { maintenance: true, uptime_pct: 90, down_ms: 1000 }))).toBe('major');
  });
  it('sums it up in one sentence for a screen reader', () => {
    const two = days(90, (i) => (i === 3 || i === 40 ? { uptime_pct: 99.9775, down_ms: 19_440 } : {}));
    expect(barSummary(two)).toBe('99.99% over 90 days, 2 days with downtime');
    expect(barSummary(days(90))).toBe('100% over 90 days, no downtime');
    expect(barSummary(days(90, () => ({ uptime_pct: null })))).toBe('No checks in the last 90 days');
  });
  it('averages only the days with data (a monitor a week old)', () => {
    const young = days(90, (i) => (i < 83 ? { uptime_pct: null } : i === 89 ? { uptime_pct: 93, down_ms: 6_048_000 } : {}));
    expect(overallPct(young)).toBe(99);
    expect(barSummary(young)).toBe('99% over 7 days with data, 1 day with downtime');
  });
  it('dates a day as the server counts it and says how long it was down', () => {
    expect(dayLabel(day(2, { uptime_pct: 99.2, down_ms: 660_000 }), 'en-US')).toBe('Mar 3, 2026 — 99.2% up, 11 min down');
    expect(dayLabel(day(0, { uptime_pct: null }), 'en-US')).toBe('Mar 1, 2026 — no data');
    expect([40_000, 660_000, 7_500_000].map(formatDuration)).toEqual(['40 s', '11 min', '2 h 5 min']);
  });
});
