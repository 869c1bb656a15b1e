// Bad schedules as people enter them (field-named errors), and the holes of a saved one
// (visible warnings). Pure.

import { DateTime } from 'luxon';
import { planOnCall } from './model.plan.js';
import type { Layer, Override, Restriction, Schedule } from './model.types.js';
import { canonicalZone, DAY_MS, MINUTE_MS, parseClock, parseLocalDate, ZoneClock } from './model.zone.js';

export interface ScheduleProblem {
  /** The input's path: `time_zone`, `layers[0].shift.count`, `overrides[2].end`. */
  field: string;
  message: string;
}

export type ScheduleValidation = { ok: true; value: Schedule } | { ok: false; errors: ScheduleProblem[] };

const MAX_COUNT = { hours: 24 * 366, days: 366, weeks: 53 } as const;
/** Far beyond any real rota; they bound the work one question about a schedule can cause. */
export const SCHEDULE_LIMITS = { layers: 20, members: 200, restrictions: 50 } as const;
const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= Date.UTC(FIRST_YEAR, 0, 1) && v < Date.UTC(LAST_YEAR + 1, 0, 1);

/** Checks a whole schedule; every problem found, each naming its field. Zone names come back canonical. */
export function validateSchedule(input: Schedule): ScheduleValidation {
  const errors: ScheduleProblem[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (!isText(input.name)) fail('name', 'a schedule needs a name');
  const zone = typeof input.time_zone === 'string' ? canonicalZone(input.time_zone) : null;
  if (zone === null) fail('time_zone', `"${String(input.time_zone)}" is not a time zone; use a name such as Europe/Berlin or America/New_York`);
  if (!Array.isArray(input.layers) || input.layers.length === 0) fail('layers', 'a schedule needs at least one layer (a rotation)');
  else if (input.layers.length > SCHEDULE_LIMITS.layers) fail('layers', `a schedule has at most ${SCHEDULE_LIMITS.layers} layers`);
  const layers = Array.isArray(input.layers) ? input.layers.map((l, i) => checkLayer(l, `layers[${i}]`, zone, fail)) : [];
  const ids = new Set<string>();
  layers.forEach((l, i) => {
    if (typeof l?.id !== 'string') return;
    if (ids.has(l.id)) fail(`layers[${i}].id`, `two layers have the id "${l.id}"`);
    ids.add(l.id);
  });
  if (!Array.isArray(input.overrides)) fail('overrides', 'overrides must be a list (it may be empty)');
  const overrides = Array.isArray(input.overrides) ? input.overrides : [];
  overrides.forEach((o, i) => checkOverride(o, `overrides[${i}]`, fail));
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { ...input, time_zone: zone!, layers, overrides } };
}

type Fail = (field: string, message: string) => void;

function checkLayer(layer: Layer, at: string, scheduleZone: string | null, fail: Fail): Layer {
  if (typeof layer !== 'object' || layer === null) {
    fail(at, 'a layer has members, a shift, a hand-off time and a start date');
    return layer;
  }
  if (!isText(layer.id)) fail(`${at}.id`, 'a layer needs an id');
  if (typeof layer.name !== 'string') fail(`${at}.name`, 'a layer needs a name');
  if (!Array.isArray(layer.members) || layer.members.length === 0) fail(`${at}.members`, 'a layer needs at least one member');
  else if (layer.members.length > SCHEDULE_LIMITS.members) fail(`${at}.members`, `a layer has at most ${SCHEDULE_LIMITS.members} members`);
  else layer.members.forEach((m, j) => isText(m) || fail(`${at}.members[${j}]`, 'a member is a user id'));
  const unit = layer.shift?.unit;
  const count = layer.shift?.count;
  if (unit !== 'hours' && unit !== 'days' && unit !== 'weeks') fail(`${at}.shift.unit`, 'a shift lasts hours, days or weeks');
  else if (!(typeof count === 'number' && Number.isInteger(count) && count > 0)) fail(`${at}.shift.count`, `a shift lasts a whole number of ${unit}, at least 1`);
  else if (count > MAX_COUNT[unit]) fail(`${at}.shift.count`, `a shift lasts at most ${MAX_COUNT[unit]} ${unit}`);
  const handoff = parseClock(layer.handoff);
  if (handoff === null) fail(`${at}.handoff`, `"${String(layer.handoff)}" is not a time of day; write HH:MM, 00:00 to 23:59`);
  const day = parseLocalDate(layer.start_date);
  const year = day === null ? NaN : new Date(day).getUTCFullYear();
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) fail(`${at}.start_date`, `"${String(layer.start_date)}" is not a date from ${FIRST_YEAR} to ${LAST_YEAR}; write YYYY-MM-DD`);
  let zone = scheduleZone;
  if (layer.time_zone != null) {
    zone = typeof layer.time_zone === 'string' ? canonicalZone(layer.time_zone) : null;
    if (zone === null) fail(`${at}.time_zone`, `"${String(layer.time_zone)}" is not a time zone; use a name such as Asia/Kolkata, or leave it out for the schedule's`);
  }
  const restrictions = Array.isArray(layer.restrictions) ? layer.restrictions : [];
  if (layer.restrictions != null && !Array.isArray(layer.restrictions)) fail(`${at}.restrictions`, 'restrictions must be a list of windows');
  if (restrictions.length > SCHEDULE_LIMITS.restrictions) fail(`${at}.restrictions`, `a layer has at most ${SCHEDULE_LIMITS.restrictions} restriction windows`);
  else restrictions.forEach((r, j) => checkRestriction(r, `${at}.restrictions[${j}]`, fail));
  if (layer.ends_at != null) {
    if (!isInstant(layer.ends_at)) fail(`${at}.ends_at`, 'the end must be a date and time');
    else if (zone !== null && day !== null && handoff !== null && layer.ends_at <= new ZoneClock(zone, day - DAY_MS, day + 2 * DAY_MS).instant(day + handoff * MINUTE_MS)) {
      fail(`${at}.ends_at`, 'the layer ends before its first hand-off, so it never has anyone on call');
    }
  }
  const out: Layer = { ...layer };
  if (layer.time_zone != null && zone !== null) out.time_zone = zone;
  return out;
}

