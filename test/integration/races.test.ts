import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { secondInstance, type Instance } from '../support/second-instance.js';
import { KEYS_TTL_MS } from '../../src/integrations/service.js';
import { serviceWithKey } from './intake-helpers.js';

// Invariants under concurrency: each race is fired ROUNDS times through two instances on one
// database. The database or a lock must hold each invariant, not a read before a write.

const ROUNDS = 50;
type Token = string;

describeEachDatabase('races between two instances', (h: Harness) => {
  let other: Instance;
  let admin: Token;
  beforeAll(async () => {
    other = await secondInstance(h);
    admin = (await h.actor('owner')).token;
  });
  afterAll(() => other?.close());

  const via = (i: number): Instance['call'] => (i % 2 === 0 ? (m, u, o) => h.call(m as 'GET', u, o) : other.call.bind(other));

  it('two owners demoting each other at the same moment leave an active owner', async () => {
    const a = await h.actor('owner');
    const b = await h.actor('owner');
    // The harness's first owner is set aside so that a and b are the only active owners.
    const first = (await h.call('GET', '/api/v1/users?limit=200', { token: a.token })).json().items.filter((u: { role: string; id: string }) => u.role === 'owner' && u.id !== a.id && u.id !== b.id);
    for (const u of first) await h.db.kysely.updateTable('users').set({ role: 'admin' }).where('id', '=', u.id).execute();
    for (let round = 0; round < ROUNDS; round++) {
      await h.db.kysely.updateTable('users').set({ role: 'owner', deactivated_at: null }).where('id', 'in', [a.id, b.id]).execute();
      const demoteOrDeactivate = (by: { token: string }, target: string, i: number) =>
        round % 2 === 0
          ? via(i)('PATCH', `/api/v1/users/${target}`, { token: by.token, body: { role: 'admin' } })
          : via(i)('DELETE', `/api/v1/users/${target}`, { token: by.token });
      const results = await Promise.all([demoteOrDeactivate(a, b.id, 0), demoteOrDeactivate(b, a.id, 1)]);
      const owners = await h.db.kysely.selectFrom('users').select('id').where('role', '=', 'owner').where('deactivated_at', 'is', null).execute();
      expect(owners.length, `round ${round}: ${results.map((r) => r.statusCode)}`).toBeGreaterThanOrEqual(1);
      expect(results.every((r) => r.statusCode < 500), results.map((r) => r.body).join(' | ')).toBe(true);
    }
  });

  it('names unique regardless of case: of two concurrent creates, one wins and one gets 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const kind = round % 2 === 0 ? 'teams' : 'services';
      const name = `Payments ${round}`;
      const results = await Promise.all([
        via(0)('POST', `/api/v1/${kind}`, { token: admin, body: { name } }),
        via(1)('POST', `/api/v1/${kind}`, { token: admin, body: { name: name.toLowerCase() } }),
      ]);
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join(' | ')).toEqual([201, 409]);
    }
  });

  it('two concurrent edits that would each close half of a dependency cycle store no cycle', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const [x, y] = (await Promise.all(
        ['x', 'y'].map(async (n) => (await h.call('POST', '/api/v1/services', { token: admin, body: { name: `cycle-${n}-${round}` } })).json().id as string),
      )) as [string, string];
      const results = await Promise.all([
        via(0)('PATCH', `/api/v1/services/${x}`, { token: admin, body: { dependency_ids: [y] } }),
        via(1)('PATCH', `/api/v1/services/${y}`, { token: admin, body: { dependency_ids: [x] } }),
      ]);
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join(' | ')).toEqual([200, 400]);
      const edges = await h.db.kysely.selectFrom('service_dependencies').selectAll().where('service_id', 'in', [x, y]).execute();
      expect(edges).toHaveLength(1);
    }
  });

  it('deleting a service while a declare names it: either the delete is refused (409) or the declare is (400), never a 500 or a half', async () => {
    const responder = (await h.actor('responder')).token;
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const svc = (await h.call('POST', '/api/v1/services', { token: admin, body: { name: `doomed-${round}` } })).json().id as string;
      const [del, dec] = await Promise.all([
        via(round)('DELETE', `/api/v1/services/${svc}`, { token: admin }),
        via(round + 1)('POST', '/api/v1/incidents', { token: responder, body: { title: `uses ${round}`, severity: 'SEV-3', service_ids: [svc] } }),
      ]);
      const outcome = `${del.statusCode}/${dec.statusCode}`;
      seen.add(outcome);
      expect(['409/201', '204/400'], `${outcome}: ${del.body} ${dec.body}`).toContain(outcome);
      if (dec.statusCode === 201) expect(dec.json().services.map((s: { id: string }) => s.id)).toEqual([svc]);
      const exists = await h.db.kysely.selectFrom('services').select('id').where('id', '=', svc).executeTakeFirst();
      expect(Boolean(exists)).toBe(del.statusCode !== 204);
    }
    expect(seen.size).toBeGreaterThan(0);
  });
  it('escalate now from two instances at once fires the next tier once: one 200, one 409', async () => {
    const ana = await h.actor('responder');
    const bo = await h.actor('responder');
    const policy = (await h.call('POST', '/api/v1/escalation-policies', { token: admin, body: { name: 'Race policy', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }, { delay_minutes: 30, targets: [{ kind: 'user', id: bo.id }] }] } })).json();
    const service = (await h.call('POST', '/api/v1/services', { token: admin, body: { name: 'Race service' } })).json();
    await h.call('PUT', `/api/v1/services/${service.id}/escalation-policy`, { token: admin, body: { policy_id: policy.id } });
    for (let round = 0; round < ROUNDS / 2; round++) {
      // The other instance runs its engine on the real clock: on the fake one, tier 2 (30 min) would
      // be long overdue there and fire by itself before either request.
      h.clock.set(new Date().toISOString());
      const inc = (await h.call('POST', '/api/v1/incidents', { token: admin, body: { title: `Race ${round}`, severity: 'SEV-1', service_ids: [service.id] } })).json();
      const results = await Promise.all([0, 1].map((i) => via(i)('POST', `/api/v1/incidents/${inc.id}/escalate`, { token: admin })));
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join(' | ')).toEqual([200, 409]);
      const pages = (await h.call('GET', `/api/v1/incidents/${inc.id}/pages`, { token: admin })).json().pages as { tier: number }[];
      expect(pages.map((p) => p.tier).sort()).toEqual([1, 2]); // the instances' clocks differ: order by tier
    }
  });
  it('two alerts of one service at once, through two instances, group into one incident', async () => {
    const owner = await h.actor('owner');
    const { serviceId, key } = await serviceWithKey(h, owner, 'Grouped race', 'pagerduty');
    for (let round = 0; round < ROUNDS / 2; round++) {
      h.clock.set(new Date().toISOString()); // the other instance runs on the real clock: one grouping window for both
      const send = (i: number) => via(i)('POST', '/v2/enqueue', { body: { routing_key: key.key, event_action: 'trigger', dedup_key: `race-${round}-${i}`, payload: { summary: `Race ${round}`, source: 'test', severity: 'critical' } } });
      const results = await Promise.all([send(0), send(1)]);
      expect(results.map((r) => r.statusCode), results.map((r) => r.body).join(' | ')).toEqual([202, 202]);
      const open = await h.db.kysely.selectFrom('incident_services as s').innerJoin('incidents as i', 'i.id', 's.incident_id').select('i.id').where('s.service_id', '=', serviceId).where('i.status', '=', 'triggered').execute();
      expect(open, `round ${round}`).toHaveLength(1);
      for (const i of open) await h.call('POST', `/api/v1/incidents/${i.id}/resolve`, { token: admin, body: {} });
    }
  });

  it('repeats of one dedup key sent at once through two instances: one alert, every event counted', async () => {
    const owner = await h.actor('owner');
    const { key } = await serviceWithKey(h, owner, 'Repeated race', 'pagerduty');
    const EVENTS = 40;
    for (let round = 0; round < 5; round++) {
      // Round 0 opens the alert under the race; later rounds repeat one alert while others open and repeat.
      const dedup = round % 2 === 0 ? `repeat-${round}` : 'repeat-0';
      const send = (i: number) =>
        via(i)('POST', '/v2/enqueue', { body: { routing_key: key.key, event_action: 'trigger', dedup_key: i % 3 === 2 ? `${dedup}-other` : dedup, payload: { summary: `Repeat ${round}`, source: 'test', severity: 'warning' } } });
      const results = await Promise.all(Array.from({ length: EVENTS }, (_, i) => send(i)));
      expect(results.filter((r) => r.statusCode !== 202).map((r) => r.body)).toEqual([]);
    }
    const alerts = await h.db.kysely.selectFrom('alerts').select(['dedup_key', 'events', 'status']).where('source_ref', '=', key.id).orderBy('dedup_key').execute();
    const perRound = { main: EVENTS - Math.floor(EVENTS / 3), other: Math.floor(EVENTS / 3) };
    const k = (d: string) => `${key.id}:${d}`;
    expect(alerts).toEqual([
      { dedup_key: k('repeat-0'), events: perRound.main * 3, status: 'open' },
      { dedup_key: k('repeat-0-other'), events: perRound.other * 3, status: 'open' },
      { dedup_key: k('repeat-2'), events: perRound.main, status: 'open' },
      { dedup_key: k('repeat-2-other'), events: perRound.other, status: 'open' },
      { dedup_key: k('repeat-4'), events: perRound.main, status: 'open' },
      { dedup_key: k('repeat-4-other'), events: perRound.other, status: 'open' },
    ]);
  });

  it('a key revoked through one instance is refused by it at once, and by the other once KEYS_TTL_MS has passed', async () => {
    const owner = await h.actor('owner');
    const { serviceId, key } = await serviceWithKey(h, owner, 'Revoked race', 'pagerduty');
    const send = (i: number, dedup: string) => via(i)('POST', '/v2/enqueue', { body: { routing_key: key.key, event_action: 'trigger', dedup_key: dedup, payload: { summary: 'x', source: 'test', severity: 'warning' } } });
    expect([(await send(0, 'before')).statusCode, (await send(1, 'before')).statusCode]).toEqual([202, 202]);
    expect((await other.call('DELETE', `/api/v1/services/${serviceId}/integration-keys/${key.id}`, { token: owner.token })).statusCode).toBe(204);
    expect((await send(1, 'after')).statusCode).toBe(400);
    h.clock.advance(KEYS_TTL_MS);
    expect((await send(0, 'after')).statusCode).toBe(400);
    const stored = await h.db.kysely.selectFrom('alerts').select('dedup_key').where('source_ref', '=', key.id).execute();
    expect(stored.map((a) => a.dedup_key)).toEqual([`${key.id}:before`]);
  });
});
