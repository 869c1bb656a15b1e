import { actingRoleOf, actorId, readTogether, runner, type Ctx, type TxCtx } from '../core/context.js';
import type { Q } from '../core/db/index.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { emit, inTransaction } from '../core/events.js';
import { newId } from '../core/ids.js';
import { holdServices, serviceNames } from '../services/service.js';
import { findActiveUserRef, userNames } from '../users/service.js';
import { allowedActions, roleOf, toIncidentJson, type IncidentJson, type IncidentRole, type RoleHolder } from './model.js';
import * as store from './store.js';
import type { IncidentsTable } from './tables.js';

// The shared shape of every incident change: one transaction (the caller's, when one is open),
// the incident row locked, the timeline appended and a domain event recorded in that same
// transaction, with the role the actor held at that moment.

export interface Work {
  ctx: TxCtx;
  q: Q;
  now: number;
  row: IncidentsTable;
  holders: RoleHolder[];
  /** Appends a timeline event by the current actor; `actorRole` overrides the role looked up. */
  append(kind: string, data: Record<string, unknown>, actorRole?: IncidentRole | null): Promise<string>;
}

const LIFECYCLE = new Set(['acknowledged', 'mitigated', 'resolved', 'closed', 'reopened']);

/** The domain event a timeline kind records: lifecycle steps are `incident.transitioned`. */
export const eventTypeOf = (kind: string): string => (LIFECYCLE.has(kind) ? 'incident.transitioned' : `incident.${kind}`);

/** A timeline event by the current actor, and the domain event that announces it. */
export function timelineEvent(ctx: TxCtx, incident: { id: string; number: number }, now: number, kind: string, data: Record<string, unknown>, actorRole: IncidentRole | null) {
  const id = newId('evt');
  const row = {
    id,
    incident_id: incident.id,
    at: now,
    kind,
    actor_kind: ctx.actor.kind,
    actor_id: actorId(ctx.actor),
    actor_name: ctx.actor.name,
    actor_role: actorRole,
    data: JSON.stringify(data),
  };
  return { row, announce: () => emit(ctx, eventTypeOf(kind), { ...data, incident: { id: incident.id, number: Number(incident.number) }, kind, event_id: id }, now) };
}

export function appender(ctx: TxCtx, incident: { id: string; number: number }, now: number, holders: () => readonly RoleHolder[]) {
  return async (kind: string, data: Record<string, unknown>, actorRole?: IncidentRole | null): Promise<string> => {
    const e = timelineEvent(ctx, incident, now, kind, data, actorRole === undefined ? roleOf(holders(), actorId(ctx.actor)) : actorRole);
    await store.insertTimelineEvent(ctx.tx, e.row);
    await e.announce();
    return e.row.id;
  };
}

/**
 * Facts on one or more incidents' timelines by the context's actor with no incident role (paging
 * by the system, signals by a monitor or an integration key) unless a fact names the role, in the
 * caller's transaction: the incidents locked once in id order, the events in one insert
 * (PostgreSQL; SQLite one by one), and with `touch` their updated_at moved to now in one
 * statement. The role holders are not read. `held`: incidents the transaction holds already
 * (locked, or inserted by it), not read again; `at`: the caller's moment, when its rows carry it.
 */
export async function appendFacts(
  ctx: Ctx,
  facts: readonly { incidentId: string; kind: string; data: Record<string, unknown>; actorRole?: IncidentRole | null }[],
  opts: { touch?: boolean; held?: ReadonlyMap<string, { id: string; number: number }>; at?: number } = {},
): Promise<void> {
  if (!facts.length) return;
  await inTransaction(ctx, async (t) => {
    const postgres = t.db.dialect === 'postgres';
    const ids = [...new Set(facts.map((f) => f.incidentId))];
    const held = opts.held;
    const incidents: ReadonlyMap<string, { id: string; number: number }> =
      held && ids.every((id) => held.has(id))
        ? held
        : new Map(ids.length === 1 ? [[ids[0]!, await lockIncident(t, ids[0]!)]] : (await store.findByIds(t.tx, ids.sort(), postgres)).map((r) => [r.id, r]));
    const now = opts.at ?? t.clock.now().getTime();
    const events = facts.map((f) => {
      const incident = incidents.get(f.incidentId);
      if (!incident) throw new NotFoundError('Incident', f.incidentId);
      return timelineEvent(t, incident, now, f.kind, f.data, f.actorRole ?? null);
    });
    await store.insertTimelineEvents(t.tx, events.map((e) => e.row));
    if (opts.touch) await store.touchIncidents(t.tx, [...incidents.keys()], now);
    for (const e of events) await e.announce();
  });
}

