import { randomUUID } from 'node:crypto';
import { roleAtLeast, runner, type Ctx } from '../core/context.js';
import { emit, inTransaction } from '../core/events.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../core/lists.js';
import type { Severity } from '../incidents/model.js';
import { serviceNames } from '../services/service.js';
import { actingRole } from '../users/service.js';
import { confirmationOf, DEFAULT_CONFIRMATION, type CheckSpec, type Confirmation, type MonitorType } from './model.js';
import { toMonitorJson, type MonitorJson } from './model.json.js';
import { checkConfirmation, checkInterval, checkSpec, checkTimeout, defaultName, isMonitorType, type Checked, type TargetInput } from './model.spec.js';
import * as store from './store.js';
import type { MonitorsTable } from './tables.js';

// Other domains ping a heartbeat by name (the Opsgenie heartbeat API) through here.
export { pingByName } from './heartbeat.js';

export interface MonitorInput {
  name?: string;
  target?: TargetInput;
  interval_s?: number;
  timeout_ms?: number;
  confirmation?: Partial<Confirmation>;
  locations?: string[];
  service_id?: string | null;
  severity?: Severity;
  auto_resolve?: boolean;
}

function requireResponder(ctx: Ctx): void {
  if (!roleAtLeast(actingRole(ctx), 'responder')) throw new ForbiddenError('Managing monitors needs the responder role');
}

function must<T>(c: Checked<T>): T {
  if (!c.ok) throw new ValidationError(c.message, c.field);
  return c.value;
}

async function load(ctx: Ctx, id: string, lock = false): Promise<MonitorsTable> {
  const row = await store.findById(runner(ctx), id, lock);
  if (!row) throw new NotFoundError('Monitor', id);
  return row;
}

async function checkLocations(ctx: Ctx, names: readonly string[]): Promise<string[]> {
  const known = new Set((await store.listLocations(runner(ctx))).map((l) => l.name));
  const unique = [...new Set(names.map((n) => n.trim()))];
  const unknown = unique.filter((n) => !known.has(n));
  if (unknown.length) throw new ValidationError(`locations: there is no location ${unknown.join(', ')} (known: ${[...known].join(', ')})`, 'locations');
  return unique;
}

async function checkService(ctx: Ctx, id: string | null | undefined): Promise<void> {
  if (id && !(await serviceNames(ctx, [id])).has(id)) throw new ValidationError(`service_id: there is no service ${id}`, 'service_id');
}

/** Every field a monitor row gets from what was asked, checked together (timeout vs interval ...). */
async function settle(ctx: Ctx, type: MonitorType, input: MonitorInput, base: Partial<MonitorsTable>) {
  const spec: CheckSpec = input.target !== undefined ? must(checkSpec(type, input.target)) : (JSON.parse(base.spec!) as CheckSpec);
  const intervalS = type === 'heartbeat' ? (spec as { period_s: number }).period_s : must(checkInterval(input.interval_s ?? base.interval_s ?? 60));
  const timeoutMs = must(checkTimeout(input.timeout_ms ?? base.timeout_ms ?? Math.min(10_000, intervalS * 500), intervalS));
  const locations = input.locations !== undefined ? await checkLocations(ctx, input.locations) : (JSON.parse(base.locations ?? '[]') as string[]);
  const count = locations.length || (await store.listLocations(runner(ctx))).length;
  // A heartbeat reports once per period, so its first missed or failed run is the news (K=1).
  const fresh = type === 'heartbeat' ? { ...DEFAULT_CONFIRMATION, failures_to_down: 1 } : DEFAULT_CONFIRMATION;
  const previous = base.confirmation ? confirmationOf(base.confirmation) : fresh;
  const confirmation = must(checkConfirmation({ ...previous, ...input.confirmation }, count));
  if (input.service_id !== undefined) await checkService(ctx, input.service_id);
  const name = input.name !== undefined ? input.name.trim() : (base.name ?? defaultName(spec));
  if (!name) throw new ValidationError('name must not be blank', 'name');
  return {
    name,
    spec: JSON.stringify(spec),
    interval_s: intervalS,
    timeout_ms: timeoutMs,
    confirmation: JSON.stringify(confirmation),
    locations: JSON.stringify(locations),
    ...(input.service_id !== undefined ? { service_id: input.service_id } : {}),
    ...(input.severity !== undefined ? { severity: input.severity } : {}),
    ...(input.auto_resolve !== undefined ? { auto_resolve: input.auto_resolve ? 1 : 0 } : {}),
  };
}

