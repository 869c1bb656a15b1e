import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBusinessHours, DEFAULT_BUSINESS_HOURS, nextBusinessStart, planSteps, roundMinutes, type PagingTier } from './model.js';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
// The seed's default policy: 0, 5, 15 (SEV-1), 30 (SEV-1).
const TIERS: PagingTier[] = [
  { position: 1, delay_minutes: 0, severities: null },
  { position: 2, delay_minutes: 5, severities: null },
  { position: 3, delay_minutes: 15, severities: ['SEV-1'] },
  { position: 4, delay_minutes: 30, severities: ['SEV-1'] },
];
const start = at('2026-03-02T10:00:00Z');
const plan = (severity: 'SEV-1' | 'SEV-2', now: number, fired: string[] = [], repeat = 0) => planSteps({ tiers: TIERS, repeat, severity, startedAt: start, now, fired: new Set(fired) });

describe('planSteps', () => {
  it('fires tier 1 at once and waits for tier 2', () => {
    expect(plan('SEV-1', start)).toEqual({ due: [{ round: 0, position: 1, at: start }], nextAt: start + 5 * MIN });
  });
  it('never fires a tier twice, and never early', () => {
    expect(plan('SEV-1', start + 5 * MIN - 1, ['0:1'])).toEqual({ due: [], nextAt: start + 5 * MIN });
    expect(plan('SEV-1', start + 5 * MIN, ['0:1']).due.map((d) => d.position)).toEqual([2]);
  });
  it('leaves out tiers the severity does not unlock; a raise makes the passed ones due at once', () => {
    expect(plan('SEV-2', start + 20 * MIN, ['0:1', '0:2'])).toEqual({ due: [], nextAt: null });
    expect(plan('SEV-1', start + 20 * MIN, ['0:1', '0:2'])).toEqual({ due: [{ round: 0, position: 3, at: start + 15 * MIN }], nextAt: start + 30 * MIN });
  });
  it('repeats the whole policy after a round of last delay plus its gap', () => {
    expect(roundMinutes(TIERS)).toBe(45);
    expect(roundMinutes([{ position: 1, delay_minutes: 0, severities: null }])).toBe(5);
    const all = ['0:1', '0:2', '0:3', '0:4'];
    expect(plan('SEV-1', start + 31 * MIN, all, 1)).toEqual({ due: [], nextAt: start + 45 * MIN });
    expect(plan('SEV-1', start + 45 * MIN, all, 1).due).toEqual([{ round: 1, position: 1, at: start + 45 * MIN }]);
  });
  it('property: due steps are never early, never already fired, and nextAt is later than now', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.subarray(['0:1', '0:2', '0:3', '0:4', '1:1', '1:2']), fc.constantFrom('SEV-1' as const, 'SEV-2' as const), (minutes, fired, sev) => {
        const now = start + minutes * MIN;
        const p = plan(sev, now, fired, 1);
        for (const d of p.due) {
          expect(d.at).toBeLessThanOrEqual(now);
          expect(fired).not.toContain(`${d.round}:${d.position}`);
        }
        if (p.nextAt !== null) expect(p.nextAt).toBeGreaterThan(now);
      }),
    );
  });
});

describe('nextBusinessStart', () => {
  const hours = { time_zone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
  it('is now inside business hours', () => {
    expect(nextBusinessStart(hours, at('2026-03-04T15:00:00Z'))).toBe(at('2026-03-04T15:00:00Z'));
  });
  it('waits for the next morning, and over the weekend', () => {
    expect(nextBusinessStart(hours, at('2026-03-04T23:00:00Z'))).toBe(at('2026-03-05T14:00:00Z')); // 18:00 EST -> 09:00 EST
    expect(nextBusinessStart(hours, at('2026-03-06T22:30:00Z'))).toBe(at('2026-03-09T13:00:00Z')); // Friday evening -> Monday 09:00 EDT (clocks changed on Sunday)
  });
  it('keeps 09:00 on the wall clock across the change', () => {
    expect(nextBusinessStart(hours, at('2026-11-02T03:00:00Z'))).toBe(at('2026-11-02T14:00:00Z')); // Monday after fall-back: 09:00 EST
  });
  it('checks business hours field by field', () => {
    expect(checkBusinessHours(DEFAULT_BUSINESS_HOURS)).toBeNull();
    expect(checkBusinessHours({ ...hours, time_zone: 'Mars/Olympus' })?.field).toBe('business_hours.time_zone');
    expect(checkBusinessHours({ ...hours, days: [0] })?.field).toBe('business_hours.days');
    expect(checkBusinessHours({ ...hours, start: '9am' })?.field).toBe('business_hours.start');
    expect(checkBusinessHours({ ...hours, end: '08:00' })?.field).toBe('business_hours.end');
  });
});
