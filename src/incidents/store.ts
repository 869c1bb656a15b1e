import { sql, type Insertable, type Updateable } from 'kysely';
import type { Q } from '../core/db/index.js';
import type { IncidentsTable, TimelineEventsTable } from './tables.js';
import type { IncidentRole } from './model.js';
import type { IncidentStatus, Severity } from './model.js';
import { OPEN_STATUSES } from './model.js';
import { dialectOf, prepared, standInRow } from '../core/db/prepared.js';

// Incidents, their services and roles, and the append-only timeline: the only place their SQL lives.
// The timeline has insert and select only; nothing here updates or deletes a timeline row.

/** Takes the next incident number; the counter row lock serialises concurrent declares. */
export async function nextNumber(q: Q): Promise<number> {
  const row = await q
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'incident_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertIncident(q: Q, row: Insertable<IncidentsTable>): Promise<void> {
  await q.insertInto('incidents').values(row).execute();
}

/** By id, or by number when the key is all digits; `lock` takes a row lock (PostgreSQL). */
export async function findByKey(q: Q, key: string, lock = false): Promise<IncidentsTable | undefined> {
  const byNumber = /^\d{1,16}$/.test(key) && Number.isSafeInteger(Number(key));
  return byNumber ? FIND_BY_NUMBER[lock ? 1 : 0]!.first(q, { number: Number(key) }) : FIND_BY_ID[lock ? 1 : 0]!.first(q, { id: key });
}
// Prepared (db/prepared.ts): every incident change and page reads the incident. [unlocked, locked]
const FIND_BY_ID = [false, true].map((lock) =>
  prepared((db, p: { id: string }) => db.selectFrom('incidents').selectAll().where('id', '=', p.id).$if(lock, (qb) => qb.forUpdate())),
);
const FIND_BY_NUMBER = [false, true].map((lock) =>
  prepared((db, p: { number: number }) => db.selectFrom('incidents').selectAll().where('number', '=', p.number).$if(lock, (qb) => qb.forUpdate())),
);

/** Several incidents by id, in id order (the order every batch locks them in), locked until commit when `lock`. */
export async function findByIds(q: Q, ids: readonly string[], lock: boolean): Promise<IncidentsTable[]> {
  return ids.length ? FIND_BY_IDS[lock ? 1 : 0]!.all(q, { ids: [...ids] }) : [];
}
const FIND_BY_IDS = [false, true].map((lock) =>
  prepared((db, p: { ids: string[] }) => db.selectFrom('incidents').selectAll().where('id', 'in', p.ids).orderBy('id').$if(lock, (qb) => qb.forUpdate())),
);

/** Marks incidents changed at `now` (a signal on their timelines). */
export async function touchIncidents(q: Q, ids: readonly string[], now: number): Promise<void> {
  if (ids.length) await TOUCH.run(q, { ids: [...ids], now });
}
const TOUCH = prepared((db, p: { ids: string[]; now: number }) => db.updateTable('incidents').set({ updated_at: p.now }).where('id', 'in', p.ids));

export async function updateIncident(q: Q, id: string, changes: Updateable<IncidentsTable>): Promise<void> {
  await q.updateTable('incidents').set(changes).where('id', '=', id).execute();
}

export async function setServices(q: Q, incidentId: string, serviceIds: readonly string[]): Promise<void> {
  await q.deleteFrom('incident_services').where('incident_id', '=', incidentId).execute();
  await addServices(q, incidentId, serviceIds);
}

/** A new incident's services (it has none yet: nothing to delete first). */
export async function addServices(q: Q, incidentId: string, serviceIds: readonly string[]): Promise<void> {
  if (serviceIds.length === 0) return;
  await q
    .insertInto('incident_services')
    .values(serviceIds.map((service_id) => ({ incident_id: incidentId, service_id })))
    .execute();
}

/** The service ids of several incidents in one query (names come from the catalog). */
export async function servicesOf(q: Q, incidentIds: readonly string[]): Promise<{ incident_id: string; service_id: string }[]> {
  if (incidentIds.length === 0) return [];
  return SERVICES_OF.all(q, { ids: incidentIds });
}
const SERVICES_OF = prepared((db, p: { ids: readonly string[] }) => db.selectFrom('incident_services').select(['incident_id', 'service_id']).where('incident_id', 'in', p.ids));