/** Loads the incident by id or number (404 if unknown), locked, and runs `fn` in one transaction. */
export async function withIncident<T>(ctx: Ctx, key: string, fn: (w: Work) => Promise<T>): Promise<T> {
  return inTransaction(ctx, async (t) => {
    const row = await lockIncident(t, key);
    const holders = await holdersOf(t, [row.id]);
    const now = t.clock.now().getTime();
    const append = appender(t, row, now, () => holders);
    return fn({ ctx: t, q: t.tx, now, row, holders, append });
  });
}

/** The incident by id or number (404 if unknown), locked until commit on PostgreSQL. */
export async function lockIncident(t: TxCtx, key: string): Promise<IncidentsTable> {
  const row = await store.findByKey(t.tx, key, t.db.dialect === 'postgres');
  if (!row) throw new NotFoundError('Incident', key);
  return row;
}

/** Role holders of several incidents with the people's names, oldest assignment first. */
export async function holdersOf(ctx: Ctx, incidentIds: readonly string[]): Promise<(RoleHolder & { incident_id: string })[]> {
  const rows = await store.rolesOf(runner(ctx), incidentIds);
  const names = await userNames(ctx, [...new Set(rows.map((r) => r.user_id))]);
  return rows.map((r) => ({ ...r, name: names.get(r.user_id) ?? r.user_id }));
}

/** Services of several incidents with their names. */
export async function servicesOf(ctx: Ctx, incidentIds: readonly string[]): Promise<{ incident_id: string; id: string; name: string }[]> {
  const rows = await store.servicesOf(runner(ctx), incidentIds);
  const names = await serviceNames(ctx, [...new Set(rows.map((r) => r.service_id))]);
  return rows.map((r) => ({ incident_id: r.incident_id, id: r.service_id, name: names.get(r.service_id) ?? r.service_id }));
}

/** Incidents as the caller sees them (with the actions the caller may take), in the order given. */
export async function toJsonMany(ctx: Ctx, rows: readonly IncidentsTable[]): Promise<IncidentJson[]> {
  const ids = rows.map((r) => r.id);
  const ackers = [...new Set(rows.flatMap((r) => (r.acknowledged_by === null ? [] : [r.acknowledged_by])))];
  const [services, holders, ackerNames] = await readTogether(runner(ctx), [() => servicesOf(ctx, ids), () => holdersOf(ctx, ids), () => userNames(ctx, ackers)] as const);
  const role = actingRoleOf(ctx.actor);
  const acknowledger = (id: string | null) => (id === null ? null : { id, name: ackerNames.get(id) ?? id });
  return rows.map((r) =>
    toIncidentJson(
      r,
      services.filter((s) => s.incident_id === r.id),
      holders.filter((h) => h.incident_id === r.id),
      allowedActions(r, role),
      acknowledger(r.acknowledged_by),
    ),
  );
}

/** The incident as the API shows it to the caller, read inside the caller's transaction if any. */
export async function loadJson(ctx: Ctx, id: string): Promise<IncidentJson> {
  const row = await store.findByKey(runner(ctx), id);
  if (!row) throw new NotFoundError('Incident', id);
  return (await toJsonMany(ctx, [row]))[0]!;
}

/** Refuses ids that are not services, and holds the others until commit; `service_ids` names the field. */
export async function checkServices(ctx: TxCtx, ids: readonly string[]): Promise<string[]> {
  return (await checkNamedServices(ctx, ids)).map((s) => s.id);
}

/** checkServices, answering each service with its name. */
export async function checkNamedServices(ctx: TxCtx, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  const found = await holdServices(ctx, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new ValidationError(`service_ids has unknown services: ${missing.join(', ')}`, 'service_ids');
  return unique.map((id) => ({ id, name: found.get(id)! }));
}

export async function checkActiveUser(ctx: Ctx, userId: string, field: string): Promise<{ id: string; name: string }> {
  const user = await findActiveUserRef(ctx, userId);
  if (!user) throw new ValidationError(`${field} ${userId} is not an active user`, field);
  return user;
}
