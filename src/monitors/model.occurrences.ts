// Expanding a RecurrenceRule, in wall time, and turning wall time in a zone into instants. Pure.
//
// "Wall time" here is a local date and time written as epoch ms as if it were UTC, so calendar
// arithmetic has no DST in it; the zone is applied once per occurrence (instantOf). The rrule
// package's tzid is not used: it re-zones through the process's own time zone.

import type { Zone } from 'luxon';
import { WEEKDAYS, type ByDay, type RecurrenceRule } from './model.recurrence.js';

export const DAY_MS = 86_400_000;
/** How far past its lower bound an expansion looks for an occurrence before giving up. */
export const SCAN_LIMIT_MS = 100 * 366 * DAY_MS;

/** The zone's wall time at an instant. */
export const wallTime = (instant: number, zone: Zone): number => instant + zone.offset(instant) * 60_000;

/**
 * The instant a wall time names in the zone (RFC 5545 §3.3.5): a time that occurs twice (clocks
 * going back) is the first; a time that does not exist (clocks going forward) is read with the
 * offset before the gap, so 02:30 on a spring-forward night is 03:30 new time.
 */
export function instantOf(wall: number, zone: Zone): number {
  const offsetBefore = zone.offset(wall - DAY_MS);
  const offsetAfter = zone.offset(wall + DAY_MS);
  // Same offset a day either side: no transition near, the usual case (zones change at most twice a year).
  if (offsetBefore === offsetAfter) return wall - offsetBefore * 60_000;
  const before = wall - offsetBefore * 60_000;
  const after = wall - offsetAfter * 60_000;
  const fitsBefore = wallTime(before, zone) === wall;
  const fitsAfter = wallTime(after, zone) === wall;
  if (fitsBefore && fitsAfter) return Math.min(before, after);
  return fitsAfter && !fitsBefore ? after : before;
}

