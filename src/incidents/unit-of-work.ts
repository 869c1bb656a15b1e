import { actorId, type Ctx } from '../core/context.js';
import type { Q } from '../core/db/index.js';
import type { IncidentsTable } from '../core/db/schema.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { roleOf, toIncidentJson, type IncidentJson, type IncidentRole, type RoleHolder } from './model.js';
import * as store from './store.js';

// The shared shape of every incident change: one transaction, the incident row locked, the
// timeline appended in the same transaction with the role the actor held at that moment.

export interface Work {
  q: Q;
  now: number;
  row: IncidentsTable;
  holders: RoleHolder[];
  /** Appends a timeline event by the current actor; `actorRole` overrides the role looked up. */
  append(kind: string, data: Record<string, unknown>, actorRole?: IncidentRole | null): Promise<string>;
}

export function appender(ctx: Ctx, q: Q, incidentId: string, now: number, holders: () => readonly RoleHolder[]) {
  return async (kind: string, data: Record<string, unknown>, actorRole?: IncidentRole | null): Promise<string> => {
    const id = newId('evt');
    const aid = actorId(ctx.actor);
    await store.insertTimelineEvent(q, {
      id,
      incident_id: incidentId,
      at: now,
      kind,
      actor_kind: ctx.actor.kind,
      actor_id: aid,
      actor_name: ctx.actor.name,
      actor_role: actorRole === undefined ? roleOf(holders(), aid) : actorRole,
      data: JSON.stringify(data),
    });
    return id;
  };
}

/** Loads the incident by id or number (404 if unknown), locked, and runs `fn` in one transaction. */
export async function withIncident<T>(ctx: Ctx, key: string, fn: (w: Work) => Promise<T>): Promise<T> {
  return ctx.db.tx(async (q) => {
    const row = await store.findByKey(q, key, ctx.db.dialect === 'postgres');
    if (!row) throw new NotFoundError('Incident', key);
    const holders: RoleHolder[] = await store.rolesOf(q, [row.id]);
    const now = ctx.clock.now().getTime();
    const append = appender(ctx, q, row.id, now, () => holders);
    return fn({ q, now, row, holders, append });
  });
}

/** The incident as the API shows it, read inside the caller's transaction. */
export async function loadJson(q: Q, id: string): Promise<IncidentJson> {
  const row = await store.findByKey(q, id);
  if (!row) throw new NotFoundError('Incident', id);
  const [services, holders] = await Promise.all([store.servicesOf(q, [id]), store.rolesOf(q, [id])]);
  return toIncidentJson(row, services, holders);
}

/** Refuses ids that are not services; `field` names the body field. */
export async function checkServices(q: Q, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const found = new Set(await store.existingServiceIds(q, unique));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw new ValidationError(`service_ids has unknown services: ${missing.join(', ')}`, 'service_ids');
  return unique;
}

export async function checkActiveUser(q: Q, userId: string, field: string): Promise<{ id: string; name: string }> {
  const user = await store.findActiveUser(q, userId);
  if (!user) throw new ValidationError(`${field} ${userId} is not an active user`, field);
  return user;
}
