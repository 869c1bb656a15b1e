import { describe, expect, it } from 'vitest';
import { describeRecurrence, nextWeeklyStart, parseTime, parseWall, weeklyRule, zonedToUtc } from './maintenance';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

describe('zonedToUtc', () => {
  it('reads a wall clock in the zone, summer and winter', () => {
    expect(iso(zonedToUtc({ y: 2026, m: 7, d: 1, h: 2, min: 0 }, 'Europe/Paris'))).toBe('2026-07-01T00:00:00.000Z');
    expect(iso(zonedToUtc({ y: 2026, m: 1, d: 15, h: 2, min: 0 }, 'Europe/Paris'))).toBe('2026-01-15T01:00:00.000Z');
    expect(iso(zonedToUtc({ y: 2026, m: 1, d: 15, h: 22, min: 30 }, 'America/New_York'))).toBe('2026-01-16T03:30:00.000Z');
    expect(iso(zonedToUtc({ y: 2026, m: 1, d: 15, h: 9, min: 15 }, 'UTC'))).toBe('2026-01-15T09:15:00.000Z');
  });
  it('moves a time that the spring-forward skips an hour on', () => {
    // 02:30 does not happen in Paris on 29 March 2026; 03:30 CEST is 01:30 UTC.
    expect(iso(zonedToUtc({ y: 2026, m: 3, d: 29, h: 2, min: 30 }, 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('parsing what the pickers give', () => {
  it('reads date-times and times', () => {
    expect(parseWall('2026-03-29 02:00:00')).toEqual({ y: 2026, m: 3, d: 29, h: 2, min: 0 });
    expect(parseWall('2026-03-29T23:59')).toEqual({ y: 2026, m: 3, d: 29, h: 23, min: 59 });
    expect(parseWall('tomorrow')).toBeNull();
    expect(parseTime('02:30')).toEqual([2, 30]);
    expect(parseTime('24:00')).toBeNull();
  });
});

describe('weekly windows', () => {
  it('writes the rule with the days in week order', () => {
    expect(weeklyRule(['SU', 'MO'])).toBe('FREQ=WEEKLY;BYDAY=MO,SU');
  });
  // Wednesday 2026-07-01 10:00 UTC = 12:00 in Paris.
  const now = Date.parse('2026-07-01T10:00:00Z');
  it('starts on the next chosen day at that time in the zone', () => {
    expect(iso(nextWeeklyStart(['SU'], [2, 0], 'Europe/Paris', now))).toBe('2026-07-05T00:00:00.000Z');
    expect(iso(nextWeeklyStart(['WE'], [13, 0], 'Europe/Paris', now))).toBe('2026-07-01T11:00:00.000Z');
    // Today's 11:00 has passed: a week later.
    expect(iso(nextWeeklyStart(['WE'], [11, 0], 'Europe/Paris', now))).toBe('2026-07-08T09:00:00.000Z');
    expect(nextWeeklyStart([], [2, 0], 'UTC', now)).toBeNull();
  });
  it('is dated by the zone, not by UTC', () => {
    // At 13:00 UTC Wednesday it is Thursday 01:00 in Auckland: "Thursday 03:00" is today there.
    expect(iso(nextWeeklyStart(['TH'], [3, 0], 'Pacific/Auckland', Date.parse('2026-07-01T13:00:00Z')))).toBe('2026-07-01T15:00:00.000Z');
  });
  it('describes a window for people', () => {
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=SA,SU', '2026-07-04T00:00:00Z', 'Europe/Paris', 7_200_000)).toBe('Weekly on Sat, Sun at 02:00 Europe/Paris for 2 h');
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=MO', '2026-07-06T00:00:00Z', 'UTC', 5_400_000)).toBe('Weekly on Mon at 00:00 UTC for 1 h 30 min');
  });
});
