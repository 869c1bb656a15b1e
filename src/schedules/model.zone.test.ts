import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { offsetBefore, offsetChangesIn } from '../../test/support/zone-changes.js';
import { canonicalZone, isoWeekday, parseClock, parseLocalDate, ZoneClock } from './model.zone.js';

const H = 3_600_000;
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Apia', 'Europe/Moscow', 'America/Sao_Paulo', 'Africa/Casablanca'];
/** Property runs take seconds on a busy machine; the default 5 s would fail them for the wrong reason. */
const TIMEOUT = 30_000;
const instantArb = fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2060, 0, 1) });

describe('ZoneClock', () => {
  it('knows the same offsets as the time-zone database, to the millisecond around each change', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantArb, fc.integer({ min: 1, max: 400 }), (zone, from, days) => {
        const clock = new ZoneClock(zone, from, from + days * 24 * H);
        const luxon = IANAZone.create(zone);
        for (let t = from; t < from + days * 24 * H; t += 5 * H + 1234) expect(clock.offset(t)).toBe(Math.round(luxon.offset(t) * 60_000));
        // Asked outside what it learned, it learns more.
        expect(clock.offset(from - 900 * 24 * H)).toBe(Math.round(luxon.offset(from - 900 * 24 * H) * 60_000));
      }),
      { numRuns: 60 },
    );
  }, TIMEOUT);

  it('reads a wall time as the first instant that shows it, or the moment the clocks skip past it', () => {
    // Wall times anywhere, and many within 90 minutes of a change of offset (found with Luxon).
    const nearChange = fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: 2000, max: 2040 }), fc.nat(), fc.integer({ min: -90, max: 90 })).map(([zone, year, pick, minutes]) => {
      const changes = offsetChangesIn(zone, year);
      const at = changes.length ? changes[pick % changes.length]! : Date.UTC(year, 0, 1);
      return [zone, at + offsetBefore(zone, at) + minutes * 60_000] as const;
    });
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fc.constantFrom(...ZONES), instantArb), nearChange), ([zone, t]) => {
        const clock = new ZoneClock(zone, t - 2 * 24 * H, t + 2 * 24 * H);
        const wall = Math.floor(t / 60_000) * 60_000; // a wall time on a whole minute
        const i = clock.instant(wall);
        if (clock.wall(i) === wall) {
          // The first: no earlier instant within the widest offset change shows it.
          for (let e = i - 26 * H; e < i; e += 15 * 60_000) expect(clock.wall(e)).not.toBe(wall);
        } else {
          expect(clock.wall(i - 1)).toBeLessThan(wall);
          expect(clock.wall(i)).toBeGreaterThan(wall);
        }
      }),
      { numRuns: 300 },
    );
  }, TIMEOUT);

  it('examples: New York 2026-03-08 02:30 is 03:00 EDT; 2026-11-01 01:30 is the EDT one; Lord Howe moves by 30 minutes', () => {
    const ny = new ZoneClock('America/New_York', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(new Date(ny.instant(Date.UTC(2026, 2, 8, 2, 30))).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(new Date(ny.instant(Date.UTC(2026, 10, 1, 1, 30))).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    const lh = new ZoneClock('Australia/Lord_Howe', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    // 2026-10-04 02:00 +10:30 becomes 02:30 +11: 02:15 does not exist.
    expect(new Date(lh.instant(Date.UTC(2026, 9, 4, 2, 15))).toISOString()).toBe('2026-10-03T15:30:00.000Z');
  });
});

describe('reading times, dates and zones', () => {
  it('reads HH:MM, and 24:00 only as an end', () => {
    expect([parseClock('00:00'), parseClock('09:30'), parseClock('23:59'), parseClock('24:00', true)]).toEqual([0, 570, 1439, 1440]);
    expect([parseClock('24:00'), parseClock('24:01', true), parseClock('9:30'), parseClock('12:60'), parseClock(930), parseClock(' 09:30')]).toEqual([null, null, null, null, null, null]);
  });

  it('reads real dates only', () => {
    expect(parseLocalDate('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
    expect([parseLocalDate('2026-02-29'), parseLocalDate('2026-13-01'), parseLocalDate('0099-01-01'), parseLocalDate('2026-1-1'), parseLocalDate(null)]).toEqual([null, null, null, null, null]);
  });

  it('names weekdays the ISO way and zones canonically', () => {
    expect([isoWeekday(Date.UTC(2026, 10, 30)), isoWeekday(Date.UTC(2026, 10, 29, 23, 59))]).toEqual([1, 7]);
    expect([canonicalZone('europe/berlin'), canonicalZone('Mars/Olympus'), canonicalZone('')]).toEqual(['Europe/Berlin', null, null]);
  });
});
