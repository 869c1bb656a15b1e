import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { onCallHours, onCallPay, parseHolidaysIcs, whoShouldCoverNext } from './model.js';

const at = (iso: string) => Date.parse(iso);
const shift = (start: string, end: string) => ({ start: at(start), end: at(end) });
const berlin = { time_zone: 'Europe/Berlin' };

describe('onCallHours: hours in the person’s own zone', () => {
  // Monday 2026-01-05 09:00 to Monday 2026-01-12 09:00 in Berlin (CET, UTC+1).
  const week = [shift('2026-01-05T08:00:00Z', '2026-01-12T08:00:00Z')];

  it('splits a week into business, after-hours and weekend, with its nights', () => {
    expect(onCallHours(week, berlin)).toEqual({
      on_call: 168,
      night: 63, // seven nights of 22:00-07:00
      weekend: 48,
      split: { business: 40, after_hours: 80, weekend: 48, holiday: 0 },
      shifts: 1,
    });
  });

  it('counts a holiday whole, before the weekday it falls on', () => {
    const h = onCallHours(week, { ...berlin, holidays: ['2026-01-06'] });
    expect(h.split).toEqual({ business: 32, after_hours: 64, weekend: 48, holiday: 24 });
  });

  it('reads nights and weekends in the person’s zone, not UTC', () => {
    // 2026-01-09 22:00Z to 2026-01-10 06:00Z: Friday 23:00 to Saturday 07:00 in Berlin, Friday 17:00 to Saturday 01:00 in New York.
    const night = [shift('2026-01-09T22:00:00Z', '2026-01-10T06:00:00Z')];
    expect(onCallHours(night, berlin)).toMatchObject({ night: 8, weekend: 7, split: { after_hours: 1, weekend: 7 } });
    expect(onCallHours(night, { time_zone: 'America/New_York' })).toMatchObject({ night: 3, weekend: 1, split: { after_hours: 7, weekend: 1 } });
  });

  it('counts real hours across DST: 22:00 to 07:00 is 8 hours in spring and 10 in autumn', () => {
    expect(onCallHours([shift('2026-03-28T21:00:00Z', '2026-03-29T05:00:00Z')], berlin)).toMatchObject({ on_call: 8, night: 8 });
    expect(onCallHours([shift('2026-10-24T20:00:00Z', '2026-10-25T06:00:00Z')], berlin)).toMatchObject({ on_call: 10, night: 10 });
  });

  it('counts overlapping shifts once and touching ones as one shift', () => {
    const h = onCallHours([shift('2026-01-05T08:00:00Z', '2026-01-05T16:00:00Z'), shift('2026-01-05T12:00:00Z', '2026-01-05T20:00:00Z'), shift('2026-01-05T20:00:00Z', '2026-01-05T21:00:00Z')], berlin);
    expect([h.on_call, h.shifts]).toEqual([13, 1]);
    expect(onCallHours([], berlin)).toEqual({ on_call: 0, night: 0, weekend: 0, split: { business: 0, after_hours: 0, weekend: 0, holiday: 0 }, shifts: 0 });
  });

  it('takes the person’s working week: Sunday to Thursday, 08:00-16:00', () => {
    const h = onCallHours([shift('2026-01-08T22:00:00Z', '2026-01-11T22:00:00Z')], { time_zone: 'Asia/Jerusalem', working_hours: { days: [7, 1, 2, 3, 4], start: '08:00', end: '16:00' } });
    // Friday and Saturday (00:00 local on the 9th to 00:00 on the 11th) are the weekend; Sunday the 11th is a working day.
    expect(h.split).toEqual({ business: 8, after_hours: 16, weekend: 48, holiday: 0 });
  });
});

