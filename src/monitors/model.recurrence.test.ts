import fc from 'fast-check';
import rrulePackage from 'rrule';
import { describe, expect, it } from 'vitest';
import { parseRecurrence } from './model.recurrence.js';
import { occurrences, validateWindow, type MaintenanceWindow } from './model.maintenance.js';

const { RRule } = rrulePackage;

describe('parseRecurrence', () => {
  it('reads a rule, with or without the RRULE: prefix, in any case', () => {
    const r = parseRecurrence(' rrule:freq=monthly;interval=2;byday=1MO,-1fr;bymonth=1,7;byhour=2,14;byminute=30;count=5; ');
    expect(r).toEqual({
      ok: true,
      text: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR;BYMONTH=1,7;BYHOUR=2,14;BYMINUTE=30;COUNT=5',
      rule: {
        freq: 'MONTHLY', interval: 2, count: 5, until: null, wkst: 'MO',
        byday: [{ day: 'MO', n: 1 }, { day: 'FR', n: -1 }], bymonth: [1, 7], bymonthday: [], byhour: [2, 14], byminute: [30],
      },
    });
  });

  it.each([
    ['20261231T235959Z', { ms: Date.UTC(2026, 11, 31, 23, 59, 59), utc: true }],
    ['20261231T120000', { ms: Date.UTC(2026, 11, 31, 12), utc: false }],
    ['20261231', { ms: Date.UTC(2026, 11, 31, 23, 59, 59), utc: false }],
  ])('reads UNTIL=%s', (until, want) => {
    const r = parseRecurrence(`FREQ=DAILY;UNTIL=${until}`);
    expect(r.ok && r.rule.until).toEqual(want);
  });

  it.each([
    ['', 'it is empty; write a rule such as FREQ=WEEKLY;BYDAY=SU'],
    ['BYDAY=SU', 'it needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)'],
    ['FREQ=FOO', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not "FOO"'],
    ['FREQ=HOURLY', 'FREQ=HOURLY repeats too often for maintenance; use FREQ=DAILY with BYHOUR for several times a day'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'FREQ appears twice'],
    ['FREQ=DAILY;INTERVAL=0', 'INTERVAL must be whole numbers from 1 to 1000, not "0"'],
    ['FREQ=DAILY;BYHOUR=24', 'BYHOUR must be whole numbers from 0 to 23, not "24"'],
    ['FREQ=MONTHLY;BYMONTHDAY=abc', 'BYMONTHDAY must be whole numbers from 1 to 31 or -31 to -1, not "ABC"'],
    ['FREQ=WEEKLY;BYDAY=XX', '"XX" in BYDAY is not a weekday (MO, TU, WE, TH, FR, SA or SU)'],
    ['FREQ=WEEKLY;BYDAY=SUNDAY', '"SUNDAY" in BYDAY is not a weekday such as MO, 1MO (first Monday) or -1FR (last Friday)'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'a weekday position such as 1MO needs FREQ=MONTHLY or FREQ=YEARLY'],
    ['FREQ=MONTHLY;BYDAY=6MO', 'there is no 6MO (a month has at most 5 of each weekday)'],
    ['FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=1', 'use either a weekday position (such as 1MO) or BYMONTHDAY, not both'],
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'no day in BYMONTHDAY exists in Feb'],
    ['FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=-31', 'no day in BYMONTHDAY exists in Apr, Jun'],
    ['FREQ=DAILY;COUNT=3;UNTIL=20260101', 'use COUNT or UNTIL, not both'],
    ['FREQ=DAILY;UNTIL=20260230T000000Z', 'UNTIL "20260230T000000Z" is not a real date and time'],
    ['FREQ=DAILY;UNTIL=tomorrow', 'UNTIL must be a date such as 20261231 or 20261231T235959Z, not "TOMORROW"'],
    ['FREQ=DAILY;BYSETPOS=1', 'BYSETPOS is not supported for maintenance windows'],
    ['FREQ=DAILY;COLOR=RED', 'COLOR is not an RRULE part (known: FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, BYHOUR, BYMINUTE, WKST)'],
    ['FREQ=DAILY;BYHOUR', '"BYHOUR" is not of the form NAME=VALUE'],
    ['DTSTART:20250101T000000Z\nRRULE:FREQ=DAILY', 'it should hold only the repetition (such as FREQ=WEEKLY;BYDAY=SU); the start and the time zone are set separately'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY does not work with FREQ=WEEKLY; use FREQ=MONTHLY'],
  ])('rejects %j: %s', (text, message) => {
    expect(parseRecurrence(text)).toEqual({ ok: false, message });
  });
});

// ---- property: in UTC (no DST), the expansion agrees with the rrule package, used as an oracle ----

const YEAR = 365 * 86_400_000;
// Sorted like the source list: rrule emits BYHOUR=6,0 out of order (and would count COUNT that way).
const subset = <T>(xs: readonly T[], max: number) =>
  fc.option(fc.uniqueArray(fc.constantFrom(...xs), { minLength: 1, maxLength: max }).map((ys) => [...ys].sort((a, b) => xs.indexOf(a) - xs.indexOf(b))), { nil: undefined });
const ruleArb = fc
  .record({
    freq: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'),
    interval: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    days: subset(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], 3),
    positions: subset([1, 2, 4, 5, -1, -2], 2),
    bymonth: subset([1, 2, 3, 6, 9, 12], 3),
    bymonthday: subset([1, 2, 13, 28, 29, 30, 31, -1, -3], 2),
    byhour: subset([0, 1, 6, 23], 2),
    byminute: subset([0, 15, 59], 2),
    count: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    wkst: fc.option(fc.constantFrom('MO', 'SU', 'WE'), { nil: undefined }),
    untilAfter: fc.option(fc.integer({ min: -86_400, max: 400 * 86_400 }), { nil: undefined }),
    dtstart: fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 }).map((s) => s * 1000),
  })
  .map((g) => {
    const parts = [`FREQ=${g.freq}`];
    if (g.interval) parts.push(`INTERVAL=${g.interval}`);
    const positioned = (g.freq === 'MONTHLY' || g.freq === 'YEARLY') && g.positions && !g.bymonthday;
    if (g.days) parts.push(`BYDAY=${g.days.map((d, i) => (positioned ? `${g.positions![i % g.positions!.length]}${d}` : d)).join(',')}`);
    if (g.bymonth) parts.push(`BYMONTH=${g.bymonth.join(',')}`);
    if (g.bymonthday && g.freq !== 'WEEKLY') parts.push(`BYMONTHDAY=${g.bymonthday.join(',')}`);
    if (g.byhour) parts.push(`BYHOUR=${g.byhour.join(',')}`);
    if (g.byminute) parts.push(`BYMINUTE=${g.byminute.join(',')}`);
    if (g.count) parts.push(`COUNT=${g.count}`);
    else if (g.untilAfter !== undefined) parts.push(`UNTIL=${new Date(g.dtstart + g.untilAfter * 1000).toISOString().replace(/[-:]|\.\d+/g, '')}`);
    if (g.wkst) parts.push(`WKST=${g.wkst}`);
    return { text: parts.join(';'), dtstart: g.dtstart };
  });

describe('expansion agrees with the rrule package (UTC)', () => {
  it('for random rules', () => {
    let compared = 0;
    fc.assert(
      fc.property(ruleArb, ({ text, dtstart }) => {
        const checked = validateWindow({ id: 'w', starts_at: dtstart, duration_ms: 1000, rrule: text, time_zone: 'UTC' });
        if (!checked.ok) return; // rules that never occur (rrule itself would scan to the year 9999)
        const window: MaintenanceWindow = checked.value;
        const mine = occurrences(window, dtstart, dtstart + 2 * YEAR).map(([s]) => s);
        const rule = new RRule({ ...RRule.parseString(text), dtstart: new Date(dtstart) });
        const theirs = rule
          .between(new Date(dtstart), new Date(dtstart + 2 * YEAR), true, (_d, i) => i < 1000)
          .map((d) => d.getTime())
          .filter((t) => t < dtstart + 2 * YEAR);
        expect({ text, starts: mine }).toEqual({ text, starts: theirs });
        compared += 1;
      }),
      { numRuns: 300, plugins: [fc.interruptAfterTimeLimit(2_000)] },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
