import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  activeAt,
  canonicalZone,
  MAX_OCCURRENCES,
  nextChange,
  occurrences,
  validateWindow,
  type MaintenanceWindow,
  type MaintenanceWindowInput,
} from './model.maintenance.js';
import { instantOf, wallTime } from './model.occurrences.js';

const H = 3_600_000;
const DAY = 24 * H;
const utc = (iso: string) => Date.parse(iso);
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd ccc HH:mm ZZ');

const recurring = (rrule: string, startsLocal: string, zone: string, duration_ms = H, ends_at: number | null = null): MaintenanceWindow => ({
  id: rrule, starts_at: DateTime.fromISO(startsLocal, { zone }).toMillis(), ends_at, duration_ms, rrule, time_zone: zone,
});
// Expensive properties stop after a time budget (a slow, shared machine runs fewer cases; a failure's shrinking is cut short).
const budget = (numRuns: number) => ({ numRuns, plugins: [fc.interruptAfterTimeLimit(2_000)] });
const oneOff = (id: string, s: number, e: number): MaintenanceWindow => ({ id, starts_at: s, ends_at: e, duration_ms: e - s, rrule: null, time_zone: 'UTC' });

describe('validateWindow', () => {
  const base: MaintenanceWindowInput = { id: 'w1', starts_at: utc('2025-06-01T00:00:00Z'), time_zone: 'Europe/Berlin' };

  it('accepts a one-off window and fills in its duration', () => {
    expect(validateWindow({ ...base, ends_at: base.starts_at + 2 * H })).toEqual({
      ok: true, value: { ...base, ends_at: base.starts_at + 2 * H, duration_ms: 2 * H, rrule: null },
    });
    expect(validateWindow({ ...base, duration_ms: H })).toMatchObject({ ok: true, value: { ends_at: base.starts_at + H } });
  });

  it('accepts a recurring window, normalizing the rule and the zone name', () => {
    const v = validateWindow({ ...base, time_zone: 'europe/berlin', duration_ms: H, rrule: 'RRULE:freq=weekly;byday=su' });
    expect(v).toEqual({ ok: true, value: { ...base, ends_at: null, duration_ms: H, rrule: 'FREQ=WEEKLY;BYDAY=SU', time_zone: 'Europe/Berlin' } });
  });

  it.each([
    ['unknown zone', { time_zone: 'Mars/Olympus', ends_at: 1 }, 'time_zone', '"Mars/Olympus" is not a time zone; use a name such as Europe/Berlin or America/New_York'],
    ['no start', { starts_at: NaN, ends_at: 1 }, 'starts_at', 'the start must be a date and time before the year 9000'],
    ['a start beyond Date', { starts_at: 1e300, duration_ms: H, rrule: 'FREQ=DAILY' }, 'starts_at', 'the start must be a date and time before the year 9000'],
    ['end before start', { ends_at: utc('2025-05-31T00:00:00Z') }, 'ends_at', 'the window ends before it starts'],
    ['end at start', { ends_at: utc('2025-06-01T00:00:00Z') }, 'ends_at', 'the window ends before it starts'],
    ['one-off without end', {}, 'ends_at', 'a one-off window needs an end'],
    ['one-off of 32 days', { ends_at: utc('2025-07-03T00:00:00Z') }, 'ends_at', 'a maintenance window can last at most 31 days'],
    ['duration disagreeing with the end', { ends_at: utc('2025-06-01T01:00:00Z'), duration_ms: 2 * H }, 'duration_ms', 'the duration does not match the start and end'],
    ['recurring, duration 0', { rrule: 'FREQ=DAILY', duration_ms: 0 }, 'duration_ms', 'a maintenance window must last longer than zero'],
    ['recurring, no duration', { rrule: 'FREQ=DAILY' }, 'duration_ms', 'a maintenance window must last longer than zero'],
    ['recurring, 32 days', { rrule: 'FREQ=YEARLY', duration_ms: 32 * DAY }, 'duration_ms', 'a maintenance window can last at most 31 days'],
    ['invalid rule', { rrule: 'FREQ=SOMETIMES', duration_ms: H }, 'rrule', 'Repeat rule: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not "SOMETIMES"'],
    // 2025-06-01 is a Sunday; every 7th day from it is a Sunday, never a Tuesday.
    ['a rule that never occurs', { rrule: 'FREQ=DAILY;INTERVAL=7;BYDAY=TU', duration_ms: H }, 'rrule', 'The repeat rule never produces a window after the start (check its days, months, UNTIL or end)'],
    ['UNTIL before the start', { rrule: 'FREQ=DAILY;UNTIL=20250101T000000Z', duration_ms: H }, 'rrule', 'The repeat rule never produces a window after the start (check its days, months, UNTIL or end)'],
  ] as const)('rejects %s', (_name, change, field, message) => {
    expect(validateWindow({ ...base, ...change })).toEqual({ ok: false, field, message });
  });

  it('never throws, whatever it is given', () => {
    const anyInput = fc.record({
      id: fc.string(), starts_at: fc.oneof(fc.double(), fc.integer()), ends_at: fc.option(fc.double()), duration_ms: fc.option(fc.double()),
      rrule: fc.option(fc.oneof(fc.string(), fc.constantFrom('FREQ=DAILY', 'FREQ=MONTHLY;BYDAY=-1FR', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'))),
      time_zone: fc.oneof(fc.string(), fc.constantFrom('UTC', 'Asia/Tokyo')),
    });
    fc.assert(fc.property(anyInput, (input) => void validateWindow(input)));
    expect(canonicalZone('utc')).toBe('UTC');
  });
});

describe('occurrences across DST', () => {
  it('weekly Sunday 02:30–03:30 in New York keeps 02:30 local through spring-forward and fall-back', () => {
    const w = recurring('FREQ=WEEKLY;BYDAY=SU', '2025-01-05T02:30', 'America/New_York');
    const occ = occurrences(w, utc('2025-01-01T00:00:00Z'), utc('2026-01-01T00:00:00Z'));
    expect(occ).toHaveLength(52);
    for (const [s, e] of occ) expect(e - s).toBe(H);
    const starts = occ.map(([s]) => local(s, 'America/New_York'));
    // 02:30 does not exist on 9 March (02:00 jumps to 03:00): RFC 5545 reads it with the offset before
    // the gap, 02:30 EST, which is 03:30 EDT. Every other Sunday starts at 02:30 local.
    expect(starts.filter((s) => !s.includes('Sun 02:30'))).toEqual(['2025-03-09 Sun 03:30 -04:00']);
    expect(starts).toContain('2025-03-02 Sun 02:30 -05:00');
    expect(starts).toContain('2025-03-16 Sun 02:30 -04:00');
    expect(starts).toContain('2025-11-02 Sun 02:30 -05:00');
    expect(occ.find(([s]) => s === utc('2025-11-02T07:30:00Z'))).toEqual([utc('2025-11-02T07:30:00Z'), utc('2025-11-02T08:30:00Z')]);
  });

  it('daily 01:00 in Berlin starts at 01:00 local every day for a year', () => {
    const w = recurring('FREQ=DAILY', '2025-01-01T01:00', 'Europe/Berlin', 30 * 60_000);
    const occ = occurrences(w, utc('2025-01-01T00:00:00Z'), utc('2025-12-31T23:00:00Z'));
    expect(occ).toHaveLength(365);
    expect(occ.every(([s]) => DateTime.fromMillis(s, { zone: 'Europe/Berlin' }).toFormat('HH:mm') === '01:00')).toBe(true);
    const gaps = occ.slice(1).map(([s], i) => (s - occ[i]![0]) / H);
    expect(gaps.filter((g) => g !== 24)).toEqual([23, 25]);
  });

  it('a wall time that occurs twice (fall-back) is the first of them', () => {
    const w = recurring('FREQ=DAILY', '2025-10-30T01:30', 'America/New_York');
    const [, , , nov2] = occurrences(w, utc('2025-10-30T00:00:00Z'), utc('2025-11-04T00:00:00Z'));
    expect(nov2?.[0]).toBe(utc('2025-11-02T05:30:00Z')); // 01:30 EDT, not 01:30 EST an hour later
  });

  it('finds occurrences near DST edges whose wall time lies outside the range’s wall times', () => {
    // 02:30 on 9 March does not exist: the occurrence is 07:30Z (03:30 EDT), though a range from
    // 07:29Z begins at 03:29 wall time.
    const gap = recurring('FREQ=DAILY', '2025-03-01T02:30', 'America/New_York', 60_000);
    expect(occurrences(gap, utc('2025-03-09T07:29:00Z'), utc('2025-03-09T08:00:00Z'))).toEqual([[utc('2025-03-09T07:30:00Z'), utc('2025-03-09T07:31:00Z')]]);
    // 01:45 on 2 November is the first 01:45 (EDT, 05:45Z), though a range to 06:30Z ends at 01:30 EST.
    const overlap = recurring('FREQ=DAILY', '2025-10-01T01:45', 'America/New_York', 30 * 60_000);
    expect(occurrences(overlap, utc('2025-11-02T05:50:00Z'), utc('2025-11-02T06:30:00Z'))).toEqual([[utc('2025-11-02T05:45:00Z'), utc('2025-11-02T06:15:00Z')]]);
  });

  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns'];

  it('starts every occurrence at the rule’s wall time, or just past a DST gap when that time does not exist', () => {
    const arb = fc.record({
      zone: fc.constantFrom(...zones), hour: fc.integer({ min: 0, max: 23 }), minute: fc.constantFrom(0, 15, 30, 45),
      startDay: fc.integer({ min: 0, max: 3 * 365 }), freq: fc.constantFrom('DAILY', 'WEEKLY;BYDAY=SU,WE', 'MONTHLY;BYDAY=1SU,-1SA'),
    });
    fc.assert(
      fc.property(arb, ({ zone, hour, minute, startDay, freq }) => {
        const first = DateTime.fromObject({ year: 2024, month: 1, day: 1, hour, minute }, { zone }).plus({ days: startDay });
        // A start on a DST gap's day at a time the gap skips is itself moved (Pacific/Chatham, 03:00
        // on 27 September 2026 is 04:00): the rule's wall time is then not hour:minute.
        fc.pre(first.hour === hour && first.minute === minute);
        const w = recurring(`FREQ=${freq}`, first.toISO({ includeOffset: false })!, zone);
        const z = IANAZone.create(zone);
        for (const [s] of occurrences(w, first.toMillis(), first.toMillis() + 400 * DAY)) {
          const at = DateTime.fromMillis(s, { zone });
          const wanted = DateTime.fromObject({ year: at.year, month: at.month, day: at.day, hour, minute }, { zone });
          if (wanted.hour === hour && wanted.minute === minute) {
            expect([at.hour, at.minute]).toEqual([hour, minute]);
            expect(instantOf(wallTime(s, z), z)).toBe(s); // and it is the first instant with that wall time
          } else {
            expect(s).toBe(wanted.toMillis()); // nonexistent: luxon, like RFC 5545, moves it forward by the gap
          }
        }
      }),
      budget(40),
    );
  });
});

describe('occurrences', () => {
  it('returns a one-off window when it overlaps the range, half-open', () => {
    const w = oneOff('a', 1000, 2000);
    expect([occurrences(w, 0, 1000), occurrences(w, 0, 1001), occurrences(w, 1999, 5000), occurrences(w, 2000, 5000)]).toEqual([[], [[1000, 2000]], [[1000, 2000]], []]);
  });

  it('includes an occurrence that began before the range and is still going', () => {
    const w = recurring('FREQ=DAILY', '2025-01-01T23:00', 'UTC', 3 * H);
    expect(occurrences(w, utc('2025-01-05T01:00:00Z'), utc('2025-01-05T02:00:00Z'))).toEqual([[utc('2025-01-04T23:00:00Z'), utc('2025-01-05T02:00:00Z')]]);
  });

  it('stops at the series end and at COUNT, and returns at most 1000', () => {
    const end = utc('2025-01-04T00:00:00Z');
    expect(occurrences(recurring('FREQ=DAILY', '2025-01-01T05:00', 'UTC', H, end), 0, Infinity)).toHaveLength(3);
    expect(occurrences(recurring('FREQ=MONTHLY;COUNT=4', '2025-01-31T05:00', 'UTC'), 0, Infinity).map(([s]) => new Date(s).toISOString().slice(0, 10))).toEqual([
      '2025-01-31', '2025-03-31', '2025-05-31', '2025-07-31',
    ]);
    expect(occurrences(recurring('FREQ=DAILY;BYHOUR=0,6,12,18', '2020-01-01T00:00', 'UTC'), 0, Infinity)).toHaveLength(MAX_OCCURRENCES);
  });

  it('answers, rather than spins, for ranges outside Date’s range or NaN', () => {
    const w = recurring('FREQ=DAILY', '2025-01-01T02:00', 'Europe/Berlin');
    expect([occurrences(w, 1e300, 2e300), occurrences(w, NaN, NaN), occurrences(w, -1e300, -1e299)]).toEqual([[], [], []]);
    expect(occurrences(w, -1e300, utc('2025-01-02T00:00:00Z'))).toEqual([[utc('2025-01-01T01:00:00Z'), utc('2025-01-01T02:00:00Z')]]);
    expect(occurrences({ ...w, starts_at: 1e300 }, 0, Infinity)).toEqual([]);
  });

  it('gives the same occurrences for a range as for a wider one, filtered', () => {
    const arb = fc.record({
      rule: fc.constantFrom('FREQ=DAILY', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR', 'FREQ=MONTHLY;BYMONTHDAY=-1', 'FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU', 'FREQ=DAILY;COUNT=40'),
      zone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe'),
      duration: fc.constantFrom(H / 2, 5 * H, 3 * DAY),
      from: fc.integer({ min: 0, max: 700 }).map((d) => utc('2024-01-01T00:00:00Z') + d * DAY + (d % 17) * 997_000),
      length: fc.integer({ min: 1, max: 60 * DAY }),
    });
    fc.assert(
      fc.property(arb, ({ rule, zone, duration, from, length }) => {
        const w = recurring(rule, '2023-12-30T02:30', zone, duration);
        const wide = occurrences(w, utc('2023-12-01T00:00:00Z'), utc('2026-06-01T00:00:00Z'));
        expect(occurrences(w, from, from + length)).toEqual(wide.filter(([s, e]) => e > from && s < from + length));
      }),
      budget(100),
    );
  });
});

describe('activeAt and nextChange', () => {
  const a = oneOff('a', 1000, 2000);
  const b = oneOff('b', 1500, 3000);
  const nightly = recurring('FREQ=DAILY', '2025-01-01T02:00', 'UTC');

  it.each([
    [999, null, 1000],
    [1000, 'a', 1500],
    [1700, 'a', 2000],
    [2000, 'b', 3000],
    [3000, null, null],
  ])('at %i: active %s, next change %s', (t, id, next) => {
    expect(activeAt([a, b], t)?.id ?? null).toBe(id);
    expect(nextChange([a, b], t)).toBe(next);
  });

  it('follows a recurring window', () => {
    const t = utc('2025-03-10T02:30:00Z');
    expect(activeAt([nightly], t)).toBe(nightly);
    expect(nextChange([nightly], t)).toBe(utc('2025-03-10T03:00:00Z'));
    expect(nextChange([nightly], utc('2025-03-10T03:00:00Z'))).toBe(utc('2025-03-11T02:00:00Z'));
    expect(activeAt([nightly], utc('2025-03-10T03:00:00Z'))).toBeNull();
  });

  it('treats back-to-back occurrences of one window as one stretch', () => {
    const allDay = recurring('FREQ=DAILY', '2025-01-01T00:00', 'UTC', DAY, utc('2025-01-05T00:00:00Z'));
    expect(nextChange([allDay], utc('2025-01-02T12:00:00Z'))).toBe(utc('2025-01-05T00:00:00Z'));
  });

  it('the active set stays the same until nextChange, and differs at it', () => {
    const windows = [nightly, recurring('FREQ=WEEKLY;BYDAY=SU', '2025-01-05T01:30', 'Europe/Berlin', 2 * H), oneOff('x', utc('2025-02-01T00:00:00Z'), utc('2025-02-03T00:00:00Z'))];
    const activeSet = (t: number) => windows.filter((w) => activeAt([w], t)).map((w) => w.id).join();
    fc.assert(
      fc.property(fc.integer({ min: utc('2025-01-01T00:00:00Z'), max: utc('2025-12-01T00:00:00Z') }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (t, frac) => {
        const next = nextChange(windows, t)!;
        expect(next).toBeGreaterThan(t);
        expect(activeSet(t + Math.floor((next - t) * frac))).toBe(activeSet(t));
        expect(activeSet(next)).not.toBe(activeSet(t));
      }),
      budget(200),
    );
  });
});