/** How many incidents name this service. */
export async function countNaming(q: Q, serviceId: string): Promise<number> {
  const r = await q
    .selectFrom('incident_services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('service_id', '=', serviceId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The newest incident still open (not resolved or closed) that names the service, if any. */
/** The service's open incidents (triggered, acknowledged or mitigated), newest first; a bounded few. */
export async function findOpenNaming(q: Q, serviceId: string, limit: number): Promise<{ id: string; created_at: number }[]> {
  const rows = await FIND_OPEN_NAMING.all(q, { serviceId, limit });
  return rows.map((r) => ({ id: r.id, created_at: r.created_at }));
}
// Per open status, the newest incidents naming the service, walking (status, number) backwards
// and stopping at `limit`: the cost is the few open incidents, not the service's whole history
// (joining from incident_services read every incident it ever had, then sorted them).
const FIND_OPEN_NAMING = prepared((db, p: { serviceId: string; limit: number }) => {
  const newest = (status: IncidentStatus) =>
    db.selectFrom((eb) =>
      eb
        .selectFrom('incidents')
        .select(['incidents.id', 'incidents.created_at', 'incidents.number'])
        .where('incidents.status', '=', status)
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('incident_services').select('incident_services.service_id').whereRef('incident_services.incident_id', '=', 'incidents.id').where('incident_services.service_id', '=', p.serviceId)),
        )
        .orderBy('incidents.number', 'desc')
        .limit(p.limit)
        .as(status),
    ).selectAll();
  return newest('triggered').unionAll(newest('acknowledged')).unionAll(newest('mitigated')).orderBy('number', 'desc').limit(p.limit);
});

/** The role holders of several incidents in one query, oldest assignment first. */
export async function rolesOf(q: Q, incidentIds: readonly string[]): Promise<{ incident_id: string; role: IncidentRole; user_id: string }[]> {
  if (incidentIds.length === 0) return [];
  return ROLES_OF.all(q, { ids: incidentIds });
}
const ROLES_OF = prepared((db, p: { ids: readonly string[] }) =>
  db.selectFrom('incident_roles').select(['incident_id', 'role', 'user_id']).where('incident_id', 'in', p.ids).orderBy('assigned_at').orderBy('user_id'),
);

/**
 * Per person, the real incidents (not drills) they are commander of that were open at some point
 * in [from, to): started before `to`, not resolved before `from`, assigned before `to`.
 */
