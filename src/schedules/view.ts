import type { Static } from 'typebox';
import { toIso } from '../core/clock.js';
import type { Layer, Override, Restriction, Schedule, ScheduleWarning, Shift, ShiftLength } from './rules.js';
import type * as S from './schemas.js';
import type { ScheduleLayersTable, ScheduleOverridesTable, SchedulesTable } from './tables.js';

// Rows to the shared shapes and the shapes to JSON: pure, no I/O.

export type ScheduleJson = Static<typeof S.ScheduleSchema>;
export type ShiftJson = Static<typeof S.ShiftSchema>;
export type WarningJson = Static<typeof S.WarningSchema>;
export type OverrideJson = Static<typeof S.OverrideSchema>;

export const toLayer = (r: ScheduleLayersTable): Layer => ({
  id: r.id,
  name: r.name,
  members: JSON.parse(r.members) as string[],
  shift: JSON.parse(r.shift) as ShiftLength,
  handoff: r.handoff,
  start_date: r.start_date,
  ...(r.restrictions ? { restrictions: JSON.parse(r.restrictions) as Restriction[] } : {}),
  ends_at: r.ends_at === null ? null : Number(r.ends_at),
});

export const toLayerRow = (scheduleId: string, l: Layer, position: number): ScheduleLayersTable => ({
  id: l.id,
  schedule_id: scheduleId,
  position,
  name: l.name,
  members: JSON.stringify(l.members),
  shift: JSON.stringify(l.shift),
  handoff: l.handoff,
  start_date: l.start_date,
  restrictions: l.restrictions?.length ? JSON.stringify(l.restrictions) : null,
  ends_at: l.ends_at ?? null,
});

export const toOverride = (r: ScheduleOverridesTable): Override => ({ id: r.id, user_id: r.user_id, replaces: r.replaces, start: Number(r.starts_at), end: Number(r.ends_at) });

export const toSchedule = (row: SchedulesTable, layers: ScheduleLayersTable[], overrides: ScheduleOverridesTable[]): Schedule => ({
  id: row.id,
  name: row.name,
  time_zone: row.time_zone,
  layers: layers.map(toLayer),
  overrides: overrides.map(toOverride),
});

/** The people a schedule names: members and override takers (to learn who is active, and names). */
export const peopleOf = (s: Schedule): string[] => [...new Set([...s.layers.flatMap((l) => l.members), ...s.overrides.flatMap((o) => [o.user_id, ...(o.replaces ? [o.replaces] : [])])])];

/** A shift as the API shows it: a deleted or deactivated person's turn is a gap that names them. */
export function toShiftJson(s: Shift, inactive: ReadonlySet<string>, names: ReadonlyMap<string, string>): ShiftJson {
  const gone = s.user_id !== null && inactive.has(s.user_id);
  const user = gone ? null : s.user_id;
  return {
    start: toIso(s.start)!,
    end: toIso(s.end)!,
    user_id: user,
    user_name: user === null ? null : (names.get(user) ?? null),
    layer_id: s.layer_id,
    override_id: s.override_id,
    uncovered_user_id: gone ? s.user_id : null,
  };
}

/** Whether the shift has someone who can take a page. */
export const covered = (s: Shift | null | undefined, inactive: ReadonlySet<string>): s is Shift & { user_id: string } =>
  !!s && s.user_id !== null && !inactive.has(s.user_id);

export const toWarningJson = (w: ScheduleWarning): WarningJson => ({ ...w, start: toIso(w.start), end: toIso(w.end) });

/** A gap (nobody on call) among the final shifts, as a warning; null when there is none. */
export function gapWarning(final: Shift[], inactive: ReadonlySet<string>): ScheduleWarning | null {
  const gap = final.find((s) => !covered(s, inactive));
  if (!gap) return null;
  const who = gap.user_id ? ` (${gap.user_id} is deleted or deactivated)` : '';
  return { kind: 'gap', message: `Nobody is on call from ${toIso(gap.start)} to ${toIso(gap.end)}${who}`, user_id: gap.user_id, layer_id: gap.layer_id, start: gap.start, end: gap.end };
}

export const toLayerJson = (l: Layer) => ({
  id: l.id,
  name: l.name,
  members: l.members,
  shift: l.shift,
  handoff: l.handoff,
  start_date: l.start_date,
  restrictions: l.restrictions ?? null,
  ends_at: toIso(l.ends_at ?? null),
});

export const toOverrideJson = (r: ScheduleOverridesTable): OverrideJson => ({
  id: r.id,
  schedule_id: r.schedule_id,
  user_id: r.user_id,
  replaces: r.replaces,
  start: toIso(r.starts_at)!,
  end: toIso(r.ends_at)!,
  created_by: r.created_by,
  cover_request_id: r.cover_request_id,
  created_at: toIso(r.created_at)!,
});
