import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { createService, declareVia, snapshot } from './incidents-helpers.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;
const LIMIT = 4096;

// Every refused request must leave the database exactly as it was.
describeEachDatabase(
  'incidents: bad input changes nothing',
  (h) => {
    let ada: Actor;
    let viewer: Actor;
    let inc: { id: string; number: number };
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeAll(async () => {
      ada = await h.actor('responder');
      viewer = await h.actor('viewer');
    });
    // Each test gets an incident of its own, and the snapshot it must leave unchanged: one that
    // changes it on purpose (the 409 test acknowledges) cannot leave another test a different one.
    beforeEach(async () => {
      inc = await declareVia(h, ada.token, { commander_id: ada.id, service_ids: [(await createService(h.db)).id] });
      before = await snapshot(h.db, inc.id);
    });
    const raw = (method: 'POST' | 'PATCH', url: string, payload: string, token = ada.token) =>
      h.app.inject({ method, url: `/api/v1/incidents${url}`, payload, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const expectProblem = async (res: Awaited<ReturnType<typeof raw>>, status: number, code: string, field?: string) => {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status, code, ...(field ? { field } : {}) });
      expect(await snapshot(h.db, inc.id)).toEqual(before);
    };

    it('refuses malformed JSON', async () => {
      await expectProblem(await raw('POST', '', '{"title": "x", "severity": '), 400, 'validation', 'body');
      await expectProblem(await raw('PATCH', `/${inc.id}`, '{not json'), 400, 'validation', 'body');
      await expectProblem(await raw('POST', `/${inc.id}/notes`, ''), 400, 'validation', 'body');
    });

    it('refuses wrong types without coercing them', async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['', { title: 42, severity: 'SEV-1' }, 'title'],
        ['', { title: 'x', severity: 1 }, 'severity'],
        ['', { title: 'x', severity: 'SEV-1', drill: 'yes' }, 'drill'],
        ['', { title: 'x', severity: 'SEV-1', service_ids: 'svc_1' }, 'service_ids'],
        ['', { title: 'x', severity: 'SEV-1', impact: { users_affected: '12' } }, 'impact.users_affected'],
        ['', { title: 'x', severity: 'SEV-1', impact: { users_affected: -1 } }, 'impact.users_affected'],
        ['', { title: 'x', severity: 'SEV-1', impact: { users_affected: 1.5 } }, 'impact.users_affected'],
        ['', { title: 'x', severity: 'SEV-1', started_at: 'yesterday' }, 'started_at'],
        ['', { title: 'x', severity: 'SEV-1', detection_source: 'pager' }, 'detection_source'],
        ['', { title: 'x'.repeat(201), severity: 'SEV-1' }, 'title'],
        ['', { title: '', severity: 'SEV-1' }, 'title'],
        ['', { title: '   ', severity: 'SEV-1' }, 'title'],
        [`/${inc.id}/severity`, { severity: 'SEV-1', reason: 7 }, 'reason'],
        [`/${inc.id}/notes`, { text: ['a'] }, 'text'],
        [`/${inc.id}/acknowledge`, { note: 5 }, 'note'],
        [`/${inc.id}/roles`, { role: 'commander', user_id: 12 }, 'user_id'],
      ];
      for (const [url, body, field] of cases) await expectProblem(await raw('POST', url, JSON.stringify(body)), 400, 'validation', field);
      await expectProblem(await raw('PATCH', `/${inc.id}`, JSON.stringify({ title: null })), 400, 'validation', 'title');
      await expectProblem(await raw('PATCH', `/${inc.id}`, JSON.stringify({ impact: { data_at_risk: 'no' } })), 400, 'validation', 'impact.data_at_risk');
    });

    it('says what a field accepts: the allowed values, the time format', async () => {
      const sev = await raw('POST', '', JSON.stringify({ title: 'x', severity: 'sev-1' }));
      expect(sev.json().detail).toBe('severity must be one of SEV-1, SEV-2, SEV-3, SEV-4');
      const at = await raw('POST', '', JSON.stringify({ title: 'x', severity: 'SEV-1', started_at: 'yesterday' }));
      expect(at.json().detail).toBe('started_at must be an RFC 3339 time such as 2026-01-05T09:00:00Z');
      // In words, not the schema checker's "must NOT have more than 200 characters" or "must be >= 0".
      const said: [string, string, Record<string, unknown>, string][] = [
        ['POST', '', { title: 'x'.repeat(201), severity: 'SEV-1' }, 'title must be at most 200 characters'],
        ['POST', `/${inc.id}/severity`, { severity: 'SEV-1', reason: '' }, 'reason must not be empty'],
        ['POST', '', { title: 'x', severity: 'SEV-1', impact: { users_affected: -1 } }, 'impact.users_affected must be at least 0'],
        ['POST', '', { title: 42, severity: 'SEV-1' }, 'title must be a string'],
        ['POST', '', { title: 'x', severity: 'SEV-1', impact: { users_affected: 1.5 } }, 'impact.users_affected must be a whole number'],
        ['POST', '', { title: 'x', severity: 'SEV-1', drill: 'yes' }, 'drill must be true or false'],
      ];
      for (const [, url, body, detail] of said) expect((await raw('POST', url, JSON.stringify(body))).json().detail, JSON.stringify(body).slice(0, 80)).toBe(detail);
    });

    it('refuses missing and unknown fields', async () => {
      await expectProblem(await raw('POST', '', JSON.stringify({ severity: 'SEV-1' })), 400, 'validation', 'title');
      await expectProblem(await raw('POST', '', JSON.stringify({ title: 'x' })), 400, 'validation', 'severity');
      await expectProblem(await raw('POST', `/${inc.id}/severity`, JSON.stringify({ severity: 'SEV-1' })), 400, 'validation', 'reason');
      await expectProblem(await raw('POST', `/${inc.id}/notes`, JSON.stringify({})), 400, 'validation', 'text');
      await expectProblem(await raw('POST', '', JSON.stringify({ title: 'x', severity: 'SEV-1', status: 'closed' })), 400, 'validation', 'status');
      await expectProblem(await raw('PATCH', `/${inc.id}`, JSON.stringify({ severity: 'SEV-1' })), 400, 'validation', 'severity');
      await expectProblem(await raw('PATCH', `/${inc.id}`, JSON.stringify({ impact: { cost: 1 } })), 400, 'validation', 'impact.cost');
      await expectProblem(await raw('POST', `/${inc.id}/resolve`, JSON.stringify({ reason: 'x' })), 400, 'validation', 'reason');
    });

    it('refuses references to things that do not exist and times in the future', async () => {
      await expectProblem(await raw('POST', '', JSON.stringify({ title: 'x', severity: 'SEV-1', service_ids: ['svc_missing'] })), 400, 'validation', 'service_ids');
      await expectProblem(await raw('PATCH', `/${inc.id}`, JSON.stringify({ service_ids: ['svc_missing'] })), 400, 'validation', 'service_ids');
      await expectProblem(await raw('POST', '', JSON.stringify({ title: 'x', severity: 'SEV-1', commander_id: 'usr_missing' })), 400, 'validation', 'commander_id');
      const future = new Date(h.clock.now().getTime() + 60_000).toISOString();
      await expectProblem(await raw('POST', '', JSON.stringify({ title: 'x', severity: 'SEV-1', started_at: future })), 400, 'validation', 'started_at');
      for (const url of ['/inc_unknown/acknowledge', '/987654/notes', '/inc_unknown/roles']) {
        await expectProblem(await raw('POST', url, JSON.stringify(url.endsWith('notes') ? { text: 'x' } : url.endsWith('roles') ? { role: 'commander', user_id: ada.id } : {})), 404, 'not_found');
      }
      await expectProblem(await raw('PATCH', '/inc_unknown', JSON.stringify({ title: 'y' })), 404, 'not_found');
    });

    it('refuses illegal transitions with 409', async () => {
      await raw('POST', `/${inc.id}/acknowledge`, '{}');
      before = await snapshot(h.db, inc.id);
      await expectProblem(await raw('POST', `/${inc.id}/acknowledge`, '{}'), 409, 'conflict');
      await expectProblem(await raw('POST', `/${inc.id}/reopen`, '{}'), 409, 'conflict');
    });

    it('refuses bodies over the configured limit with 413', async () => {
      const big = JSON.stringify({ title: 'x', severity: 'SEV-1', hypothesis: 'h'.repeat(LIMIT) });
      await expectProblem(await raw('POST', '', big), 413, 'payload_too_large');
      await expectProblem(await raw('POST', `/${inc.id}/notes`, JSON.stringify({ text: 'n'.repeat(LIMIT) })), 413, 'payload_too_large');
    });

    it('refuses changes from a viewer with 403 but lets them read', async () => {
      const bodies: [('POST' | 'PATCH'), string, unknown][] = [
        ['POST', '', { title: 'x', severity: 'SEV-1' }],
        ['PATCH', `/${inc.id}`, { title: 'y' }],
        ['POST', `/${inc.id}/mitigate`, {}],
        ['POST', `/${inc.id}/severity`, { severity: 'SEV-1', reason: 'r' }],
        ['POST', `/${inc.id}/roles`, { role: 'technical_lead', user_id: viewer.id }],
        ['POST', `/${inc.id}/notes`, { text: 'hi' }],
      ];
      for (const [method, url, body] of bodies) await expectProblem(await raw(method, url, JSON.stringify(body), viewer.token), 403, 'forbidden');
      const del = await h.call('DELETE', `/api/v1/incidents/${inc.id}/roles/commander/${ada.id}`, { token: viewer.token });
      expect(del.statusCode).toBe(403);
      expect(await snapshot(h.db, inc.id)).toEqual(before);
      for (const url of ['', `/${inc.id}`, `/${inc.number}/timeline`]) {
        expect((await h.call('GET', `/api/v1/incidents${url}`, { token: viewer.token })).statusCode).toBe(200);
      }
      expect((await h.call('GET', '/api/v1/incidents')).statusCode).toBe(401);
    });
  },
  { env: { TOCSIN_BODY_LIMIT_BYTES: String(LIMIT) } },
);
