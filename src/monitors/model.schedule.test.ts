import { describe, expect, it } from 'vitest';
import { latestSlotUpTo, phaseOf, slotAtOrAfter } from './model.schedule.js';

describe('check slots', () => {
  it('are phase + n × interval from the epoch, the same on every call', () => {
    const phase = phaseOf('mon_01HX', 30_000);
    expect(phase).toBeGreaterThanOrEqual(0);
    expect(phase).toBeLessThan(30_000);
    const t = Date.UTC(2026, 0, 5, 9, 0, 7);
    const next = slotAtOrAfter(phase, 30_000, t);
    expect(next % 30_000).toBe(phase);
    expect(next - t).toBeGreaterThanOrEqual(0);
    expect(next - t).toBeLessThan(30_000);
    expect(slotAtOrAfter(phase, 30_000, next)).toBe(next); // a slot due now is not pushed back
    expect(latestSlotUpTo(next, 30_000, next + 95_000)).toBe(next + 90_000);
    expect(latestSlotUpTo(next, 30_000, next)).toBe(next);
  });
});
