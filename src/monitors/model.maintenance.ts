// Maintenance windows, one-off or recurring (an RRULE in a named IANA time zone). While one is
// active its monitors' failures do not alert and its time is left out of uptime. Pure.
//
// A recurring window's DTSTART is starts_at's wall time in time_zone, so "Sunday 02:30" stays
// 02:30 local across DST. Occurrences are [start, end) with end = start + duration_ms.

import { IANAZone } from 'luxon';
import { parseRecurrence } from './model.recurrence.js';
import { DAY_MS, expandWall, instantOf, wallTime } from './model.occurrences.js';
import { mergeIntervals } from './model.intervals.js';

export interface MaintenanceWindow {
  id: string;
  starts_at: number;
  /** One-off: its end. Recurring: when the series stops (no occurrence starts at or after it), or null. */
  ends_at: number | null;
  duration_ms: number;
  /** e.g. FREQ=WEEKLY;BYDAY=SU; null for a one-off window. */
  rrule: string | null;
  time_zone: string;
}

export interface MaintenanceWindowInput {
  id: string;
  starts_at: number;
  ends_at?: number | null;
  duration_ms?: number | null;
  rrule?: string | null;
  time_zone: string;
}

export type WindowValidation =
  | { ok: true; value: MaintenanceWindow }
  | { ok: false; field: 'starts_at' | 'ends_at' | 'duration_ms' | 'rrule' | 'time_zone'; message: string };

export const MAX_WINDOW_MS = 31 * DAY_MS;
export const MAX_OCCURRENCES = 1000;
/** Starts from 1970 up to the year 9000 (expanding works in Date's range, ±275,000 years, with room to spare). */
const LAST_START = Date.UTC(9000, 0, 1);
const DATE_MAX_MS = 8.64e15;
/** DST shifts are at most 2 hours; wall-time bounds are widened by more than that, then instants filtered exactly. */
const SHIFT_MARGIN_MS = 3 * 3_600_000;
/** Occurrences of one window nextChange looks at to join back-to-back ones into one stretch. */
const NEXT_CHANGE_LOOKAHEAD = 20;

