import type { Database } from '../../src/core/db/index.js';
import { newId } from '../../src/core/ids.js';
import type { Harness } from '../support/harness.js';

// Fixtures for the incident tests: services are inserted directly (their routes are another part's).

export async function createService(db: Database, name = `svc-${Math.random().toString(36).slice(2, 8)}`): Promise<{ id: string; name: string }> {
  const id = newId('svc');
  await db.kysely
    .insertInto('services')
    .values({ id, name, description: '', owner_team_id: null, runbook_url: null, created_at: 0, updated_at: 0 })
    .execute();
  return { id, name };
}

/** Everything stored about one incident, to show that a refused request changed nothing. */
export async function snapshot(db: Database, incidentId: string) {
  const q = db.kysely;
  return {
    incident: await q.selectFrom('incidents').selectAll().where('id', '=', incidentId).executeTakeFirst(),
    services: await q.selectFrom('incident_services').selectAll().where('incident_id', '=', incidentId).orderBy('service_id').execute(),
    roles: await q.selectFrom('incident_roles').selectAll().where('incident_id', '=', incidentId).orderBy('role').orderBy('user_id').execute(),
    timeline: await q.selectFrom('timeline_events').selectAll().where('incident_id', '=', incidentId).orderBy('seq').execute(),
    count: Number((await q.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  };
}

export async function declareVia(h: Harness, token: string, body: Record<string, unknown> = {}) {
  const res = await h.call('POST', '/api/v1/incidents', { token, body: { title: 'Checkout returns 502', severity: 'SEV-2', ...body } });
  if (res.statusCode !== 201) throw new Error(`declare failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; number: number; [k: string]: unknown };
}
