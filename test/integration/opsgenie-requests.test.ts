import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, genieClient, serviceWithKey, type Actor } from './intake-helpers.js';

// What Opsgenie's SDKs ask after a request: GET /v2/alerts/requests/:requestId (how it went and the
// alert's id: a script creates an alert, then asks for its id) and GET /v2/alerts/:identifier.

describeEachDatabase('intake: Opsgenie request status and alerts, as its SDKs read them', (h) => {
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    viewer = await h.actor('viewer');
  });
  const og = (key: string) => genieClient(h, key);

  it('tells how each request went, with the alert’s id, and shows the alert by id or alias as Opsgenie does', async () => {
    const { key } = await serviceWithKey(h, admin, 'orders-api', 'opsgenie');
    const api = og(key.key);
    const created = await api.post('/v2/alerts', { message: 'Orders queue backing up', alias: 'orders-q', priority: 'P2', tags: ['queue', 'orders'], details: { depth: '12000' }, entity: 'orders-worker', source: 'cron', description: 'Depth over 10k for 5 min' });
    expect(created.statusCode, created.body).toBe(202);
    const [alert] = await alertsOf(h, viewer.token, key.id);
    expect(await api.status(created.json().requestId)).toMatchObject({ success: true, isSuccess: true, action: 'Create', status: 'Created alert', alertId: alert!.id, alias: 'orders-q', integrationId: key.id, processedAt: expect.any(String) });

    const again = await api.post('/v2/alerts', { message: 'Orders queue backing up', alias: 'orders-q' });
    expect(await api.status(again.json().requestId)).toMatchObject({ success: true, action: 'Create', status: 'Alert already exists: its count was increased', alertId: alert!.id });

    const byAlias = await api.get('/v2/alerts/orders-q?identifierType=alias');
    expect(byAlias.statusCode, byAlias.body).toBe(200);
    expect(byAlias.json()).toMatchObject({ took: expect.any(Number), requestId: expect.any(String) });
    expect(byAlias.json().data).toMatchObject({
      id: alert!.id, alias: 'orders-q', message: 'Orders queue backing up', status: 'open', acknowledged: false, tags: ['queue', 'orders'], count: 2, priority: 'P2',
      source: 'cron', entity: 'orders-worker', description: 'Depth over 10k for 5 min', details: { depth: '12000' }, integration: { id: key.id, type: 'API' },
      tocsin: { incident_id: alert!.incident_id },
    });
    expect((await api.get(`/v2/alerts/${alert!.id}`)).json().data).toEqual(byAlias.json().data); // identifierType id is the default

    const renamed = await h.call('PUT', '/v2/alerts/orders-q/message?identifierType=alias', { headers: { authorization: `GenieKey ${key.key}` }, body: { message: 'Orders queue backing up fast' } });
    expect(await api.status(renamed.json().requestId)).toMatchObject({ success: true, action: 'UpdateMessage', status: 'Updated alert', alertId: alert!.id });
    const ack = await api.post(`/v2/alerts/${alert!.id}/acknowledge`, { user: 'ana' });
    expect(await api.status(ack.json().requestId)).toMatchObject({ success: true, action: 'Acknowledge', status: 'Acknowledged alert', alertId: alert!.id, alias: 'orders-q' });
    const note = await api.post('/v2/alerts/orders-q/notes?identifierType=alias', { note: 'Scaling workers' });
    expect(await api.status(note.json().requestId)).toMatchObject({ success: true, action: 'AddNote', status: 'Added note' });
    const close = await api.post('/v2/alerts/orders-q/close?identifierType=alias', {});
    expect(await api.status(close.json().requestId)).toMatchObject({ success: true, action: 'Close', status: 'Closed alert', alertId: alert!.id });
    const closed = (await api.get('/v2/alerts/orders-q?identifierType=alias')).json().data;
    expect(closed).toMatchObject({ message: 'Orders queue backing up fast', status: 'closed', acknowledged: true, report: { ackTime: expect.any(Number), closeTime: expect.any(Number) } });

    // The alias fires again: a new alert under it; the old one is still shown by its id.
    const reopened = await api.post('/v2/alerts', { message: 'Orders queue backing up again', alias: 'orders-q' });
    const newId = (await api.status(reopened.json().requestId)).alertId;
    expect(newId).not.toBe(alert!.id);
    expect((await api.get('/v2/alerts/orders-q?identifierType=alias')).json().data).toMatchObject({ id: newId, status: 'open' });
    expect((await api.get(`/v2/alerts/${alert!.id}`)).json().data).toMatchObject({ id: alert!.id, status: 'closed', message: 'Orders queue backing up fast' });

    // Acting on an alias nobody sent is accepted (as Opsgenie does); its status says nothing happened.
    const nothing = await api.post('/v2/alerts/never-sent/close?identifierType=alias', {});
    expect(nothing.statusCode).toBe(202);
    expect(await api.status(nothing.json().requestId)).toMatchObject({ success: false, isSuccess: false, action: 'Close', status: 'Alert does not exist', alertId: '' });
  });

  it('lists the key’s alerts newest first, by status or alias, a page at a time by offset, as Opsgenie’s list does', async () => {
    const { key } = await serviceWithKey(h, admin, 'search-api', 'opsgenie');
    const { key: other } = await serviceWithKey(h, admin, 'mail-api', 'opsgenie');
    const api = og(key.key);
    for (let i = 1; i <= 5; i++) {
      expect((await api.post('/v2/alerts', { message: `Shard ${i} slow`, alias: `shard-${i}`, priority: 'P3' })).statusCode).toBe(202);
      h.clock.advance(1_000);
    }
    await og(other.key).post('/v2/alerts', { message: 'Not this key’s', alias: 'shard-9' });
    await api.post('/v2/alerts/shard-2/close?identifierType=alias', {});

    const all = await api.get('/v2/alerts');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().data.map((a: { alias: string }) => a.alias)).toEqual(['shard-5', 'shard-4', 'shard-3', 'shard-2', 'shard-1']);
    expect(all.json().paging).toEqual({ first: expect.stringContaining('/v2/alerts?offset=0&limit=20') });
    const open = (await api.get('/v2/alerts?query=status%3Aopen&limit=2')).json();
    expect(open.data.map((a: { alias: string; status: string }) => [a.alias, a.status])).toEqual([['shard-5', 'open'], ['shard-4', 'open']]);
    expect(open.paging.next).toMatch(/\/v2\/alerts\?query=status%3Aopen&offset=2&limit=2&sort=createdAt&order=desc$/);
    const next = (await api.get(new URL(open.paging.next).pathname + new URL(open.paging.next).search)).json();
    expect(next.data.map((a: { alias: string }) => a.alias)).toEqual(['shard-3', 'shard-1']);
    expect(next.paging.next).toBeUndefined();
    expect((await api.get('/v2/alerts?query=status%3Aclosed')).json().data.map((a: { alias: string; status: string }) => [a.alias, a.status])).toEqual([['shard-2', 'closed']]);
    expect((await api.get('/v2/alerts?query=alias%3Dshard-3%20AND%20status%3Aopen')).json().data).toMatchObject([{ alias: 'shard-3', message: 'Shard 3 slow', priority: 'P3', count: 1 }]);
    expect((await api.get('/v2/alerts?query=alias%3Ashard-9')).json().data).toEqual([]); // another key's

    const before = await counts(h);
    for (const [q, field] of [['query=priority%3AP1', 'query'], ['limit=0', 'limit'], ['limit=101', 'limit'], ['offset=-1', 'offset'], ['offset=19990&limit=20', 'offset'], ['order=asc', 'order'], ['sort=updatedAt', 'sort'], ['limit=ten', 'limit']]) {
      const res = await api.get(`/v2/alerts?${q}`);
      expect(res.statusCode, q).toBe(422);
      expect(Object.keys(res.json().errors), q).toEqual([field]);
    }
    expect((await h.call('GET', '/v2/alerts')).statusCode).toBe(401);
    expect(await counts(h)).toEqual(before);
  });

  it('answers 404 for an unknown alert or request and for another key’s, 401 without a good key, 422 for a bad identifierType; stores nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'billing-api', 'opsgenie');
    const { key: other } = await serviceWithKey(h, admin, 'ledger-api', 'opsgenie');
    const created = await og(key.key).post('/v2/alerts', { message: 'Invoices late', alias: 'inv' });
    const requestId = created.json().requestId as string;
    const alertId = (await alertsOf(h, viewer.token, key.id))[0]!.id;
    const before = await counts(h);
    const cases: Array<[string, Record<string, string>, number]> = [
      [`/v2/alerts/requests/${requestId}`, { authorization: `GenieKey ${other.key}` }, 404], // another key's request
      [`/v2/alerts/${alertId}`, { authorization: `GenieKey ${other.key}` }, 404], // another key's alert
      ['/v2/alerts/inv?identifierType=alias', { authorization: `GenieKey ${other.key}` }, 404],
      ['/v2/alerts/requests/0b5e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b', { authorization: `GenieKey ${key.key}` }, 404],
      ['/v2/alerts/requests/r1.create.zzzzzzzzzzzz.created.x', { authorization: `GenieKey ${key.key}` }, 404],
      ['/v2/alerts/requests/r1.create.1.sent.alt_x', { authorization: `GenieKey ${key.key}` }, 404],
      ['/v2/alerts/alt_nope', { authorization: `GenieKey ${key.key}` }, 404],
      ['/v2/alerts/inv?identifierType=tiny', { authorization: `GenieKey ${key.key}` }, 422],
      [`/v2/alerts/requests/${requestId}`, {}, 401],
      ['/v2/alerts/inv?identifierType=alias', { authorization: 'GenieKey 0123456789abcdef0123456789abcdef' }, 401],
    ];
    for (const [path, headers, status] of cases) {
      const res = await h.call('GET', path, { headers });
      expect(res.statusCode, `${path} ${res.body}`).toBe(status);
      expect(res.json()).toMatchObject({ message: expect.any(String), took: expect.any(Number), requestId: expect.any(String) });
    }
    expect(await counts(h)).toEqual(before);
  });
});