/** The zone's canonical name (europe/berlin → Europe/Berlin), or null when there is no such zone. */
export function canonicalZone(name: string): string | null {
  if (!IANAZone.isValidZone(name)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

function durationProblem(ms: number): string | null {
  if (!(ms > 0)) return 'a maintenance window must last longer than zero';
  if (ms > MAX_WINDOW_MS) return 'a maintenance window can last at most 31 days';
  return null;
}

/** Checks a window as people enter it; never throws. */
export function validateWindow(input: MaintenanceWindowInput): WindowValidation {
  const zone = typeof input.time_zone === 'string' ? canonicalZone(input.time_zone) : null;
  if (zone === null) {
    const message = `"${String(input.time_zone)}" is not a time zone; use a name such as Europe/Berlin or America/New_York`;
    return { ok: false, field: 'time_zone', message };
  }
  if (!(input.starts_at >= 0 && input.starts_at < LAST_START)) {
    return { ok: false, field: 'starts_at', message: 'the start must be a date and time before the year 9000' };
  }
  const endsAt = input.ends_at ?? null;
  if (endsAt !== null && !(endsAt > input.starts_at)) return { ok: false, field: 'ends_at', message: 'the window ends before it starts' };
  const rruleText = input.rrule?.trim() ? input.rrule : null;
  const base = { id: input.id, starts_at: input.starts_at, ends_at: endsAt, time_zone: zone };

  if (rruleText === null) {
    const duration = endsAt !== null ? endsAt - input.starts_at : input.duration_ms ?? null;
    if (duration === null) return { ok: false, field: 'ends_at', message: 'a one-off window needs an end' };
    if (endsAt !== null && input.duration_ms != null && input.duration_ms !== duration) {
      return { ok: false, field: 'duration_ms', message: 'the duration does not match the start and end' };
    }
    const problem = durationProblem(duration);
    if (problem) return { ok: false, field: endsAt !== null ? 'ends_at' : 'duration_ms', message: problem };
    return { ok: true, value: { ...base, ends_at: input.starts_at + duration, duration_ms: duration, rrule: null } };
  }

  const duration = input.duration_ms ?? NaN;
  const problem = durationProblem(duration);
  if (problem) return { ok: false, field: 'duration_ms', message: problem };
  const parsed = parseRecurrence(rruleText);
  if (!parsed.ok) return { ok: false, field: 'rrule', message: `Repeat rule: ${parsed.message}` };
  const value: MaintenanceWindow = { ...base, duration_ms: duration, rrule: parsed.text };
  if (expand(value, input.starts_at, Infinity, 1).length === 0) {
    return { ok: false, field: 'rrule', message: 'The repeat rule never produces a window after the start (check its days, months, UNTIL or end)' };
  }
  return { ok: true, value };
}

/** Occurrences overlapping [from, to), by start, at most `limit`. */
function expand(w: MaintenanceWindow, from: number, to: number, limit: number): Array<[number, number]> {
  if (w.rrule === null) {
    const end = w.ends_at ?? w.starts_at + w.duration_ms;
    return end > from && w.starts_at < to && end > w.starts_at ? [[w.starts_at, end]] : [];
  }
  const parsed = parseRecurrence(w.rrule);
  const zone = IANAZone.create(w.time_zone);
  if (!parsed.ok || !zone.isValid || !(w.duration_ms > 0) || Number.isNaN(from) || Number.isNaN(to)) return [];
  const { until } = parsed.rule;
  const untilWall = until === null ? null : until.utc ? wallTime(until.ms, zone) : until.ms;
  // Nothing starts a day or more before DTSTART; this also keeps `from` within Date's range.
  const lo = wallTime(Math.max(from, w.starts_at - DAY_MS) - w.duration_ms, zone) - SHIFT_MARGIN_MS;
  const hi = to < DATE_MAX_MS ? wallTime(to, zone) + SHIFT_MARGIN_MS : Infinity;
  const out: Array<[number, number]> = [];
  expandWall(parsed.rule, wallTime(w.starts_at, zone), untilWall, lo, hi, (wall) => {
    const start = instantOf(wall, zone);
    if (w.ends_at !== null && start >= w.ends_at) return false;
    // No early stop at `to`: inside a DST gap, instants can run slightly backwards; `hi` bounds the scan.
    if (start + w.duration_ms > from && start < to) out.push([start, start + w.duration_ms]);
    return out.length < limit;
  });
  return out.sort((a, b) => a[0] - b[0]);
}

/** The window's occurrences overlapping [from, to), by start; at most MAX_OCCURRENCES. */
export function occurrences(window: MaintenanceWindow, from: number, to: number): Array<[number, number]> {
  return expand(window, from, to, MAX_OCCURRENCES);
}

/** The first of the windows (in the order given) active at t, or null. */
export function activeAt(windows: readonly MaintenanceWindow[], t: number): MaintenanceWindow | null {
  return windows.find((w) => expand(w, t, t + 1, 1).some(([s, e]) => s <= t && t < e)) ?? null;
}

/**
 * When the set of active windows next changes after t (a window starts or ends), for a scheduler
 * to wake at; null when none ever will. Never later than the real change: if more than 20 of one
 * window's occurrences overlap in a chain, it answers the end of the 20th, and the scheduler asks again.
 */
export function nextChange(windows: readonly MaintenanceWindow[], t: number): number | null {
  let next: number | null = null;
  for (const w of windows) {
    const [first] = mergeIntervals(expand(w, t, Infinity, NEXT_CHANGE_LOOKAHEAD));
    if (!first) continue;
    const change = first[0] > t ? first[0] : first[1];
    if (next === null || change < next) next = change;
  }
  return next;
}
