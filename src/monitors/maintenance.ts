import { roleAtLeast, runner, type Ctx } from '../core/context.js';
import { fromIso, toIso } from '../core/clock.js';
import { emit, inTransaction } from '../core/events.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { serviceNames } from '../services/service.js';
import { actingRole } from '../users/service.js';
import { activeAt, occurrences, validateWindow, type MaintenanceWindow } from './model.maintenance.js';
import * as store from './store.js';
import type { MaintenanceWindowsTable } from './tables.js';

// Maintenance windows: one-off or recurring (RRULE in a named zone), on a monitor or a whole
// service. Checks keep running and are recorded; nothing opens or pages while one is active.

export interface WindowInput {
  title: string;
  monitor_id?: string | null;
  service_id?: string | null;
  starts_at: string;
  ends_at?: string | null;
  duration_minutes?: number | null;
  rrule?: string | null;
  time_zone?: string;
}

export const toWindow = (r: MaintenanceWindowsTable): MaintenanceWindow => ({
  id: r.id,
  starts_at: Number(r.starts_at),
  ends_at: r.ends_at === null ? null : Number(r.ends_at),
  duration_ms: Number(r.duration_ms),
  rrule: r.rrule,
  time_zone: r.time_zone,
});

export function toWindowJson(r: MaintenanceWindowsTable, now: number) {
  const w = toWindow(r);
  return {
    id: r.id,
    title: r.title,
    monitor_id: r.monitor_id,
    service_id: r.service_id,
    starts_at: toIso(w.starts_at)!,
    ends_at: toIso(w.ends_at),
    duration_ms: w.duration_ms,
    rrule: r.rrule,
    time_zone: r.time_zone,
    created_at: toIso(Number(r.created_at))!,
    active: activeAt([w], now) !== null,
    next: occurrences(w, now, now + 400 * 86_400_000)
      .slice(0, 5)
      .map(([start, end]) => ({ start: toIso(start)!, end: toIso(end)! })),
  };
}
export type WindowJson = ReturnType<typeof toWindowJson>;

function time(raw: string | null | undefined, field: string): number | null {
  if (raw === undefined || raw === null) return null;
  const at = fromIso(raw);
  if (Number.isNaN(at)) throw new ValidationError(`${field} must be an RFC 3339 time`, field);
  return at;
}

export async function createWindow(ctx: Ctx, input: WindowInput): Promise<WindowJson> {
  if (!roleAtLeast(actingRole(ctx), 'responder')) throw new ForbiddenError('Planning maintenance needs the responder role');
  const title = input.title.trim();
  if (!title) throw new ValidationError('title must not be blank', 'title');
  if (!input.monitor_id === !input.service_id) throw new ValidationError('Give either monitor_id or service_id: what the window covers', 'monitor_id');
  if (input.monitor_id && !(await store.findById(runner(ctx), input.monitor_id))) throw new ValidationError(`monitor_id: there is no monitor ${input.monitor_id}`, 'monitor_id');
  if (input.service_id && !(await serviceNames(ctx, [input.service_id])).has(input.service_id)) throw new ValidationError(`service_id: there is no service ${input.service_id}`, 'service_id');
  const startsAt = time(input.starts_at, 'starts_at')!;
  const endsAt = time(input.ends_at, 'ends_at');
  const durationMs = input.duration_minutes != null ? input.duration_minutes * 60_000 : endsAt !== null ? endsAt - startsAt : 0;
  const checked = validateWindow({ id: 'new', starts_at: startsAt, ends_at: input.rrule ? null : endsAt, duration_ms: durationMs, rrule: input.rrule ?? null, time_zone: input.time_zone ?? 'UTC' });
  if (!checked.ok) throw new ValidationError(checked.message, checked.field);
  const now = ctx.clock.now().getTime();
  const row: MaintenanceWindowsTable = {
    ...checked.value,
    id: newId('mnt'),
    title,
    monitor_id: input.monitor_id ?? null,
    service_id: input.service_id ?? null,
    created_at: now,
  };
  await inTransaction(ctx, async (t) => {
    await store.insertWindow(t.tx, row);
    if (row.monitor_id) await emit(t, 'monitor.changed', { id: row.monitor_id, change: 'maintenance' }, now);
  });
  return toWindowJson(row, now);
}

export async function deleteWindow(ctx: Ctx, id: string): Promise<void> {
  if (!roleAtLeast(actingRole(ctx), 'responder')) throw new ForbiddenError('Planning maintenance needs the responder role');
  if ((await store.deleteWindow(ctx.db.kysely, id)) === 0) throw new NotFoundError('Maintenance window', id);
}

export async function listWindows(ctx: Ctx, f: { monitor_id?: string; service_id?: string }): Promise<WindowJson[]> {
  const now = ctx.clock.now().getTime();
  // A monitor's windows include its service's: both keep it quiet.
  const serviceId = f.service_id ?? (f.monitor_id ? (await store.findById(runner(ctx), f.monitor_id))?.service_id : undefined);
  const rows =
    f.monitor_id || f.service_id
      ? await store.windowsFor(runner(ctx), f.monitor_id ? [f.monitor_id] : [], serviceId ? [serviceId] : [])
      : await store.allWindows(runner(ctx));
  return rows.map((r) => toWindowJson(r, now));
}
