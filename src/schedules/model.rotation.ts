// One layer's own turns over a range: the rotation, clipped to its restrictions. Pure.
//
// The turn at an instant is found by arithmetic from the first hand-off (wall-clock days for
// days and weeks, real time for hours), never by walking from the start, so a query years
// after the start costs the same as one the day after.

import type { Layer, Restriction, Shift } from './model.types.js';
import { DAY_MS, HOUR_MS, isoWeekday, MINUTE_MS, parseClock, parseLocalDate, ZoneClock } from './model.zone.js';

/** Where turn k starts, and which turn an instant falls in. */
export interface Rotation {
  startOf(k: number): number;
  turnAt(instant: number): number;
  /** The member whose turn k is. */
  memberOf(k: number): string;
}

/** The layer's rotation, or null when its hand-off, start date or shift cannot be read (validateSchedule names which). */
export function rotationOf(layer: Layer, clock: ZoneClock): Rotation | null {
  const day = parseLocalDate(layer.start_date);
  const handoff = parseClock(layer.handoff);
  const { unit, count } = layer.shift;
  const n = layer.members.length;
  if (day === null || handoff === null || !Number.isInteger(count) || count <= 0 || n === 0) return null;
  const firstWall = day + handoff * MINUTE_MS;
  const memberOf = (k: number) => layer.members[((k % n) + n) % n]!;
  if (unit === 'hours') {
    // A clock of its own for the first hand-off, which may be years back: the shared one stays small.
    const first = new ZoneClock(clock.name, firstWall - DAY_MS, firstWall + DAY_MS).instant(firstWall);
    const length = count * HOUR_MS;
    return { startOf: (k) => first + k * length, turnAt: (t) => Math.floor((t - first) / length), memberOf };
  }
  const length = count * (unit === 'weeks' ? 7 : 1) * DAY_MS;
  const startOf = (k: number) => clock.instant(firstWall + k * length);
  const turnAt = (t: number) => {
    // The wall clock gives the turn but for the hour around a change of offset; step to the exact one.
    let k = Math.floor((clock.wall(t) - firstWall) / length);
    while (startOf(k + 1) <= t) k++;
    while (startOf(k) > t) k--;
    return k;
  };
  return { startOf, turnAt, memberOf };
}

/** Pieces of time as [start, end) pairs, sorted, not overlapping. */
export type Spans = Array<[number, number]>;

/** The windows of a layer's restrictions over [from, to), joined where they touch or overlap; null when it has none. */
export function restrictionWindows(restrictions: readonly Restriction[] | undefined, clock: ZoneClock, from: number, to: number): Spans | null {
  if (!restrictions || restrictions.length === 0) return null;
  const raw: Spans = [];
  // A window starts on a day and may run into the next: start a day early.
  const firstDay = Math.floor(clock.wall(from) / DAY_MS) - 1;
  const lastDay = Math.floor(clock.wall(to) / DAY_MS);
  const parsed = restrictions.map((r) => ({ start: parseClock(r.start), end: parseClock(r.end, true), days: r.days ? new Set<number>(r.days) : null }));
  for (let d = firstDay; d <= lastDay; d++) {
    const midnight = d * DAY_MS;
    const weekday = isoWeekday(midnight);
    for (const r of parsed) {
      // A zero-length window (08:00-08:00) never matches; validateSchedule refuses it.
      if (r.start === null || r.end === null || r.start === r.end || (r.days && !r.days.has(weekday))) continue;
      const endWall = midnight + r.end * MINUTE_MS + (r.end < r.start ? DAY_MS : 0);
      const s = Math.max(from, clock.instant(midnight + r.start * MINUTE_MS));
      const e = Math.min(to, clock.instant(endWall));
      if (e > s) raw.push([s, e]);
    }
  }
  return unionSpans(raw);
}

export function unionSpans(spans: Spans): Spans {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Spans = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The layer's own shifts over [from, to): turns clipped to restrictions and to its end; a person's back-to-back pieces joined. */
export function layerShifts(layer: Layer, clock: ZoneClock, from: number, to: number): Shift[] {
  const rotation = rotationOf(layer, clock);
  const end = Math.min(to, layer.ends_at ?? Infinity);
  if (rotation === null || !(end > from)) return [];
  const turns: Array<[number, number, string]> = [];
  let k = Math.max(0, rotation.turnAt(from));
  for (let s = rotation.startOf(k); s < end; k++) {
    const next = rotation.startOf(k + 1);
    // A turn can be empty when a day is skipped whole (Pacific/Apia, 2011-12-30).
    if (next > from && next > s) turns.push([Math.max(s, from), Math.min(next, end), rotation.memberOf(k)]);
    s = next;
  }
  const windows = restrictionWindows(layer.restrictions, clock, from, end);
  const pieces = windows === null ? turns : clip(turns, windows);
  return joinTouching(pieces.map(([s, e, user]) => ({ start: s, end: e, user_id: user, layer_id: layer.id, override_id: null })));
}

/** Each turn cut to the windows, keeping its owner. Both lists sorted; one pass. */
function clip(turns: Array<[number, number, string]>, windows: Spans): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  let w = 0;
  for (const [s, e, user] of turns) {
    while (w < windows.length && windows[w]![1] <= s) w++;
    for (let i = w; i < windows.length && windows[i]![0] < e; i++) {
      const a = Math.max(s, windows[i]![0]);
      const b = Math.min(e, windows[i]![1]);
      if (b > a) out.push([a, b, user]);
    }
  }
  return out;
}

/** Joins a shift to the one before when they touch and say the same thing (same person, layer and override). */
export function joinTouching(shifts: readonly Shift[]): Shift[] {
  const out: Shift[] = [];
  for (const s of shifts) {
    const last = out[out.length - 1];
    if (last && last.end === s.start && last.user_id === s.user_id && last.layer_id === s.layer_id && last.override_id === s.override_id) {
      out[out.length - 1] = { ...last, end: s.end };
    } else out.push({ ...s });
  }
  return out;
}