function checkRestriction(r: Restriction, at: string, fail: Fail): void {
  const start = parseClock(r?.start);
  const end = parseClock(r?.end, true);
  if (start === null) fail(`${at}.start`, `"${String(r?.start)}" is not a time of day; write HH:MM, 00:00 to 23:59`);
  if (end === null) fail(`${at}.end`, `"${String(r?.end)}" is not a time of day; write HH:MM, 00:00 to 24:00`);
  if (start !== null && end !== null && start === end) {
    fail(`${at}.end`, 'the window has no length, so it never matches; for a whole day write 00:00 to 24:00');
  }
  if (r?.days === undefined) return;
  if (!Array.isArray(r.days) || r.days.length === 0) fail(`${at}.days`, 'an empty list of days never matches; leave days out for every day');
  else if (!r.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7)) fail(`${at}.days`, 'days are numbers from 1 (Monday) to 7 (Sunday)');
}

function checkOverride(o: Override, at: string, fail: Fail): void {
  if (!isText(o?.id)) fail(`${at}.id`, 'an override needs an id');
  if (!isText(o?.user_id)) fail(`${at}.user_id`, 'an override needs the user who covers');
  if (o?.replaces !== null && !isText(o?.replaces)) fail(`${at}.replaces`, 'replaces is the user id covered for, or null for the whole schedule');
  if (!isInstant(o?.start)) fail(`${at}.start`, 'the start must be a date and time');
  if (!isInstant(o?.end)) fail(`${at}.end`, 'the end must be a date and time');
  else if (isInstant(o.start) && o.end <= o.start) fail(`${at}.end`, 'the override ends before (or when) it starts');
}

export interface ScheduleWarning {
  kind: 'gap' | 'inactive_member' | 'inactive_override';
  message: string;
  /** The input's path of what to fix, when one place is to blame. */
  field?: string;
  layer_id?: string;
  user_id?: string;
  /** A gap: [start, end), and the people no longer active whose turn it is (empty when no layer has anyone then). */
  start?: number;
  end?: number;
  user_ids?: string[];
}

/**
 * What a saved schedule's team should see over [from, to): members and overrides of people no
 * longer active (their turns are gaps, never skipped), and every gap in who is on call.
 */
export function scheduleWarnings(schedule: Schedule, activeUserIds: Iterable<string>, from: number, to: number): ScheduleWarning[] {
  const active = new Set(activeUserIds);
  const out: ScheduleWarning[] = [];
  schedule.layers.forEach((layer, i) => {
    layer.members.forEach((user, j) => {
      if (active.has(user)) return;
      const message = `${user} is no longer active but is member ${j + 1} of layer "${layer.name}": their turns are uncovered until someone replaces them`;
      out.push({ kind: 'inactive_member', field: `layers[${i}].members[${j}]`, layer_id: layer.id, user_id: user, message });
    });
  });
  schedule.overrides.forEach((o, i) => {
    if (active.has(o.user_id) || o.end <= from || o.start >= to) return;
    out.push({ kind: 'inactive_override', field: `overrides[${i}].user_id`, user_id: o.user_id, start: o.start, end: o.end, message: `${o.user_id} is no longer active but covers an override: it is uncovered` });
  });
  const plan = planOnCall(schedule, from, to, { activeUserIds: active });
  const when = (t: number) => DateTime.fromMillis(t, { zone: schedule.time_zone }).toFormat('yyyy-MM-dd HH:mm');
  for (const gap of plan.final) {
    if (gap.user_id !== null) continue;
    const missing = new Set<string>();
    for (const s of [...plan.layers.flatMap((l) => l.shifts), ...plan.overrides]) {
      if (s.start < gap.end && s.end > gap.start && s.user_id !== null && !active.has(s.user_id)) missing.add(s.user_id);
    }
    const user_ids = [...missing];
    const why = user_ids.length > 0 ? `: it is the turn of ${user_ids.join(', ')}, no longer active` : ': no layer has anyone then';
    out.push({ kind: 'gap', start: gap.start, end: gap.end, user_ids, message: `Nobody is on call from ${when(gap.start)} to ${when(gap.end)} (${schedule.time_zone})${why}` });
  }
  return out;
}
