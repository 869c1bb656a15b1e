import { describe, expect, it } from 'vitest';
import { byUrgency, formatPct, formatSeconds, lastLatency, locationStatus, opsgeniePing, stateSentence, targetSummary } from './presentation';
import type { LocationState, Monitor } from './types';

const loc = (p: Partial<LocationState>): LocationState => ({ location: 'server', status: 'up', last_status: 'up', last_result_at: '2026-07-01T10:00:00Z', last_latency_ms: 40, last_message: null, ...p });
const monitor = (p: Partial<Monitor>): Monitor =>
  ({ id: p.name ?? 'm', name: 'm', type: 'http', target: { url: 'https://example.com/' }, paused: false, state: 'up', location_states: [], ...p }) as Monitor;

describe('monitor list order', () => {
  it('puts what is down first, then degraded, unknown, up, paused; by name within', () => {
    const list = [
      monitor({ name: 'b-up' }),
      monitor({ name: 'paused-but-down', state: 'down', paused: true }),
      monitor({ name: 'z-down', state: 'down' }),
      monitor({ name: 'A-up' }),
      monitor({ name: 'new', state: 'unknown' }),
      monitor({ name: 'slow', state: 'degraded' }),
    ];
    expect(list.sort(byUrgency).map((m) => m.name)).toEqual(['z-down', 'slow', 'new', 'A-up', 'b-up', 'paused-but-down']);
  });
});

describe('words for monitors', () => {
  it('summarises the target of each type', () => {
    expect(targetSummary(monitor({ target: { url: 'https://example.com/health', method: 'HEAD' } }))).toBe('HEAD https://example.com/health');
    expect(targetSummary(monitor({ type: 'tcp', target: { host: 'db', port: 5432 } }))).toBe('db:5432');
    expect(targetSummary(monitor({ type: 'dns', target: { name: 'example.com', record_type: 'MX' } }))).toBe('example.com MX');
    expect(targetSummary(monitor({ type: 'heartbeat', target: { period_s: 3600 } }))).toBe('expects a ping every 1 h');
  });
  it('says durations and percentages without rounding an outage away', () => {
    expect([10, 60, 90, 300, 3600, 86_400].map(formatSeconds)).toEqual(['10 s', '1 min', '90 s', '5 min', '1 h', '1 day']);
    expect(formatPct(99.999)).toBe('99.99%');
    expect(formatPct(100)).toBe('100%');
    expect(formatPct(99.5)).toBe('99.5%');
    expect(formatPct(null)).toBe('—');
  });
  it('says a new monitor is waiting for its first check', () => {
    expect(stateSentence(monitor({ state: 'unknown', location_states: [loc({ status: 'unknown', last_status: null, last_result_at: null })] }))).toBe('Unknown — waiting for first check');
    expect(stateSentence(monitor({ state: 'down', paused: true }))).toBe('Paused');
  });
  it('says a failure not yet confirmed is being confirmed, not a bare "Unknown"', () => {
    const failedOnce = loc({ status: 'unknown', last_status: 'down', last_result_at: '2026-07-01T10:00:00Z' });
    expect(stateSentence(monitor({ state: 'unknown', location_states: [failedOnce] }))).toBe('Unknown — the last check failed, confirming');
    expect(locationStatus(failedOnce)).toEqual({ label: 'Failing, confirming', color: 'orange' });
    // Confirmed down, or up again: the usual words.
    expect(stateSentence(monitor({ state: 'down', location_states: [loc({ status: 'down', last_status: 'down' })] }))).toBe('Down');
    expect(stateSentence(monitor({ state: 'unknown', location_states: [loc({ status: 'unknown', last_status: 'up', last_result_at: '2026-07-01T10:00:00Z' })] }))).toBe('Unknown');
  });
  it("reads a location's last check against its confirmed state", () => {
    expect(locationStatus(loc({ status: 'up', last_status: 'down' })).label).toBe('Up (last check failed, confirming)');
    expect(locationStatus(loc({ status: 'unknown', last_status: null })).label).toBe('Waiting for first check');
    expect(locationStatus(loc({ status: 'down', last_status: 'down' })).color).toBe('red');
  });
  it('takes the latency of the latest check over the locations', () => {
    expect(lastLatency(monitor({ location_states: [loc({ last_latency_ms: 10, last_result_at: '2026-07-01T10:00:00Z' }), loc({ location: 'eu', last_latency_ms: 90, last_result_at: '2026-07-01T10:00:05Z' })] }))).toBe(90);
    expect(lastLatency(monitor({ location_states: [] }))).toBeNull();
  });
});

describe('opsgeniePing', () => {
  it('gives the Opsgenie heartbeat path for the monitor’s name, escaped, with the key left to fill in', () => {
    expect(opsgeniePing('https://t.example', 'nightly backup')).toBe("curl -fsS -m 10 -H 'Authorization: GenieKey <key>' https://t.example/v2/heartbeats/nightly%20backup/ping");
  });
});
