// The one door from the schedules domain to its pure on-call rules (model.ts), shaped as the
// store, API and feeds use them: field paths as the API names them (`layers.0.members`), warnings
// about people who left (gaps are reported by the service, once, from the final shifts).
import * as model from './model.js';
import type { Layer, Schedule } from './model.types.js';

export { nextOnCall, onCallAt, planOnCall, shiftsFor, turnsIn } from './model.js';
export type * from './model.types.js';

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

/** `layers[0].shift.count` → `layers.0.shift.count`, as the API's other errors name fields. */
const apiField = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** Everything wrong with a schedule's zone and layers, each naming its field; empty when it is fine. A schedule may have no layers yet. */
export function validateSchedule(input: Pick<Schedule, 'time_zone' | 'layers'>): FieldError[] {
  const layers: Layer[] = input.layers.map((l, i) => ({ ...l, id: l.id || `layer_${i}`, name: l.name ?? '' }));
  const checked = model.validateSchedule({ id: 'new', name: 'new', time_zone: input.time_zone, layers, overrides: [] });
  if (checked.ok) return [];
  return checked.errors.filter((e) => !(e.field === 'layers' && input.layers.length === 0)).map((e) => ({ field: apiField(e.field), message: e.message }));
}

/** Members and overrides of people no longer active: their turns in [from, to) are gaps, never skipped. */
export function scheduleWarnings(schedule: Schedule, inactive: ReadonlySet<string>, from: number, to: number): ScheduleWarning[] {
  const everyone = new Set([...schedule.layers.flatMap((l) => l.members), ...schedule.overrides.map((o) => o.user_id)]);
  const active = [...everyone].filter((u) => !inactive.has(u));
  return model
    .scheduleWarnings(schedule, active, from, to)
    .filter((w) => w.kind !== 'gap')
    .map((w) => ({
      kind: 'inactive_member' as const,
      message: w.message,
      user_id: w.user_id ?? null,
      layer_id: w.layer_id ?? null,
      start: w.start ?? null,
      end: w.end ?? null,
    }));
}
