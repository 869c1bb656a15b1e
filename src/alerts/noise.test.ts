import { describe, expect, it } from 'vitest';
import { noiseRange, noiseTotals, removalCandidates, type NoiseRow } from './noise.js';

const row = (alert_class: string, fired: number, handled: number, extra: Partial<NoiseRow> = {}): NoiseRow => ({
  source: 'pagerduty',
  source_ref: 'ikey_1',
  source_name: 'Prometheus',
  service_name: 'Checkout',
  alert_class,
  fired,
  acknowledged: handled,
  acted_on: handled,
  handled,
  self_resolved: fired - handled,
  events: fired,
  median_open_ms: 60_000,
  ...extra,
});

describe('removal candidates', () => {
  it('are the classes that fire often and are (almost) never acted on, most ignored first', () => {
    const got = removalCandidates([row('rare', 2, 0), row('useful', 10, 9), row('disk', 5, 0), row('cpu', 40, 3), row('flappy', 5, 0, { events: 90 })]);
    expect(got.map((c) => c.alert_class)).toEqual(['cpu', 'flappy', 'disk']);
    expect(got[0]).toMatchObject({ fired: 40, ignored: 37, reason: 'fired 40 times, acted on 3 times; 37 resolved by themselves' });
    expect(got[2]!.reason).toBe('fired 5 times, never acted on; 5 resolved by themselves');
  });

  it('leaves out a class acted on more than a tenth of the time, or fired fewer than three times', () => {
    expect(removalCandidates([row('a', 10, 2), row('b', 2, 0)])).toEqual([]);
    expect(removalCandidates([row('a', 10, 1)])).toHaveLength(1);
  });

  it('totals what fired and what was ignored', () => {
    expect(noiseTotals([row('a', 10, 2), row('b', 3, 0)])).toEqual({ fired: 13, handled: 2, ignored: 11, events: 13 });
  });
});

describe('the report range', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  it('defaults to the 30 days before now', () => {
    expect(noiseRange({}, now)).toEqual({ from: now - 30 * 86_400_000, to: now });
  });
  it('refuses times that are not times, a backwards range, and more than 400 days, naming the field', () => {
    expect(() => noiseRange({ from: 'soon' }, now)).toThrow(/from/);
    expect(() => noiseRange({ to: 'later' }, now)).toThrow(/to/);
    expect(() => noiseRange({ from: '2026-03-02T00:00:00Z' }, now)).toThrow(/before/);
    expect(() => noiseRange({ from: '2024-01-01T00:00:00Z' }, now)).toThrow(/400/);
  });
});
