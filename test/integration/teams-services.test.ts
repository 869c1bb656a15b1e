import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;

describeEachDatabase(
  'teams and the service catalog',
  (h) => {
    let admin: Actor;
    let responder: Actor;
    let viewer: Actor;
    beforeAll(async () => {
      admin = await h.actor('admin');
      responder = await h.actor('responder');
      viewer = await h.actor('viewer');
    });
    const as = (a: Actor) => ({ token: a.token });

    it('creates, reads, changes and deletes a team with members', async () => {
      const created = await h.call('POST', '/api/v1/teams', { ...as(admin), body: { name: 'Payments', member_ids: [responder.id, responder.id, viewer.id] } });
      expect(created.statusCode, created.body).toBe(201);
      const team = created.json();
      expect(team).toMatchObject({ name: 'Payments', description: '', member_ids: [responder.id, viewer.id].sort() });
      expect(team.created_at).toBe(h.clock.now().toISOString());
      expect((await h.call('GET', `/api/v1/teams/${team.id}`, as(viewer))).json()).toEqual(team);

      h.clock.advance(1000);
      const patched = await h.call('PATCH', `/api/v1/teams/${team.id}`, { ...as(admin), body: { description: 'Money in', member_ids: [admin.id] } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ name: 'Payments', description: 'Money in', member_ids: [admin.id] });
      expect(patched.json().updated_at).not.toBe(team.updated_at);

      expect((await h.call('DELETE', `/api/v1/teams/${team.id}`, as(admin))).statusCode).toBe(204);
      expect((await h.call('GET', `/api/v1/teams/${team.id}`, as(viewer))).statusCode).toBe(404);
      expect((await h.call('DELETE', `/api/v1/teams/${team.id}`, as(admin))).statusCode).toBe(404);
    });

    it('refuses bad team input and changes nothing', async () => {
      await h.call('POST', '/api/v1/teams', { ...as(admin), body: { name: 'Core' } });
      const before = (await h.call('GET', '/api/v1/teams', as(viewer))).json();
      const cases: Array<[unknown, number, string | undefined]> = [
        [{ name: 'core' }, 409, undefined],
        [{ name: 123 }, 400, 'name'],
        [{}, 400, 'name'],
        [{ name: 'X', color: 'red' }, 400, 'color'],
        [{ name: 'X', member_ids: ['usr_nobody'] }, 400, 'member_ids'],
        [{ name: '   ' }, 400, 'name'],
        ['{"name": "X"', 400, 'body'],
      ];
      for (const [body, status, field] of cases) {
        const headers = typeof body === 'string' ? { 'content-type': 'application/json' } : undefined;
        const res = await h.call('POST', '/api/v1/teams', { ...as(admin), body, ...(headers ? { headers } : {}) });
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
      }
      expect((await h.call('POST', '/api/v1/teams', { ...as(responder), body: { name: 'Y' } })).statusCode).toBe(403);
      expect((await h.call('PATCH', '/api/v1/teams/team_nope', { ...as(admin), body: { name: 'Z' } })).statusCode).toBe(404);
      const big = await h.call('POST', '/api/v1/teams', { ...as(admin), body: { name: 'Big', description: 'x'.repeat(3000) } });
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('payload_too_large');
      expect((await h.call('GET', '/api/v1/teams', as(viewer))).json()).toEqual(before);
    });

    it('manages services with owner team, experts and dependencies', async () => {
      const team = (await h.call('POST', '/api/v1/teams', { ...as(admin), body: { name: 'Checkout team' } })).json();
      const db = (await h.call('POST', '/api/v1/services', { ...as(admin), body: { name: 'database' } })).json();
      const res = await h.call('POST', '/api/v1/services', {
        ...as(admin),
        body: { name: 'checkout', owner_team_id: team.id, runbook_url: 'https://runbooks.example/checkout', expert_ids: [responder.id], dependency_ids: [db.id] },
      });
      expect(res.statusCode, res.body).toBe(201);
      const svc = res.json();
      expect(svc).toMatchObject({ name: 'checkout', owner_team_id: team.id, expert_ids: [responder.id], dependency_ids: [db.id], description: '' });
      expect((await h.call('GET', `/api/v1/services/${svc.id}`, as(viewer))).json()).toEqual(svc);

      const patched = await h.call('PATCH', `/api/v1/services/${svc.id}`, { ...as(admin), body: { runbook_url: null, owner_team_id: null, expert_ids: [] } });
      expect(patched.json()).toMatchObject({ runbook_url: null, owner_team_id: null, expert_ids: [], dependency_ids: [db.id] });

      // database → checkout would close the loop checkout → database → checkout.
      const cycle = await h.call('PATCH', `/api/v1/services/${db.id}`, { ...as(admin), body: { dependency_ids: [svc.id] } });
      expect(cycle.statusCode).toBe(400);
      expect(cycle.json()).toMatchObject({ field: 'dependency_ids' });
      expect(cycle.json().detail).toBe('dependency_ids would make a cycle: database → checkout → database');
      const self = await h.call('PATCH', `/api/v1/services/${db.id}`, { ...as(admin), body: { dependency_ids: [db.id] } });
      expect(self.json()).toMatchObject({ status: 400, field: 'dependency_ids' });

      // Deleting the owner team leaves the service without one; deleting a dependency drops the edge.
      await h.call('PATCH', `/api/v1/services/${svc.id}`, { ...as(admin), body: { owner_team_id: team.id } });
      await h.call('DELETE', `/api/v1/teams/${team.id}`, as(admin));
      expect((await h.call('GET', `/api/v1/services/${svc.id}`, as(viewer))).json().owner_team_id).toBeNull();
      expect((await h.call('DELETE', `/api/v1/services/${db.id}`, as(admin))).statusCode).toBe(204);
      expect((await h.call('GET', `/api/v1/services/${svc.id}`, as(viewer))).json().dependency_ids).toEqual([]);
    });

    it('refuses bad service input and changes nothing', async () => {
      const dep = (await h.call('POST', '/api/v1/services', { ...as(admin), body: { name: 'Queue' } })).json();
      const before = (await h.call('GET', '/api/v1/services?limit=200', as(viewer))).json();
      const cases: Array<[unknown, number, string | undefined]> = [
        [{ name: 'queue' }, 409, undefined],
        [{ name: 123 }, 400, 'name'],
        [{}, 400, 'name'],
        [{ name: 'A', tier: 1 }, 400, 'tier'],
        [{ name: 'A', owner_team_id: 'team_nope' }, 400, 'owner_team_id'],
        [{ name: 'A', runbook_url: 'javascript:alert(1)' }, 400, 'runbook_url'],
        [{ name: 'A', runbook_url: 'not a url' }, 400, 'runbook_url'],
        [{ name: 'A', expert_ids: ['usr_nope'] }, 400, 'expert_ids'],
        [{ name: 'A', dependency_ids: ['svc_nope'] }, 400, 'dependency_ids'],
        [{ name: 'A', dependency_ids: 'svc' }, 400, 'dependency_ids'],
      ];
      for (const [body, status, field] of cases) {
        const res = await h.call('POST', '/api/v1/services', { ...as(admin), body });
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
      }
      const patch = await h.call('PATCH', `/api/v1/services/${dep.id}`, { ...as(admin), body: { name: 42 } });
      expect(patch.json()).toMatchObject({ status: 400, field: 'name' });
      expect((await h.call('PATCH', '/api/v1/services/svc_nope', { ...as(admin), body: {} })).statusCode).toBe(404);
      expect((await h.call('DELETE', `/api/v1/services/${dep.id}`, as(responder))).statusCode).toBe(403);
      expect((await h.call('GET', '/api/v1/services?limit=200', as(viewer))).json()).toEqual(before);
    });

    it('pages through lists by name with an opaque cursor and filters by text', async () => {
      for (const n of ['pg-e', 'pg-a', 'pg-d', 'pg-c', 'pg-b']) {
        expect((await h.call('POST', '/api/v1/services', { ...as(admin), body: { name: n } })).statusCode).toBe(201);
      }
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/services?q=PG-&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await h.call('GET', url, as(viewer))).json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        names.push(...page.items.map((s: { name: string }) => s.name));
        cursor = page.next_cursor;
      } while (cursor);
      expect(names).toEqual(['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e']);
      expect((await h.call('GET', '/api/v1/services?q=%25', as(viewer))).json().items).toEqual([]);
      expect((await h.call('GET', '/api/v1/services?cursor=garbage', as(viewer))).json()).toMatchObject({ status: 400, field: 'cursor' });
      expect((await h.call('GET', '/api/v1/services?limit=0', as(viewer))).statusCode).toBe(400);
      expect((await h.call('GET', '/api/v1/teams?limit=201', as(viewer))).statusCode).toBe(400);
    });
  },
  { env: { TOCSIN_BODY_LIMIT_BYTES: '2048' } },
);
