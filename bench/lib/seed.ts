/**
 * Bulk data for benchmarks, written straight to the tables (through the same Kysely types the
 * stores use) because declaring 100,000 incidents one request at a time would take minutes.
 * The rows have the shape `declare` produces: an incident, its service, a commander, timeline events.
 */
import { sql, type Insertable } from 'kysely';
import type { Database } from '../../src/core/db/index.js';
import type { IncidentRolesTable, IncidentServicesTable, IncidentsTable, TimelineEventsTable } from '../../src/incidents/tables.js';
import { newId } from '../../src/core/ids.js';

const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4'] as const;
const WORDS = ['checkout', 'database', 'latency', 'login', 'payments', 'search', 'queue', 'dns', 'cache', 'api'];
const DAY = 86_400_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SeedResult {
  incidents: number;
  serviceIds: string[];
}

export async function seedIncidents(db: Database, opts: { count: number; commanderId: string; now: number; eventsPerIncident?: number }): Promise<SeedResult> {
  const rand = rng(42);
  const serviceIds: string[] = [];
  for (const name of WORDS) {
    const id = newId('svc');
    serviceIds.push(id);
    await db.kysely
      .insertInto('services')
      .values({ id, name, description: '', owner_team_id: null, runbook_url: null, created_at: opts.now, updated_at: opts.now })
      .execute();
  }
  const batch = 500;
  const events = opts.eventsPerIncident ?? 1;
  for (let start = 0; start < opts.count; start += batch) {
    const incidents: Insertable<IncidentsTable>[] = [];
    const links: Insertable<IncidentServicesTable>[] = [];
    const roles: Insertable<IncidentRolesTable>[] = [];
    const timeline: Insertable<TimelineEventsTable>[] = [];
    for (let i = start; i < Math.min(opts.count, start + batch); i++) {
      const id = newId('inc');
      const detected = opts.now - Math.floor(rand() * 365 * DAY);
      const open = rand() < 0.01;
      const ack = detected + Math.floor(rand() * 600_000);
      const resolved = ack + Math.floor(rand() * 6 * 3_600_000);
      incidents.push({
        id,
        number: i + 1,
        title: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} degraded #${i + 1}`,
        severity: SEVERITIES[Math.floor(rand() * 4)]!,
        status: open ? ('triggered' as const) : ('resolved' as const),
        detection_source: 'monitor' as const,
        drill: 0,
        users_affected: null,
        functionality_broken: '',
        data_at_risk: 0,
        hypothesis: '',
        root_cause_category: null,
        started_at: detected - 60_000,
        detected_at: detected,
        acknowledged_at: open ? null : ack,
        mitigated_at: null,
        resolved_at: open ? null : resolved,
        closed_at: null,
        created_by: opts.commanderId,
        created_at: detected,
        updated_at: open ? detected : resolved,
      });
      links.push({ incident_id: id, service_id: serviceIds[i % serviceIds.length]! });
      roles.push({ incident_id: id, role: 'commander' as const, user_id: opts.commanderId, assigned_at: detected });
      for (let e = 0; e < events; e++) {
        timeline.push({
          id: newId('evt'),
          incident_id: id,
          at: detected + e * 60_000,
          kind: e === 0 ? 'declared' : 'note',
          actor_kind: 'user' as const,
          actor_id: opts.commanderId,
          actor_name: 'Bench',
          actor_role: 'commander',
          data: '{}',
          seq: e + 1,
        });
      }
    }
    await db.tx(async (q) => {
      await q.insertInto('incidents').values(incidents).execute();
      await q.insertInto('incident_services').values(links).execute();
      await q.insertInto('incident_roles').values(roles).execute();
      for (let k = 0; k < timeline.length; k += 1000) await q.insertInto('timeline_events').values(timeline.slice(k, k + 1000)).execute();
    });
  }
  await db.kysely.updateTable('counters').set({ value: opts.count }).where('name', '=', 'incident_number').execute();
  // A live database has planner statistics (PostgreSQL's autovacuum gathers them as rows arrive);
  // a bulk load has none until then, and the planner would guess. Gather them now, on both.
  await sql`analyze`.execute(db.kysely);
  return { incidents: opts.count, serviceIds };
}
