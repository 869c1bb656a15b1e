import { request } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { listenLocal } from '../support/live-stream.js';

// Hostile input never gets a 5xx: each case here was once a 500 (or a non-problem answer).

const countIncidents = async (h: Parameters<Parameters<typeof describeEachDatabase>[1]>[0]) =>
  Number((await h.db.kysely.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describeEachDatabase('hostile input', (h) => {
  let token: string;
  beforeAll(async () => {
    token = (await h.actor('owner')).token;
  });

  it.each([
    ['the unauthenticated sign-in', 'POST', '/api/v1/auth/sign-in', { email: 'a\u0000@x.io', password: 'whatever you like' }, 'email'],
    ['a path id', 'GET', '/api/v1/incidents/%00', undefined, 'id'],
    ['a title', 'POST', '/api/v1/incidents', { title: 'db\u0000down', severity: 'SEV-2' }, 'title'],
    ['a nested field', 'POST', '/api/v1/incidents', { title: 'ok', severity: 'SEV-2', impact: { functionality_broken: '\u0000' } }, 'impact.functionality_broken'],
    ['a query parameter', 'GET', '/api/v1/incidents?q=%00', undefined, 'q'],
    ['an array item', 'POST', '/api/v1/teams', { name: 'Payments', member_ids: ['usr_\u0000'] }, 'member_ids[0]'],
  ] as const)('refuses a NUL character in %s with 400 naming the field, and stores nothing', async (_what, method, url, body, field) => {
    const before = await countIncidents(h);
    const res = await h.call(method, url, { token, ...(body ? { body } : {}) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'validation', field });
    expect(await countIncidents(h)).toBe(before);
  });

  it('refuses a body nested thousands of levels deep with 400 naming the body, and stores nothing', async () => {
    const before = await countIncidents(h);
    for (const deep of [`${'['.repeat(5000)}${']'.repeat(5000)}`, `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`]) {
      const body = `{"title":"ok","severity":"SEV-2","impact":{"functionality_broken":"x","extra":${deep}}}`;
      const res = await h.call('POST', '/api/v1/incidents', { token, body, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'validation', field: 'body', detail: 'body is nested more than 100 levels deep' });
    }
    expect(await countIncidents(h)).toBe(before);
    // As deep as a real payload goes is left to the schema, which names the unknown field.
    const shallow = `{"title":"ok","severity":"SEV-2","impact":{"functionality_broken":"x","extra":${'['.repeat(50)}${']'.repeat(50)}}}`;
    const judged = await h.call('POST', '/api/v1/incidents', { token, body: shallow, headers: { 'content-type': 'application/json' } });
    expect(judged.statusCode, judged.body).toBe(400);
    expect(judged.json().detail).not.toMatch(/nested/);
  });

  it('says how to give several values when a query parameter comes twice', async () => {
    const res = await h.call('GET', '/api/v1/incidents?status=triggered&status=resolved', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'status', detail: 'status is given more than once: give it once (where it takes several values, as one comma-separated list: status=a,b)' });
    expect((await h.call('GET', '/api/v1/incidents?status=triggered,resolved', { token })).statusCode).toBe(200);
  });

  it.each(['status=,,,', 'severity=,', 'status=%20,%20'])('treats an all-empty filter list (?%s) as no filter', async (qs) => {
    const res = await h.call('GET', `/api/v1/incidents?${qs}`, { token });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('answers problem+json to what the router refuses: bad percent-encoding (400) and an over-long path id (414)', async () => {
    const bad = await h.call('GET', '/api/v1/tokens/%zz', { token });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json()).toMatchObject({ code: 'validation' });
    const long = await h.call('GET', `/api/v1/incidents/${'x'.repeat(200)}`, { token });
    expect(long.statusCode).toBe(414);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.json()).toMatchObject({ code: 'payload_too_large', status: 414 });
  });

  it('answers problem+json (431) to a URL larger than the HTTP parser takes, before any route', async () => {
    const base = await listenLocal(h.app);
    const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(`${base}/api/v1/incidents?q=${'y'.repeat(20_000)}`, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(431);
    expect(answer.type).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'payload_too_large' });
  });
});