export async function commandersIn(q: Q, from: number, to: number): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom('incident_roles as r')
    .innerJoin('incidents as i', 'i.id', 'r.incident_id')
    .select((eb) => ['r.user_id', eb.fn.count<string | number>('i.id').distinct().as('n')])
    .where('r.role', '=', 'commander')
    .where('i.drill', '=', 0)
    .where('r.assigned_at', '<', to)
    .where('i.started_at', '<', to)
    .where((eb) => eb.or([eb('i.resolved_at', 'is', null), eb('i.resolved_at', '>=', from)]))
    .groupBy('r.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

export async function insertRole(q: Q, incidentId: string, role: IncidentRole, userId: string, at: number): Promise<void> {
  await q.insertInto('incident_roles').values({ incident_id: incidentId, role, user_id: userId, assigned_at: at }).execute();
}

export async function deleteRole(q: Q, incidentId: string, role: IncidentRole, userId: string): Promise<void> {
  await q
    .deleteFrom('incident_roles')
    .where('incident_id', '=', incidentId)
    .where('role', '=', role)
    .where('user_id', '=', userId)
    .execute();
}

/** Appends an event; `seq` is the incident's next (the caller holds the incident row lock). */
export async function insertTimelineEvent(q: Q, row: Omit<TimelineEventsTable, 'seq'>): Promise<void> {
  await INSERT_TIMELINE_EVENT.run(q, row);
}
const TIMELINE_COLUMNS = ['id', 'incident_id', 'at', 'kind', 'actor_kind', 'actor_id', 'actor_name', 'actor_role', 'data'] as const satisfies readonly (keyof TimelineEventsTable)[];
// Prepared (db/prepared.ts): every incident change appends one.
const INSERT_TIMELINE_EVENT = prepared((db, p: Omit<TimelineEventsTable, 'seq'>) =>
  db.insertInto('timeline_events').values((eb) => ({
    ...standInRow(p, TIMELINE_COLUMNS),
    seq: eb
      .selectFrom('timeline_events')
      .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
      .where('incident_id', '=', p.incident_id),
  })),
);

/**
 * Appends several events, each incident's in the order given (the caller holds their locks). On
 * PostgreSQL in one statement, every row's subquery seeing the timelines as they were before it:
 * hence the offset of each row among its incident's rows here. SQLite runs each row's insert as
 * its own statement (no round trip), as its VALUES rows may see the rows inserted before them.
 */
export async function insertTimelineEvents(q: Q, rows: readonly Omit<TimelineEventsTable, 'seq'>[]): Promise<void> {
  if (rows.length <= 1 || dialectOf(q) !== 'postgres') {
    for (const row of rows) await INSERT_TIMELINE_EVENT.run(q, row);
    return;
  }
  const seen = new Map<string, number>();
  await q
    .insertInto('timeline_events')
    .values((eb) =>
      rows.map((row) => {
        const offset = (seen.get(row.incident_id) ?? 0) + 1;
        seen.set(row.incident_id, offset);
        return {
          ...row,
          seq: eb
            .selectFrom('timeline_events')
            .select(sql<number>`coalesce(max(seq), 0) + ${offset}`.as('next'))
            .where('incident_id', '=', row.incident_id),
        };
      }),
    )
    .execute();
}

export async function findTimelineEvent(q: Q, id: string): Promise<TimelineEventsTable | undefined> {
  return q.selectFrom('timeline_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Oldest first, in append order; `after` a seq (exclusive), at most `limit` (through the (incident_id, seq) index). */
export async function listTimeline(q: Q, incidentId: string, page: { after?: number; limit?: number } = {}): Promise<TimelineEventsTable[]> {
  let query = q.selectFrom('timeline_events').selectAll().where('incident_id', '=', incidentId);
  if (page.after !== undefined) query = query.where('seq', '>', page.after);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return query.orderBy('seq').execute();
}

export interface ListFilter {
  status?: readonly IncidentStatus[];
  severity?: readonly Severity[];
  serviceId?: string;
  since?: number;
  until?: number;
  q?: string;
  /** PostgreSQL: ILIKE (case-insensitive, planner-friendly); SQLite's LIKE already ignores case. */
  ilike?: boolean;
  drill?: boolean;
  /** Only incidents numbered below this (the cursor). */
  before?: number;
  limit: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Newest first by number; index-backed (number unique, status/severity/service indexes). */
export async function listIncidents(q: Q, f: ListFilter): Promise<IncidentsTable[]> {
  return q
    .selectFrom('incidents as i')
    .selectAll('i')
    .$if(f.status !== undefined, (qb) => qb.where('i.status', 'in', f.status!))
    .$if(f.severity !== undefined, (qb) => qb.where('i.severity', 'in', f.severity!))
    .$if(f.serviceId !== undefined, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('incident_services as s')
            .select(sql.lit(1).as('one'))
            .whereRef('s.incident_id', '=', 'i.id')
            .where('s.service_id', '=', f.serviceId!),
        ),
      ),
    )
    .$if(f.since !== undefined, (qb) => qb.where('i.detected_at', '>=', f.since!))
    .$if(f.until !== undefined, (qb) => qb.where('i.detected_at', '<=', f.until!))
    .$if(f.q !== undefined, (qb) => qb.where(sql<boolean>`i.title ${sql.raw(f.ilike ? 'ilike' : 'like')} ${likePattern(f.q!)} escape '\\'`))
    .$if(f.drill !== undefined, (qb) => qb.where('i.drill', '=', f.drill ? 1 : 0))
    .$if(f.before !== undefined, (qb) => qb.where('i.number', '<', f.before!))
    .orderBy('i.number', 'desc')
    .limit(f.limit)
    .execute();
}

/** Open incidents by severity and status, for the operator's metrics. */
export async function countOpen(q: Q) {
  return q
    .selectFrom('incidents')
    .select(['severity', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', [...OPEN_STATUSES])
    .groupBy(['severity', 'status'])
    .execute();
}