export async function createMonitor(ctx: Ctx, input: MonitorInput & { type: string }): Promise<MonitorJson> {
  requireResponder(ctx);
  if (!isMonitorType(input.type)) throw new ValidationError(`type: "${input.type.slice(0, 40)}" is not a monitor type; use http, tcp, dns, tls or heartbeat`, 'type');
  const type = input.type;
  const fields = await settle(ctx, type, { ...input, target: input.target ?? {} }, {});
  const id = newId('mon');
  await inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    const seq = await store.nextSeq(t.tx, 'monitor_seq');
    await store.insertMonitor(t.tx, {
      id,
      seq,
      type,
      service_id: null,
      severity: 'SEV-2',
      auto_resolve: 1,
      paused: 0,
      heartbeat_uuid: type === 'heartbeat' ? randomUUID() : null,
      state: 'unknown',
      state_changed_at: null,
      alert_id: null,
      flap: JSON.stringify({ changes: [], flapping: false }),
      created_at: now,
      updated_at: now,
      ...fields,
    });
    await emit(t, 'monitor.changed', { id, change: 'created' }, now);
  });
  return getMonitor(ctx, id);
}

export async function updateMonitor(ctx: Ctx, id: string, input: MonitorInput): Promise<MonitorJson> {
  requireResponder(ctx);
  const row = await load(ctx, id);
  const fields = await settle(ctx, row.type, input, row);
  await inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    await store.updateMonitor(t.tx, id, { ...fields, updated_at: now });
    await emit(t, 'monitor.changed', { id, change: 'updated' }, now);
  });
  return getMonitor(ctx, id);
}

/** Pausing stops the checks (and any alert stays as it is); resuming starts them at the next slot. */
export async function setPaused(ctx: Ctx, id: string, paused: boolean): Promise<MonitorJson> {
  requireResponder(ctx);
  await load(ctx, id);
  await inTransaction(ctx, async (t) => {
    const now = t.clock.now().getTime();
    await store.updateMonitor(t.tx, id, { paused: paused ? 1 : 0, updated_at: now });
    await store.insertEvent(t.tx, { id: newId('mev'), monitor_id: id, location: null, at: now, kind: paused ? 'paused' : 'resumed', message: `by ${ctx.actor.name}` });
    await emit(t, 'monitor.changed', { id, change: paused ? 'paused' : 'resumed' }, now);
  });
  return getMonitor(ctx, id);
}

export async function deleteMonitor(ctx: Ctx, id: string): Promise<void> {
  requireResponder(ctx);
  await load(ctx, id);
  await inTransaction(ctx, async (t) => {
    await store.deleteMonitor(t.tx, id);
    await emit(t, 'monitor.changed', { id, change: 'deleted' }, t.clock.now().getTime());
  });
}

export async function getMonitor(ctx: Ctx, id: string): Promise<MonitorJson> {
  const row = await load(ctx, id);
  return toMonitorJson(row, await store.statesOf(runner(ctx), [id]));
}

export interface MonitorListInput {
  limit?: number;
  cursor?: string;
  q?: string;
  service_id?: string;
  state?: store.MonitorFilter['state'];
}

export async function listMonitors(ctx: Ctx, input: MonitorListInput): Promise<Page<MonitorJson>> {
  const limit = input.limit ?? 50;
  const rows = await store.list(runner(ctx), {
    limit,
    after: input.cursor ? decodeCursor(input.cursor) : null,
    q: input.q?.trim() || null,
    serviceId: input.service_id,
    state: input.state,
  });
  const page = rows.slice(0, limit);
  const states = await store.statesOf(runner(ctx), page.map((r) => r.id));
  const byMonitor = new Map<string, typeof states>();
  for (const s of states) byMonitor.set(s.monitor_id, [...(byMonitor.get(s.monitor_id) ?? []), s]);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => toMonitorJson(r, byMonitor.get(r.id) ?? [])),
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/** Whether monitor checks are being made at all (src/watchdog asks). */
export async function checkingReading(ctx: Ctx): Promise<Awaited<ReturnType<typeof store.checking>>> {
  return store.checking(runner(ctx));
}

/** Counts by state for the page header and `/metrics`. */
export async function monitorCounts(ctx: Ctx): Promise<Record<'up' | 'degraded' | 'down' | 'unknown' | 'paused', number>> {
  const out = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0 };
  for (const r of await store.countByState(runner(ctx))) {
    if (r.paused) out.paused += r.n;
    else out[r.state as keyof typeof out] += r.n;
  }
  return out;
}
