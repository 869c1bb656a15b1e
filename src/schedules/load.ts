import { readTogether, roleAtLeast, type Ctx, type Role } from '../core/context.js';
import type { Q } from '../core/db/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { findActiveUserRef, userNames } from '../users/service.js';
import { actingRole } from '../users/service.js';
import { parseTime } from '../users/model.js';
import type { Schedule } from './rules.js';
import * as store from './store.js';
import type { SchedulesTable } from './tables.js';
import { peopleOf, toSchedule } from './view.js';

// Loading schedules with what the rules need (layers, the overrides of a range) and what the
// answers need (who is active, names): shared by every schedules use case.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The overrides loaded around an instant, so the whole shift covering it can be told (see onCallAt). */
export const AROUND_MS = 35 * DAY;
/** The longest range one plan is computed for (a year and a bit). */
export const MAX_RANGE_MS = 400 * DAY;

export interface Loaded {
  row: SchedulesTable;
  schedule: Schedule;
}

export interface People {
  /** Deleted or deactivated: their turns are gaps. */
  inactive: Set<string>;
  names: Map<string, string>;
}

export function requireRole(ctx: Ctx, role: Role, what: string): void {
  if (!roleAtLeast(actingRole(ctx), role)) throw new ForbiddenError(`${what} needs the ${role} role`);
}

export async function loadMany(q: Q, rows: SchedulesTable[], from: number, to: number): Promise<Loaded[]> {
  const ids = rows.map((r) => r.id);
  const [layers, overrides] = await readTogether(q, [() => store.layersOf(q, ids), () => store.overridesOf(q, ids, from, to)] as const);
  return rows.map((row) => ({
    row,
    schedule: toSchedule(
      row,
      layers.filter((l) => l.schedule_id === row.id),
      overrides.filter((o) => o.schedule_id === row.id),
    ),
  }));
}

export async function loadOne(q: Q, id: string, from: number, to: number): Promise<Loaded> {
  const row = await store.findById(q, id);
  if (!row) throw new NotFoundError('Schedule', id);
  return (await loadMany(q, [row], from, to))[0]!;
}

export async function peopleIn(ctx: Ctx, schedules: Schedule[], extra: string[] = []): Promise<People> {
  const ids = [...new Set([...schedules.flatMap(peopleOf), ...extra])];
  const names = await userNames(ctx, ids);
  const inactive = new Set<string>();
  for (const id of ids) if (!(await findActiveUserRef(ctx, id))) inactive.add(id);
  return { inactive, names };
}

/** `from`/`to` of a query: defaults, order and the longest range, each naming its field. */
export function rangeOf(query: { from?: string; to?: string }, now: number, defaultMs: number): { from: number; to: number } {
  const from = query.from === undefined ? now : parseTime(query.from, 'from');
  const to = query.to === undefined ? from + defaultMs : parseTime(query.to, 'to');
  if (to <= from) throw new ValidationError('to must be after from', 'to');
  if (to - from > MAX_RANGE_MS) throw new ValidationError(`the range may span at most ${MAX_RANGE_MS / DAY} days`, 'to');
  return { from, to };
}
