import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { createService, declareVia, snapshot } from './incidents-helpers.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;

describeEachDatabase('incidents: declare, lifecycle, severity, roles, timeline', (h) => {
  let ada: Actor;
  let bob: Actor;
  let cy: Actor;
  beforeAll(async () => {
    ada = await h.actor('responder');
    bob = await h.actor('responder');
    cy = await h.actor('admin');
  });
  const post = (url: string, token: string, body?: unknown) => h.call('POST', `/api/v1/incidents${url}`, { token, body });
  const timeline = async (id: string | number) => (await h.call('GET', `/api/v1/incidents/${id}/timeline`, { token: ada.token })).json().items as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('declares with every field, numbers it and records the declaration', async () => {
    const svc = await createService(h.db, 'checkout');
    h.clock.advance(60_000);
    const now = h.clock.now().toISOString();
    const started = new Date(h.clock.now().getTime() - 120_000).toISOString();
    const res = await post('', ada.token, {
      title: '  Checkout returns 502  ', severity: 'SEV-2', service_ids: [svc.id, svc.id], detection_source: 'monitor',
      started_at: started, impact: { users_affected: 1200, functionality_broken: 'payments', data_at_risk: false },
      hypothesis: 'bad deploy', commander_id: ada.id,
    });
    expect(res.statusCode).toBe(201);
    const inc = res.json();
    expect(inc).toMatchObject({
      title: 'Checkout returns 502', severity: 'SEV-2', status: 'triggered', detection_source: 'monitor', drill: false,
      services: [{ id: svc.id, name: 'checkout' }], impact: { users_affected: 1200, functionality_broken: 'payments', data_at_risk: false },
      hypothesis: 'bad deploy', root_cause_category: null, started_at: started, detected_at: now, acknowledged_at: null, acknowledged_by: null,
      mitigated_at: null, resolved_at: null, closed_at: null,
      roles: { commander: { id: ada.id, name: ada.name }, technical_leads: [], communications_lead: null },
      created_at: now, updated_at: now,
    });
    expect(inc.id).toMatch(/^inc_/);
    expect(inc.number).toBeGreaterThan(0);
    const [ev] = await timeline(inc.number);
    expect(ev).toMatchObject({ kind: 'declared', at: now, actor: { kind: 'user', id: ada.id, name: ada.name }, actor_role: 'commander' });
    expect((await h.call('GET', `/api/v1/incidents/${inc.number}`, { token: ada.token })).json().id).toBe(inc.id);
  });

  it('defaults detection source, start time, impact and drill', async () => {
    const inc = await declareVia(h, bob.token, { severity: 'SEV-4' });
    expect(inc).toMatchObject({ detection_source: 'internal', drill: false, services: [], hypothesis: '',
      impact: { users_affected: null, functionality_broken: '', data_at_risk: false }, roles: { commander: null } });
    expect(inc.started_at).toBe(inc.detected_at);
    expect((await timeline(inc.id))[0]!.actor_role).toBeNull();
  });

  it('walks the whole lifecycle, stamping each step and attributing it to the role held', async () => {
    const inc = await declareVia(h, ada.token, { commander_id: ada.id });
    const stamps: Record<string, string> = {};
    for (const [action, status, who] of [['acknowledge', 'acknowledged', ada], ['mitigate', 'mitigated', bob], ['resolve', 'resolved', ada], ['close', 'closed', ada]] as const) {
      h.clock.advance(60_000);
      const res = await post(`/${inc.id}/${action}`, who.token, action === 'mitigate' ? { note: 'rolled back' } : undefined);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe(status);
      stamps[status] = h.clock.now().toISOString();
    }
    const final = (await h.call('GET', `/api/v1/incidents/${inc.id}`, { token: ada.token })).json();
    expect(final).toMatchObject({ acknowledged_at: stamps.acknowledged, acknowledged_by: { id: ada.id, name: ada.name }, mitigated_at: stamps.mitigated, resolved_at: stamps.resolved, closed_at: stamps.closed, updated_at: stamps.closed });
    const events = await timeline(inc.id);
    expect(events.map((e) => [e.kind, e.actor.id, e.actor_role])).toEqual([
      ['declared', ada.id, 'commander'], ['acknowledged', ada.id, 'commander'], ['mitigated', bob.id, null],
      ['resolved', ada.id, 'commander'], ['closed', ada.id, 'commander'],
    ]);
    expect(events[2]!.data).toEqual({ from: 'acknowledged', to: 'mitigated', note: 'rolled back', via: 'api' }); // how it came: a token
    expect(events[2]!.at).toBe(stamps.mitigated);
  });

  it('allows skipping forward and reopening, keeping the first acknowledgement', async () => {
    const inc = await declareVia(h, ada.token);
    expect((await post(`/${inc.id}/resolve`, ada.token)).json()).toMatchObject({ status: 'resolved', acknowledged_at: null, mitigated_at: null });
    const inc2 = await declareVia(h, ada.token);
    const ackAt = h.clock.advance(1000).toISOString();
    await post(`/${inc2.number}/acknowledge`, ada.token);
    h.clock.advance(1000);
    await post(`/${inc2.number}/mitigate`, ada.token);
    await post(`/${inc2.number}/resolve`, ada.token);
    h.clock.advance(1000);
    const re = await post(`/${inc2.number}/reopen`, bob.token, { note: 'errors are back' });
    expect(re.statusCode).toBe(200);
    expect(re.json()).toMatchObject({ status: 'triggered', acknowledged_at: ackAt, acknowledged_by: { id: ada.id }, mitigated_at: null, resolved_at: null });
    expect((await timeline(inc2.id)).at(-1)).toMatchObject({ kind: 'reopened', data: { from: 'resolved', to: 'triggered', note: 'errors are back' } });
    // Acknowledged again, by someone else: the first acknowledgement (when, and by whom) is the one kept.
    expect((await post(`/${inc2.number}/acknowledge`, bob.token)).json()).toMatchObject({ acknowledged_at: ackAt, acknowledged_by: { id: ada.id, name: ada.name } });
  });

  it('refuses repeated, backward and post-close transitions with 409 and changes nothing', async () => {
    const inc = await declareVia(h, ada.token);
    await post(`/${inc.id}/mitigate`, ada.token);
    const before = await snapshot(h.db, inc.id);
    for (const action of ['acknowledge', 'mitigate', 'reopen']) {
      const res = await post(`/${inc.id}/${action}`, ada.token);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'conflict', status: 409 });
      expect(res.json().detail).toMatch(/mitigated/);
    }
    expect(await snapshot(h.db, inc.id)).toEqual(before);
    await post(`/${inc.id}/close`, ada.token);
    const closed = await snapshot(h.db, inc.id);
    expect(closed.incident!.resolved_at).toBe(closed.incident!.closed_at);
    for (const action of ['acknowledge', 'resolve', 'close', 'reopen']) {
      const res = await post(`/${inc.id}/${action}`, ada.token);
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toMatch(/closed is final/);
    }
    expect((await post(`/${inc.id}/severity`, ada.token, { severity: 'SEV-1', reason: 'x' })).statusCode).toBe(409);
    expect((await post(`/${inc.id}/roles`, ada.token, { role: 'commander', user_id: ada.id })).statusCode).toBe(409);
    expect(await snapshot(h.db, inc.id)).toEqual(closed);
  });

  it('changes severity with a reason and records from, to and why', async () => {
    const inc = await declareVia(h, ada.token, { severity: 'SEV-3', commander_id: bob.id });
    h.clock.advance(5000);
    const res = await post(`/${inc.id}/severity`, bob.token, { severity: 'SEV-1', reason: 'all regions down' });
    expect(res.statusCode).toBe(200);
    expect(res.json().severity).toBe('SEV-1');
    expect((await timeline(inc.id)).at(-1)).toMatchObject({
      kind: 'severity_changed', actor: { id: bob.id }, actor_role: 'commander', at: h.clock.now().toISOString(),
      data: { from: 'SEV-3', to: 'SEV-1', reason: 'all regions down' },
    });
    const before = await snapshot(h.db, inc.id);
    expect((await post(`/${inc.id}/severity`, bob.token, { severity: 'SEV-1', reason: 'again' })).statusCode).toBe(409);
    expect((await post(`/${inc.id}/severity`, bob.token, { severity: 'SEV-2' })).statusCode).toBe(400);
    expect((await post(`/${inc.id}/severity`, bob.token, { severity: 'SEV-2', reason: '   ' })).json().field).toBe('reason');
    expect((await post(`/${inc.id}/severity`, bob.token, { severity: 'SEV-5', reason: 'x' })).json().field).toBe('severity');
    expect(await snapshot(h.db, inc.id)).toEqual(before);
  });

  describe('roles', () => {
    it('assigns, hands over and releases, with the timeline naming who handed to whom', async () => {
      const inc = await declareVia(h, ada.token, { commander_id: ada.id });
      const assign = (token: string, role: string, user_id: string) => post(`/${inc.id}/roles`, token, { role, user_id });
      let res = await assign(ada.token, 'technical_lead', bob.id);
      expect(res.statusCode).toBe(200);
      res = await assign(ada.token, 'technical_lead', cy.id);
      expect(res.json().roles.technical_leads.map((p: { id: string }) => p.id).sort()).toEqual([bob.id, cy.id].sort());
      res = await assign(bob.token, 'communications_lead', cy.id);
      expect(res.json().roles.communications_lead).toEqual({ id: cy.id, name: cy.name });
      res = await assign(ada.token, 'commander', bob.id);
      expect(res.json().roles.commander).toEqual({ id: bob.id, name: bob.name });
      const handover = (await timeline(inc.id)).at(-1)!;
      expect(handover).toMatchObject({ kind: 'role_assigned', actor: { id: ada.id }, actor_role: 'commander',
        data: { role: 'commander', user: { id: bob.id, name: bob.name }, previous: { id: ada.id, name: ada.name } } });
      res = await h.call('DELETE', `/api/v1/incidents/${inc.id}/roles/technical_lead/${cy.id}`, { token: bob.token });
      expect(res.statusCode).toBe(200);
      expect(res.json().roles).toEqual({ commander: { id: bob.id, name: bob.name }, technical_leads: [{ id: bob.id, name: bob.name }], communications_lead: { id: cy.id, name: cy.name } });
      expect((await timeline(inc.id)).at(-1)).toMatchObject({ kind: 'role_released', actor_role: 'commander', data: { role: 'technical_lead', user: { id: cy.id } } });
    });

    it('refuses duplicates, unknown or inactive users and releasing a role not held, changing nothing', async () => {
      const inc = await declareVia(h, ada.token, { commander_id: ada.id });
      const gone = await h.actor('responder');
      await h.db.kysely.updateTable('users').set({ deactivated_at: 1 }).where('id', '=', gone.id).execute();
      const before = await snapshot(h.db, inc.id);
      expect((await post(`/${inc.id}/roles`, bob.token, { role: 'commander', user_id: ada.id })).statusCode).toBe(409);
      let res = await post(`/${inc.id}/roles`, bob.token, { role: 'technical_lead', user_id: 'usr_nobody' });
      expect(res.statusCode).toBe(400);
      expect(res.json().field).toBe('user_id');
      expect((await post(`/${inc.id}/roles`, bob.token, { role: 'technical_lead', user_id: gone.id })).statusCode).toBe(400);
      expect((await post(`/${inc.id}/roles`, bob.token, { role: 'scribe', user_id: bob.id })).json().field).toBe('role');
      res = await h.call('DELETE', `/api/v1/incidents/${inc.id}/roles/technical_lead/${bob.id}`, { token: bob.token });
      expect(res.statusCode).toBe(404);
      expect((await post('', bob.token, { title: 't', severity: 'SEV-1', commander_id: gone.id })).json().field).toBe('commander_id');
      expect(await snapshot(h.db, inc.id)).toEqual(before);
    });
  });

  it('adds notes and edits fields with an `updated` event listing what changed', async () => {
    const [s1, s2] = [await createService(h.db), await createService(h.db)];
    const inc = await declareVia(h, ada.token, { service_ids: [s1.id] });
    const note = await post(`/${inc.id}/notes`, bob.token, { text: 'looking at the load balancer' });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ kind: 'note', incident_id: inc.id, actor: { id: bob.id, name: bob.name }, actor_role: null, data: { text: 'looking at the load balancer' } });
    const res = await h.call('PATCH', `/api/v1/incidents/${inc.number}`, { token: ada.token, body: {
      title: 'Checkout down', impact: { users_affected: 5 }, hypothesis: 'db', root_cause_category: 'deploy', service_ids: [s2.id, s1.id] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: 'Checkout down', impact: { users_affected: 5, functionality_broken: '', data_at_risk: false }, hypothesis: 'db', root_cause_category: 'deploy' });
    expect(res.json().services.map((s: { id: string }) => s.id).sort()).toEqual([s1.id, s2.id].sort());
    const ev = (await timeline(inc.id)).at(-1)!;
    expect(ev.kind).toBe('updated');
    expect(ev.data.fields).toEqual(['title', 'hypothesis', 'root_cause_category', 'impact', 'service_ids']);
    expect(ev.data.changes.title).toEqual({ from: 'Checkout returns 502', to: 'Checkout down' });
    const count = (await timeline(inc.id)).length;
    expect((await h.call('PATCH', `/api/v1/incidents/${inc.id}`, { token: ada.token, body: { title: 'Checkout down' } })).statusCode).toBe(200);
    expect((await timeline(inc.id)).length).toBe(count);
  });

  it('reads the timeline on from a seq, a page at a time, and refuses a bad page', async () => {
    const inc = await declareVia(h, ada.token);
    for (let i = 0; i < 6; i += 1) await post(`/${inc.id}/notes`, ada.token, { text: `n${i}` });
    const read = async (query: string) => (await h.call('GET', `/api/v1/incidents/${inc.number}/timeline${query}`, { token: ada.token })).json() as { items: { seq: number; data: { text?: string } }[]; has_more: boolean };
    const whole = await read('');
    expect(whole.items.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(whole.has_more).toBe(false);
    // A client that holds up to seq 3 asks for the rest: in pages of 2 it takes two reads and a last one.
    const first = await read('?after=3&limit=2');
    expect(first.items.map((e) => e.data.text)).toEqual(['n2', 'n3']);
    expect(first.has_more).toBe(true);
    const second = await read(`?after=${first.items.at(-1)!.seq}&limit=2`);
    expect(second.items.map((e) => e.data.text)).toEqual(['n4', 'n5']);
    expect(second.has_more).toBe(false);
    expect(await read('?after=7')).toEqual({ items: [], has_more: false });
    for (const [query, field] of [['?after=-1', 'after'], ['?after=two', 'after'], ['?after=1.5', 'after'], ['?limit=0', 'limit'], ['?limit=5001', 'limit']]) {
      const res = await h.call('GET', `/api/v1/incidents/${inc.id}/timeline${query}`, { token: ada.token });
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail, query).toContain(field);
    }
  });

  it('keeps the timeline in order and answers unknown incidents with 404', async () => {
    const inc = await declareVia(h, ada.token);
    for (let i = 0; i < 5; i += 1) await post(`/${inc.id}/notes`, ada.token, { text: `n${i}` });
    expect((await timeline(inc.id)).map((e) => e.data.text ?? e.kind)).toEqual(['declared', 'n0', 'n1', 'n2', 'n3', 'n4']);
    for (const [method, url] of [['GET', '/inc_nope'], ['GET', '/999999/timeline'], ['POST', '/inc_nope/acknowledge'], ['PATCH', '/424242']] as const) {
      const res = await h.call(method, `/api/v1/incidents${url}`, { token: ada.token, body: method === 'GET' ? undefined : {} });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
  });
});
