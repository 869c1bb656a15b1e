import { describe, expect, it } from 'vitest';
import { formatDuration, incidentPhases, MIN_WIDTH } from './phases';

const T0 = Date.parse('2026-03-10T02:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const base = { started_at: iso(0), detected_at: iso(4), acknowledged_at: null, mitigated_at: null, resolved_at: null };

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [90_000, '1 m 30 s'],
    [240_000, '4 m'],
    [22 * 60_000 + 15_000, '22 m'],
    [65 * 60_000, '1 h 5 m'],
    [120 * 60_000, '2 h'],
    [51 * 3_600_000, '2 d 3 h'],
    [-5, '0 s'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('incidentPhases', () => {
  it('splits a resolved incident into its four phases with their durations', () => {
    const t = incidentPhases({ ...base, status: 'resolved', acknowledged_at: iso(5.5), mitigated_at: iso(27.5), resolved_at: iso(92.5) }, T0 + 999 * 60_000);
    expect(t.phases.map((p) => [p.kind, p.label, p.running])).toEqual([
      ['undetected', 'detected after 4 m', false],
      ['triggered', 'acknowledged in 1 m 30 s', false],
      ['acknowledged', 'mitigated after 22 m', false],
      ['mitigated', 'resolved after 1 h 5 m', false],
    ]);
    expect(t.totalMs).toBe(92.5 * 60_000);
    expect(t.running).toBe(false);
    expect(t.summary).toBe('Detected after 4 m, acknowledged in 1 m 30 s, mitigated after 22 m, resolved after 1 h 5 m; 1 h 32 m from impact to resolution.');
  });

  it('sizes the bar in proportion, keeping short phases visible', () => {
    const t = incidentPhases({ ...base, status: 'resolved', acknowledged_at: iso(5.5), mitigated_at: iso(27.5), resolved_at: iso(92.5) }, T0);
    const w = t.phases.map((p) => p.width);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(100);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(MIN_WIDTH * 0.9);
    const [detect = 0, , mitigate = 0, resolve = 0] = w;
    expect(resolve).toBeGreaterThan(mitigate);
    expect(mitigate).toBeGreaterThan(detect);
  });

  it('grows the running phase of an open incident with now', () => {
    const phases = (now: number) => incidentPhases({ ...base, status: 'acknowledged', acknowledged_at: iso(6) }, now);
    const early = phases(T0 + 10 * 60_000);
    expect(early.phases.at(-1)).toMatchObject({ kind: 'acknowledged', running: true, label: 'mitigating for 4 m', ms: 4 * 60_000 });
    expect(early.summary).toMatch(/; 10 m since impact began, and counting\.$/);
    const later = phases(T0 + 40 * 60_000);
    expect(later.phases.at(-1)?.label).toBe('mitigating for 34 m');
    expect(later.phases.at(-1)!.width).toBeGreaterThan(early.phases.at(-1)!.width);
  });

  it('says who is not on it yet for a triggered incident', () => {
    const t = incidentPhases({ ...base, status: 'triggered' }, T0 + 9 * 60_000);
    expect(t.phases.map((p) => p.label)).toEqual(['detected after 4 m', 'not acknowledged for 5 m']);
  });

  it('handles a skipped step, an instant detection, and a reopen that kept the acknowledgement', () => {
    const skipped = incidentPhases({ ...base, detected_at: iso(0), status: 'resolved', resolved_at: iso(30) }, T0);
    expect(skipped.phases.map((p) => [p.kind, p.label])).toEqual([
      ['undetected', 'detected at once'],
      ['triggered', 'resolved after 30 m'],
    ]);
    expect(skipped.phases[0]?.width).toBe(0);
    const reopened = incidentPhases({ ...base, status: 'triggered', acknowledged_at: iso(5) }, T0 + 20 * 60_000);
    expect(reopened.phases.at(-1)?.label).toBe('mitigating for 15 m');
  });

  it('never runs backwards when clocks disagree', () => {
    const t = incidentPhases({ ...base, status: 'resolved', acknowledged_at: iso(2), resolved_at: iso(10) }, T0);
    expect(t.phases.map((p) => p.ms)).toEqual([4 * 60_000, 0, 6 * 60_000]);
  });
});