const dayNumber = (wall: number): number => Math.floor(wall / DAY_MS);
/** 0 = Monday; day 0 (1970-01-01) was a Thursday. */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;
const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;
const monthLength = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface Start {
  wall: number;
  day: number;
  year: number;
  month: number;
  monthday: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

function startOf(wall: number): Start {
  const d = new Date(wall);
  const day = dayNumber(wall);
  const [year, month, monthday] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return { wall, day, year, month, monthday, weekday: weekdayOf(day), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** Days in [first, first + len) on the BYDAY weekdays; a position picks the nth (or nth from last) of them. */
function weekdayDays(first: number, len: number, byday: readonly ByDay[]): number[] {
  const out: number[] = [];
  for (const { day, n } of byday) {
    const wd = WEEKDAYS.indexOf(day);
    const all: number[] = [];
    for (let d = first + ((wd - weekdayOf(first) + 7) % 7); d < first + len; d += 7) all.push(d);
    const picked = n === null ? all : [all[n > 0 ? n - 1 : all.length + n]];
    for (const d of picked) if (d !== undefined) out.push(d);
  }
  return out;
}

const inMonthDays = (y: number, m: number, monthdays: readonly number[]): number[] => {
  const len = monthLength(y, m);
  return monthdays.map((d) => (d > 0 ? d : len + 1 + d)).filter((d) => d >= 1 && d <= len).map((d) => dayOf(y, m, d));
};

const plainWeekdays = (r: RecurrenceRule): number[] => r.byday.map((b) => WEEKDAYS.indexOf(b.day));

function monthDays(r: RecurrenceRule, s: Start, y: number, m: number): number[] {
  if (r.bymonthday.length > 0) {
    const days = inMonthDays(y, m, r.bymonthday);
    return r.byday.length > 0 ? days.filter((d) => plainWeekdays(r).includes(weekdayOf(d))) : days;
  }
  if (r.byday.length > 0) return weekdayDays(dayOf(y, m, 1), monthLength(y, m), r.byday);
  return inMonthDays(y, m, [s.monthday]); // months without that day are skipped (RFC 5545)
}

const weekStart = (r: RecurrenceRule, s: Start): number => s.day - ((s.weekday - WEEKDAYS.indexOf(r.wkst) + 7) % 7);

/** The first day of period k, and the days in it the rule picks. */
function period(r: RecurrenceRule, s: Start, k: number): { first: number; days: number[] } {
  const step = k * r.interval;
  const monthOk = (d: number) => r.bymonth.length === 0 || r.bymonth.includes(new Date(d * DAY_MS).getUTCMonth() + 1);
  if (r.freq === 'DAILY') {
    const d = s.day + step;
    const date = new Date(d * DAY_MS);
    const ok = monthOk(d) && (r.byday.length === 0 || plainWeekdays(r).includes(weekdayOf(d)));
    const dayOk = r.bymonthday.length === 0 || inMonthDays(date.getUTCFullYear(), date.getUTCMonth() + 1, r.bymonthday).includes(d);
    return { first: d, days: ok && dayOk ? [d] : [] };
  }
  if (r.freq === 'WEEKLY') {
    const first = weekStart(r, s) + 7 * step;
    const wanted = r.byday.length > 0 ? plainWeekdays(r) : [s.weekday];
    const days = Array.from({ length: 7 }, (_, i) => first + i).filter((d) => wanted.includes(weekdayOf(d)) && monthOk(d));
    return { first, days };
  }
  if (r.freq === 'MONTHLY') {
    const index = s.year * 12 + (s.month - 1) + step;
    const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
    return { first: dayOf(y, m, 1), days: r.bymonth.length === 0 || r.bymonth.includes(m) ? monthDays(r, s, y, m) : [] };
  }
  const y = s.year + step;
  if (r.byday.length > 0 && r.bymonth.length === 0 && r.bymonthday.length === 0) {
    return { first: dayOf(y, 1, 1), days: weekdayDays(dayOf(y, 1, 1), dayOf(y + 1, 1, 1) - dayOf(y, 1, 1), r.byday) };
  }
  const everyMonth = r.bymonthday.length > 0 || r.byday.length > 0;
  const months = r.bymonth.length > 0 ? r.bymonth : everyMonth ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [s.month];
  return { first: dayOf(y, 1, 1), days: months.flatMap((m) => monthDays(r, s, y, m)) };
}

/** The period index to start from so that nothing at or after `lo` is skipped (only without COUNT). */
function firstPeriod(r: RecurrenceRule, s: Start, lo: number): number {
  if (r.count !== null || !Number.isFinite(lo) || lo <= s.wall) return 0;
  const d = startOf(lo);
  const periods =
    r.freq === 'DAILY' ? d.day - s.day
    : r.freq === 'WEEKLY' ? Math.floor((d.day - weekStart(r, s)) / 7)
    : r.freq === 'MONTHLY' ? (d.year - s.year) * 12 + d.month - s.month
    : d.year - s.year;
  return Math.max(0, Math.floor(periods / r.interval) - 1);
}

/**
 * Calls `visit` with each occurrence's wall time in [lo, hi], ascending, until it returns false.
 * Work is bounded: it stops at UNTIL, COUNT, `hi`, or SCAN_LIMIT_MS past max(lo, start).
 */
export function expandWall(
  r: RecurrenceRule,
  startWall: number,
  untilWall: number | null,
  lo: number,
  hi: number,
  visit: (wall: number) => boolean,
): void {
  const s = startOf(Math.floor(startWall / 1000) * 1000);
  const hours = r.byhour.length > 0 ? [...r.byhour].sort((a, b) => a - b) : [s.hour];
  const minutes = r.byminute.length > 0 ? [...r.byminute].sort((a, b) => a - b) : [s.minute];
  const stop = Math.min(hi, untilWall ?? Infinity, Math.max(lo, s.wall) + SCAN_LIMIT_MS);
  let emitted = 0;
  for (let k = firstPeriod(r, s, lo); ; k++) {
    const { first, days } = period(r, s, k);
    if (!(first * DAY_MS <= stop)) return; // written so that NaN (a time outside Date's range) ends it too
    for (const day of [...new Set(days)].sort((a, b) => a - b)) {
      for (const h of hours) {
        for (const m of minutes) {
          const wall = day * DAY_MS + h * 3_600_000 + m * 60_000 + s.second * 1000;
          if (wall < s.wall) continue;
          if (!(wall <= stop) || (r.count !== null && ++emitted > r.count)) return;
          if (wall >= lo && !visit(wall)) return;
        }
      }
    }
  }
}
