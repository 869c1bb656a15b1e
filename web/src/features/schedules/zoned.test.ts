import { describe, expect, it } from 'vitest';
import { addDays, fromLocalInput, offsetMs, startOfDay, toLocalInput } from './zoned';

describe('wall-clock times in a zone', () => {
  it('reads an instant as the local time and back', () => {
    const ms = Date.parse('2026-01-05T08:00:00Z');
    expect(toLocalInput(ms, 'Europe/Berlin')).toBe('2026-01-05T09:00');
    expect(fromLocalInput('2026-01-05T09:00', 'Europe/Berlin')).toBe(ms);
    expect(offsetMs(ms, 'America/New_York')).toBe(-5 * 3_600_000);
  });

  it('moves a time the day skips forward, and keeps days local across DST', () => {
    expect(new Date(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const day = startOfDay(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(new Date(day).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(addDays(day, 1, 'Europe/Berlin') - day).toBe(23 * 3_600_000);
  });

  it('answers NaN for what is not a local time', () => expect(fromLocalInput('tomorrow', 'UTC')).toBeNaN());
});
