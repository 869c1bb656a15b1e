// Fairness and on-call pay: how a person's hours on call fall in their own zone (nights,
// weekends, business hours, holidays), what they are paid for them, and who should cover next.
// Pure; hours are real hours (a 25-hour night of clocks going back counts 25).

import { DateTime } from 'luxon';
import type { IsoWeekday } from './model.types.js';
import { unionSpans, type Spans } from './model.rotation.js';
import { DAY_MS, HOUR_MS, isoWeekday, localDate, MINUTE_MS, parseClock, ZoneClock } from './model.zone.js';

/** When a person works, in their own zone; an end at or before the start runs past midnight. */
export interface WorkingHours {
  days: IsoWeekday[];
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
/** Night, in the person's zone: 22:00 to 07:00. */
export const NIGHT = { start: 22 * 60, end: 7 * 60 } as const;

/** Each hour on call is in exactly one: holiday before weekend before business before after-hours. */
export type PayCategory = 'business' | 'after_hours' | 'weekend' | 'holiday';
export const PAY_CATEGORIES: readonly PayCategory[] = ['business', 'after_hours', 'weekend', 'holiday'];

export interface FairnessInput {
  /** The person's IANA zone: nights, weekends and holidays are theirs. */
  time_zone: string;
  working_hours?: WorkingHours;
  /** Local dates "YYYY-MM-DD" that are holidays. */
  holidays?: readonly string[];
}

export interface OnCallHours {
  /** Hours on call; overlapping shifts (two schedules at once) count once. */
  on_call: number;
  /** Of which 22:00-07:00. */
  night: number;
  /** Of which on days that are not working days. */
  weekend: number;
  split: Record<PayCategory, number>;
  /** Stretches on call (touching shifts are one). */
  shifts: number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const emptySplit = (): Record<PayCategory, number> => ({ business: 0, after_hours: 0, weekend: 0, holiday: 0 });

/** Whether a minute of the day is inside a daily window [start, end) that starts on a listed day. */
function inWindow(weekday: number, minute: number, start: number, end: number, days: ReadonlySet<number> | null): boolean {
  const dayOk = (d: number) => days === null || days.has(d);
  if (start < end) return dayOk(weekday) && minute >= start && minute < end;
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  return (dayOk(weekday) && minute >= start) || (dayOk(yesterday) && minute < end);
}

/** A person's hours on call over the given shifts, split the ways a fairness or pay report needs. */
export function onCallHours(shifts: ReadonlyArray<{ start: number; end: number }>, input: FairnessInput): OnCallHours {
  const spans = unionSpans(shifts.filter((s) => s.end > s.start).map((s): [number, number] => [s.start, s.end]));
  const out: OnCallHours = { on_call: 0, night: 0, weekend: 0, split: emptySplit(), shifts: 0 };
  if (spans.length === 0) return out;
  const joined: Spans = [];
  for (const [s, e] of spans) {
    const last = joined[joined.length - 1];
    if (last && last[1] === s) last[1] = e;
    else joined.push([s, e]);
  }
  out.shifts = joined.length;
  const work = input.working_hours ?? DEFAULT_WORKING_HOURS;
  const workStart = parseClock(work.start) ?? 0;
  const workEnd = parseClock(work.end, true) ?? 0;
  const workDays = new Set<number>(work.days);
  const holidays = new Set(input.holidays ?? []);
  const clock = new ZoneClock(input.time_zone, joined[0]![0], joined[joined.length - 1]![1]);
  const cuts = [0, NIGHT.end, NIGHT.start, workStart, workEnd].map((m) => m * MINUTE_MS);
  let ms = { on_call: 0, night: 0, weekend: 0, split: emptySplit() };
  for (const [s, e] of joined) {
    for (let day = Math.floor(clock.wall(s) / DAY_MS); day * DAY_MS <= clock.wall(e); day++) {
      // Pieces of the day between its midnight, night, and working-hours edges, each of one kind.
      const edges = [...cuts.map((c) => clock.instant(day * DAY_MS + c)), clock.instant((day + 1) * DAY_MS)].sort((x, y) => x - y);
      for (let i = 0; i + 1 < edges.length; i++) {
        const a = Math.max(s, edges[i]!);
        const b = Math.min(e, edges[i + 1]!);
        if (b <= a) continue;
        const wall = clock.wall(a);
        ms = add(ms, b - a, classify(wall, { workStart, workEnd, workDays, holidays }));
      }
    }
  }
  return {
    ...out,
    on_call: round(ms.on_call / HOUR_MS, 4),
    night: round(ms.night / HOUR_MS, 4),
    weekend: round(ms.weekend / HOUR_MS, 4),
    split: Object.fromEntries(PAY_CATEGORIES.map((c) => [c, round(ms.split[c] / HOUR_MS, 4)])) as Record<PayCategory, number>,
  };
}

interface Kind {
  night: boolean;
  weekend: boolean;
  category: PayCategory;
}

function classify(wall: number, w: { workStart: number; workEnd: number; workDays: ReadonlySet<number>; holidays: ReadonlySet<string> }): Kind {
  const weekday = isoWeekday(wall);
  const minute = Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
  const night = inWindow(weekday, minute, NIGHT.start, NIGHT.end, null);
  const weekend = !w.workDays.has(weekday);
  let category: PayCategory = 'after_hours';
  if (w.holidays.has(localDate(wall))) category = 'holiday';
  else if (weekend) category = 'weekend';
  else if (w.workStart !== w.workEnd && inWindow(weekday, minute, w.workStart, w.workEnd, w.workDays)) category = 'business';
  return { night, weekend, category };
}

function add(acc: { on_call: number; night: number; weekend: number; split: Record<PayCategory, number> }, ms: number, k: Kind) {
  acc.on_call += ms;
  if (k.night) acc.night += ms;
  if (k.weekend) acc.weekend += ms;
  acc.split[k.category] += ms;
  return acc;
}

/** Pay rates: an amount per hour in each category, and/or an amount per shift (stretch on call). */
export interface PayRates {
  per_hour?: Partial<Record<PayCategory, number>>;
  per_shift?: number;
}

export interface OnCallPay {
  by_category: Record<PayCategory, number>;
  per_shift: number;
  total: number;
}

/** What the hours are paid, rounded to cents. */
export function onCallPay(hours: OnCallHours, rates: PayRates): OnCallPay {
  const by_category = emptySplit();
  for (const c of PAY_CATEGORIES) by_category[c] = round(hours.split[c] * (rates.per_hour?.[c] ?? 0));
  const per_shift = round(hours.shifts * (rates.per_shift ?? 0));
  const total = round(PAY_CATEGORIES.reduce((sum, c) => sum + by_category[c], per_shift));
  return { by_category, per_shift, total };
}

/**
 * Candidates for a swap, whoever has carried least first (hours on call so far; no figure counts
 * as none); equal hours keep the order given.
 */
export function whoShouldCoverNext(candidates: readonly string[], hoursCarried: ReadonlyMap<string, number> | Readonly<Record<string, number>>): Array<{ user_id: string; hours: number }> {
  const hoursOf = (u: string): number => {
    const h = hoursCarried instanceof Map ? hoursCarried.get(u) : Object.hasOwn(hoursCarried, u) ? (hoursCarried as Record<string, number>)[u] : undefined;
    return typeof h === 'number' && Number.isFinite(h) ? h : 0;
  };
  const unique = [...new Set(candidates)];
  return unique.map((user_id, i) => ({ user_id, hours: hoursOf(user_id), i })).sort((a, b) => a.hours - b.hours || a.i - b.i).map(({ user_id, hours }) => ({ user_id, hours }));
}

/** Whether an instant falls in working hours on the wall clock of `zone` (pages outside them count as after hours). */
export function inWorkingHours(at: number, zone: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): boolean {
  const local = DateTime.fromMillis(at, { zone });
  return inWindow(local.weekday, local.hour * 60 + local.minute, parseClock(hours.start) ?? 9 * 60, parseClock(hours.end, true) ?? 17 * 60, new Set(hours.days));
}
