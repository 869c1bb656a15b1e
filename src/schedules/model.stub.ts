import { DateTime, IANAZone } from 'luxon';
import type { IsoWeekday, Layer, OnCallPlan, Override, Restriction, Schedule, Shift } from './model.types.js';

// A stand-in for model.ts (the rules are written in parallel): same signatures, simple
// implementations that are right for ordinary schedules. rules.ts re-exports from here until
// model.ts lands; then one import line changes. Not the reference for DST edge cases.

export interface FieldError {
  field: string;
  message: string;
}

export interface ScheduleWarning {
  kind: 'inactive_member' | 'gap';
  message: string;
  user_id: string | null;
  layer_id: string | null;
  start: number | null;
  end: number | null;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TURNS = 100_000;

const localAt = (date: string, hhmm: string, zone: string): DateTime => DateTime.fromISO(`${date}T${hhmm}`, { zone });

/** The instant of turn k of a layer: calendar units follow the wall clock, hours are real hours. */
function turnStart(layer: Layer, t0: DateTime, k: number): number {
  const { unit, count } = layer.shift;
  if (unit === 'hours') return t0.toMillis() + k * count * 3_600_000;
  const local = unit === 'days' ? t0.plus({ days: k * count }) : t0.plus({ weeks: k * count });
  // A hand-off at a time the day does not have moves to the next time that exists (luxon does so).
  return localAt(local.toISODate()!, layer.handoff, t0.zoneName!).toMillis();
}

const approxLength = (layer: Layer): number => layer.shift.count * { hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 }[layer.shift.unit];

/** The windows of the restrictions that touch [from, to), as UTC ranges. */
function windows(restrictions: Restriction[], zone: string, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  let day = DateTime.fromMillis(from, { zone }).startOf('day').minus({ days: 1 });
  while (day.toMillis() < to) {
    for (const r of restrictions) {
      if (r.days && !r.days.includes(day.weekday as IsoWeekday)) continue;
      const start = localAt(day.toISODate()!, r.start, zone).toMillis();
      const endDay = r.end <= r.start ? day.plus({ days: 1 }) : day;
      const end = localAt(endDay.toISODate()!, r.end, zone).toMillis();
      if (end > from && start < to) out.push([Math.max(start, from), Math.min(end, to)]);
    }
    day = day.plus({ days: 1 });
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** One layer's turns inside [from, to), cut to its restrictions and its end. */
export function layerShifts(schedule: Schedule, layer: Layer, from: number, to: number): Shift[] {
  if (layer.members.length === 0) return [];
  const t0 = localAt(layer.start_date, layer.handoff, schedule.time_zone);
  const stop = Math.min(to, layer.ends_at ?? Infinity);
  const out: Shift[] = [];
  let k = Math.max(0, Math.floor((from - t0.toMillis()) / approxLength(layer)) - 2);
  for (let n = 0; n < MAX_TURNS; n++, k++) {
    const start = turnStart(layer, t0, k);
    if (start >= stop) break;
    const end = turnStart(layer, t0, k + 1);
    if (end <= from) continue;
    const user = layer.members[k % layer.members.length]!;
    const ranges: [number, number][] = layer.restrictions?.length ? windows(layer.restrictions, schedule.time_zone, start, end) : [[start, end]];
    for (const [s, e] of ranges) {
      const a = Math.max(s, from);
      const b = Math.min(e, stop);
      if (b > a) out.push({ start: a, end: b, user_id: user, layer_id: layer.id, override_id: null });
    }
  }
  return out;
}

const overrideShift = (o: Override, from: number, to: number): Shift => ({
  start: Math.max(o.start, from),
  end: Math.min(o.end, to),
  user_id: o.user_id,
  layer_id: null,
  override_id: o.id,
});

/** Adjacent pieces with the same person for the same reason become one shift. */
function merge(shifts: Shift[]): Shift[] {
  const out: Shift[] = [];
  for (const s of shifts) {
    const last = out[out.length - 1];
    if (last && last.end === s.start && last.user_id === s.user_id && last.layer_id === s.layer_id && last.override_id === s.override_id) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

export function planOnCall(schedule: Schedule, from: number, to: number): OnCallPlan {
  const layers = schedule.layers.map((l) => ({ layer_id: l.id, shifts: layerShifts(schedule, l, from, to) }));
  const overrides = schedule.overrides.filter((o) => o.end > from && o.start < to).sort((a, b) => a.start - b.start);
  const cuts = new Set<number>([from, to]);
  for (const s of [...layers.flatMap((l) => l.shifts), ...overrides.map((o) => overrideShift(o, from, to))]) cuts.add(s.start).add(s.end);
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Shift[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    let below: Shift | undefined;
    for (let j = layers.length - 1; j >= 0 && !below; j--) below = layers[j]!.shifts.find((s) => s.start <= a && s.end >= b);
    const cover = [...overrides].reverse().find((o) => o.start <= a && o.end >= b && (o.replaces === null || o.replaces === below?.user_id));
    if (cover) pieces.push({ start: a, end: b, user_id: cover.user_id, layer_id: null, override_id: cover.id });
    else pieces.push({ start: a, end: b, user_id: below?.user_id ?? null, layer_id: below?.layer_id ?? null, override_id: null });
  }
  return { layers, overrides: overrides.map((o) => overrideShift(o, from, to)), final: merge(pieces) };
}

export const shiftsFor = (schedule: Schedule, from: number, to: number): Shift[] => planOnCall(schedule, from, to).final;

/** How far either side of an instant the stand-in looks to find the whole shift around it. */
const AROUND_MS = 35 * 86_400_000;

/** The shift covering `at`, whole (not cut to the instant); null when nobody is on call. */
export function onCallAt(schedule: Schedule, at: number): Shift | null {
  const s = shiftsFor(schedule, at - AROUND_MS, at + AROUND_MS).find((x) => x.start <= at && at < x.end);
  return s && s.user_id !== null ? s : null;
}

/** The first shift of `userId` starting within [from, from + horizon) or covering `from`. */
export function nextOnCall(schedule: Schedule, userId: string, from: number, horizon: number): Shift | null {
  return shiftsFor(schedule, from, from + horizon).find((s) => s.user_id === userId) ?? null;
}

function validateLayer(l: Layer, i: number): FieldError[] {
  const f = (name: string) => `layers.${i}.${name}`;
  const errors: FieldError[] = [];
  if (l.members.length === 0) errors.push({ field: f('members'), message: 'a layer needs at least one member' });
  if (!Number.isInteger(l.shift.count) || l.shift.count < 1) errors.push({ field: f('shift.count'), message: 'a shift lasts at least 1 ' + l.shift.unit });
  if (!HHMM.test(l.handoff)) errors.push({ field: f('handoff'), message: 'handoff must be a time of day HH:MM' });
  if (!DATE.test(l.start_date) || !DateTime.fromISO(l.start_date).isValid) errors.push({ field: f('start_date'), message: 'start_date must be a date YYYY-MM-DD' });
  (l.restrictions ?? []).forEach((r, j) => {
    const rf = (name: string) => `layers.${i}.restrictions.${j}.${name}`;
    if (!HHMM.test(r.start)) errors.push({ field: rf('start'), message: 'start must be HH:MM' });
    if (!HHMM.test(r.end)) errors.push({ field: rf('end'), message: 'end must be HH:MM' });
    if (r.days && r.days.length === 0) errors.push({ field: rf('days'), message: 'a restriction with no days never matches: list days or leave them out' });
  });
  return errors;
}

/** Everything wrong with a schedule, each naming its field; empty when it is fine. */
export function validateSchedule(input: Pick<Schedule, 'time_zone' | 'layers'>): FieldError[] {
  const errors: FieldError[] = [];
  if (!IANAZone.isValidZone(input.time_zone)) errors.push({ field: 'time_zone', message: 'time_zone must be an IANA time zone such as Europe/Berlin' });
  input.layers.forEach((l, i) => errors.push(...validateLayer(l, i)));
  return errors;
}

/** Members who cannot take their turns (deleted or deactivated): their turns in [from, to) are gaps. */
export function scheduleWarnings(schedule: Schedule, inactive: ReadonlySet<string>, from: number, to: number): ScheduleWarning[] {
  const out: ScheduleWarning[] = [];
  for (const l of schedule.layers) {
    for (const u of new Set(l.members)) {
      if (!inactive.has(u)) continue;
      const turn = layerShifts(schedule, l, from, to).find((s) => s.user_id === u);
      out.push({
        kind: 'inactive_member',
        message: `${u} is in layer ${l.name} but is deleted or deactivated: their turns are uncovered`,
        user_id: u,
        layer_id: l.id,
        start: turn?.start ?? null,
        end: turn?.end ?? null,
      });
    }
  }
  return out;
}