describe('onCallPay', () => {
  it('pays each category its hourly rate, plus an amount per shift, in cents', () => {
    const hours = onCallHours([shift('2026-01-05T08:00:00Z', '2026-01-12T08:00:00Z')], { ...berlin, holidays: ['2026-01-06'] });
    const pay = onCallPay(hours, { per_hour: { after_hours: 2.5, weekend: 4, holiday: 6.125 }, per_shift: 50 });
    expect(pay).toEqual({ by_category: { business: 0, after_hours: 160, weekend: 192, holiday: 147 }, per_shift: 50, total: 549 });
    expect(onCallPay(hours, {})).toEqual({ by_category: { business: 0, after_hours: 0, weekend: 0, holiday: 0 }, per_shift: 0, total: 0 });
  });
});

describe('whoShouldCoverNext', () => {
  it('puts whoever has carried least first; no figure is zero; ties keep the order given', () => {
    expect(whoShouldCoverNext(['ana', 'ben', 'cy', 'dee'], { ana: 40, ben: 12.5, cy: 40 })).toEqual([
      { user_id: 'dee', hours: 0 },
      { user_id: 'ben', hours: 12.5 },
      { user_id: 'ana', hours: 40 },
      { user_id: 'cy', hours: 40 },
    ]);
    expect(whoShouldCoverNext(['constructor', 'ana', 'ana'], { ana: 3 })).toEqual([
      { user_id: 'constructor', hours: 0 },
      { user_id: 'ana', hours: 3 },
    ]);
    expect(whoShouldCoverNext(['ana', 'ben'], new Map([['ana', 5]])).map((c) => c.user_id)).toEqual(['ben', 'ana']);
  });
});

describe('parseHolidaysIcs', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Example//Holidays//EN',
    'BEGIN:VEVENT',
    'UID:1',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20261225',
    'DTEND;VALUE=DATE:20261227',
    'SUMMARY:Christmas\\, and',
    '  Boxing Day',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:2',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20260101',
    'SUMMARY:New Year',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:3',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20260401',
    'DURATION:P3D',
    'SUMMARY:Easter break',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:4',
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260301T090000Z',
    'DTEND:20260301T100000Z',
    'SUMMARY:A meeting, not a holiday',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:5',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20260501',
    'RRULE:FREQ=YEARLY',
    'SUMMARY:May Day (repeats)',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:6',
    'DTSTAMP:20260101T000000Z',
    'DTSTART;VALUE=DATE:20260601',
    'STATUS:CANCELLED',
    'SUMMARY:Cancelled',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

  it('imports every all-day event as its dates (DTEND exclusive), and counts what it skipped', () => {
    expect(parseHolidaysIcs(ics)).toEqual({
      holidays: [
        { date: '2026-01-01', name: 'New Year' },
        { date: '2026-04-01', name: 'Easter break' },
        { date: '2026-04-02', name: 'Easter break' },
        { date: '2026-04-03', name: 'Easter break' },
        { date: '2026-12-25', name: 'Christmas, and Boxing Day' },
        { date: '2026-12-26', name: 'Christmas, and Boxing Day' },
      ],
      skipped: 3,
    });
  });

  it('agrees with a real iCalendar parser (ical.js) on the all-day, one-off events', () => {
    const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const expected: string[] = [];
    for (const v of calendar.getAllSubcomponents('vevent')) {
      const e = new ICAL.Event(v);
      if (!e.startDate.isDate || e.isRecurring() || v.getFirstPropertyValue('status') === 'CANCELLED') continue;
      for (const d = e.startDate.clone(); d.compare(e.endDate) < 0; d.adjust(1, 0, 0, 0)) expected.push(d.toString());
    }
    expect(parseHolidaysIcs(ics).holidays.map((h) => h.date)).toEqual(expected.sort());
  });

  it('reads nothing from text that is not a calendar', () => {
    expect(parseHolidaysIcs('hello')).toEqual({ holidays: [], skipped: 0 });
    expect(parseHolidaysIcs('BEGIN:VEVENT\nDTSTART;VALUE=DATE:20260230\nEND:VEVENT')).toEqual({ holidays: [], skipped: 1 });
  });
});
