import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';

// Shared steps of the intake tests: a service with a key, events sent as senders send them,
// and what a user would look at afterwards (alerts, incidents, counts).

export type Actor = Awaited<ReturnType<Harness['actor']>>;

export async function serviceWithKey(h: Harness, admin: Actor, name: string, type: string, extra: Record<string, unknown> = {}) {
  const svc = await h.call('POST', '/api/v1/services', { token: admin.token, body: { name } });
  if (svc.statusCode !== 201) throw new Error(svc.body);
  const key = await h.call('POST', `/api/v1/services/${svc.json().id}/integration-keys`, { token: admin.token, body: { name: `${name} ${type}`, type, ...extra } });
  if (key.statusCode !== 201) throw new Error(key.body);
  return { serviceId: svc.json().id as string, key: key.json() as { id: string; key: string; endpoint: string; key_prefix: string } };
}

export const enqueue = (h: Harness, body: unknown) => h.call('POST', '/v2/enqueue', { body: typeof body === 'string' ? body : (body as object), headers: { 'content-type': 'application/json' } });

export const trigger = (routingKey: string, extra: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
  routing_key: routingKey,
  event_action: 'trigger',
  payload: { summary: 'Disk full on db-1', source: 'db-1', severity: 'critical', ...payload },
  ...extra,
});

export async function alertsOf(h: Harness, token: string, keyId: string) {
  const res = await h.call('GET', `/api/v1/alerts?source_ref=${keyId}&limit=200`, { token });
  return res.json().items as Array<{ id: string; status: string; events: number; incident_id: string | null; acknowledged_at: string | null; severity: string; summary: string; dedup_key: string; details: Record<string, unknown> }>;
}

export async function incident(h: Harness, token: string, id: string) {
  return (await h.call('GET', `/api/v1/incidents/${id}`, { token })).json() as { status: string; severity: string; detection_source: string; title: string };
}

/** Rows in the tables intake writes: what "nothing stored" is checked against. */
export async function counts(h: Harness) {
  const n = async (table: 'alerts' | 'incidents' | 'change_events' | 'timeline_events') =>
    Number((await h.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { alerts: await n('alerts'), incidents: await n('incidents'), changes: await n('change_events'), timeline: await n('timeline_events') };
}

/** Check results a monitor has stored (a heartbeat: its pings). */
export async function resultsOf(h: Harness, monitorId: string): Promise<number> {
  const row = await h.db.kysely
    .selectFrom('check_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('monitor_seq', '=', (eb) => eb.selectFrom('monitors').select('seq').where('id', '=', monitorId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An Opsgenie client on one key (`Authorization: GenieKey`): any call, and how a request went. */
export function genieClient(h: Harness, key: string) {
  const headers = { authorization: `GenieKey ${key}` };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => h.call(method, path, { headers, ...(body === undefined ? {} : { body: body as object }) });
  return {
    call,
    post: (path: string, body: unknown) => call('POST', path, body),
    get: (path: string) => call('GET', path),
    /** GET /v2/alerts/requests/:requestId's `data` (200 expected). */
    status: async (requestId: string) => {
      const res = await call('GET', `/v2/alerts/requests/${encodeURIComponent(requestId)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data;
    },
  };
}
