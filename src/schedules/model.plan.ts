// Who is on call: the one pure function (planOnCall) everything else asks, and the questions
// built on it (model.ts is the door to all the schedule rules). No I/O, no clock: instants come in as arguments (UTC epoch ms).

import { finalShifts, overrideShifts } from './model.overrides.js';
import { layerShifts } from './model.rotation.js';
import type { OnCallPlan, Schedule, Shift } from './model.types.js';
import { DAY_MS, HOUR_MS, ZoneClock } from './model.zone.js';

export interface PlanOptions {
  /**
   * The people who can still be paged. A turn or override of anyone else is a gap in `final`
   * (the layers' own shifts still show whose turn it was); without this list everyone counts.
   */
  activeUserIds?: Iterable<string>;
}

/** Plans are computed between these instants (1900-01-01 and 2200-01-01 UTC); outside them nobody is on call. */
export const EARLIEST = Date.UTC(1900, 0, 1);
export const LATEST = Date.UTC(2200, 0, 1);
/** The longest stretch onCallAt and nextOnCall look at either side of an instant to find a shift's ends. */
const MAX_REACH_MS = 800 * DAY_MS;

const clocks = new Map<string, ZoneClock>();
/** One clock per zone, kept while queries stay near what it has learned (a year of offsets is a few entries). */
function clockFor(zone: string, from: number, to: number): ZoneClock {
  const known = clocks.get(zone);
  if (known && known.covers(from, to, 400 * DAY_MS)) return known;
  const clock = new ZoneClock(zone, from, to);
  clocks.set(zone, clock);
  return clock;
}

/** Turns a plan of [from, to) goes through, about: each layer's range over its shift length, whole days for days and weeks. */
export function turnsIn(schedule: Schedule, from: number, to: number): number {
  const hours = Math.max(0, to - from) / HOUR_MS;
  const each = schedule.layers.map((l) => Math.ceil(hours / (l.shift.count * (l.shift.unit === 'hours' ? 1 : l.shift.unit === 'days' ? 24 : 168))));
  return each.reduce((a, b) => a + b, 0);
}

/** Each layer's own turns, the overrides, and the result (`final`, contiguous over [from, to), gaps as user_id null). */
export function planOnCall(schedule: Schedule, from: number, to: number, options: PlanOptions = {}): OnCallPlan {
  const a = Math.max(from, EARLIEST);
  const b = Math.min(to, LATEST);
  if (!(b > a)) return { layers: schedule.layers.map((l) => ({ layer_id: l.id, shifts: [] })), overrides: [], final: [] };
  const layers = schedule.layers.map((l) => ({ layer_id: l.id, shifts: layerShifts(l, clockFor(l.time_zone || schedule.time_zone, a, b), a, b) }));
  const active = options.activeUserIds ? new Set(options.activeUserIds) : null;
  return {
    layers,
    overrides: overrideShifts(schedule.overrides, a, b),
    final: finalShifts(
      layers.map((l) => l.shifts),
      schedule.overrides,
      a,
      b,
      active,
    ),
  };
}

/** Who is on call over [from, to), as the escalation engine, the calendar and the feeds read it. */
export function shiftsFor(schedule: Schedule, from: number, to: number, options: PlanOptions = {}): Shift[] {
  return planOnCall(schedule, from, to, options).final;
}

/** The whole shift (its real start and end, up to 800 days either side) in effect at an instant; null outside the planned years. */
export function onCallAt(schedule: Schedule, at: number, options: PlanOptions = {}): Shift | null {
  for (let reach = DAY_MS; ; reach *= 4) {
    const final = shiftsFor(schedule, at - reach, at + reach, options);
    const s = final.find((x) => x.start <= at && x.end > at);
    if (!s) return null;
    const clipped = (s.start === at - reach && s.start > EARLIEST) || (s.end === at + reach && s.end < LATEST);
    if (!clipped || reach >= MAX_REACH_MS) return s;
  }
}

/**
 * The person's shift in effect at `from`, else their next one starting within `horizonMs` after
 * it, whole (its real start and end); null when they have none. "When am I next on call."
 */
export function nextOnCall(schedule: Schedule, userId: string, from: number, horizonMs: number, options: PlanOptions = {}): Shift | null {
  const limit = Math.min(from + horizonMs, LATEST);
  for (let a = from, size = 7 * DAY_MS; a < limit; a += size, size *= 2) {
    const b = Math.min(a + size, limit);
    const found = shiftsFor(schedule, a, b, options).find((s) => s.user_id === userId);
    if (found) return onCallAt(schedule, found.start, options);
  }
  return null;
}
