import { describe, expect, it } from 'vitest';
import { chartSummary, eventCount, shortDuration, sourceBars, sourceLabel } from './noiseChart';

const row = (source_ref: string, fired: number, handled: number, source_name: string | null = null) => ({ source: 'pagerduty', source_ref, source_name, fired, handled });

describe('noise chart', () => {
  it('sums a source’s classes into one bar, most ignored first', () => {
    const bars = sourceBars([row('k1', 10, 1, 'Grafana'), row('k1', 5, 0, 'Grafana'), row('k2', 3, 3), row('k3', 20, 2)]);
    expect(bars).toEqual([
      { label: 'k3 (pagerduty)', handled: 2, ignored: 18 },
      { label: 'Grafana (pagerduty)', handled: 1, ignored: 14 },
      { label: 'k2 (pagerduty)', handled: 3, ignored: 0 },
    ]);
    expect(chartSummary(bars.slice(0, 1))).toBe('k3 (pagerduty): 2 acted on, 18 ignored');
    expect(chartSummary([])).toBe('No alerts fired in this range');
  });

  it('names a source once when its key is named for its type', () => {
    expect(sourceLabel({ source: 'pagerduty', source_ref: 'ikey_1', source_name: 'pagerduty' })).toBe('pagerduty');
    expect(sourceLabel({ source: 'pagerduty', source_ref: 'ikey_1', source_name: 'Grafana' })).toBe('Grafana (pagerduty)');
    expect(sourceLabel({ source: 'monitor', source_ref: '', source_name: null })).toBe('monitor');
    expect(sourceLabel({ source: 'pagerduty', source_ref: 'ikey_1', source_name: 'pagerduty', service_name: 'Checkout' })).toBe('Checkout: pagerduty');
    expect(sourceLabel({ source: 'monitor', source_ref: 'mon_1', source_name: 'Home page', service_name: 'Shop' })).toBe('Shop: Home page (monitor)');
  });

  it('keeps apart keys named alike on two services (the CLI names a key for its type)', () => {
    const onService = (source_ref: string, service_name: string, fired: number) => ({ ...row(source_ref, fired, 0, 'pagerduty'), service_name });
    expect(sourceBars([onService('k1', 'Checkout', 4), onService('k2', 'Payments', 2)]).map((b) => `${b.label}: ${b.ignored}`)).toEqual(['Checkout: pagerduty: 4', 'Payments: pagerduty: 2']);
  });

  it('shows durations short', () => {
    expect([shortDuration(null), shortDuration(90_000), shortDuration(600_000), shortDuration(9_000_000)]).toEqual(['—', '90 s', '10 min', '2.5 h']);
  });
});

describe('eventCount', () => {
  it('says one event, or so many events', () => {
    expect([0, 1, 2].map(eventCount)).toEqual(['0 events', '1 event', '2 events']);
  });
});
