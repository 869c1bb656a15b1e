import type { FastifySchema } from 'fastify';
import { expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/index.js';
import { silentLogger } from '../../src/core/log.js';
import { buildApp } from '../../src/http/app.js';
import { createKernel } from '../../src/app/kernel.js';
import { authenticator } from '../../src/app/modules.js';
import { watchContract } from '../support/contract.js';
import { describeEachDatabase } from '../support/harness.js';

// The error half of the API document (src/http/openapi-errors.ts) and the checker that holds
// every answer of the integration suite to the document (test/support/contract.ts).

type Response = { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> };
type Op = { security?: unknown[]; responses: Record<string, Response> };
type Doc = { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown>; responses: Record<string, Response> } };

const PROBLEM_KEYS = ['type', 'title', 'status', 'detail', 'code', 'field', 'instance', 'request_id'];

describeEachDatabase('API contract', (h) => {
  it('sends a problem exactly as sendProblem builds it (the documented error schemas do not reserialize it)', async () => {
    const { token } = await h.actor('responder');
    const res = await h.call('POST', '/api/v1/incidents?x=1', { token, body: { title: 'Disk full', severity: 'SEV-9' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    // Same members in the same order as problem.ts writes them, nothing added, nothing dropped.
    expect(Object.keys(body)).toEqual(PROBLEM_KEYS);
    expect(res.payload).toBe(JSON.stringify(body));
    expect(body).toMatchObject({ status: 400, code: 'validation', field: 'severity', instance: '/api/v1/incidents?x=1' });
  });

  it('documents the problem answers of every operation with the one Problem schema', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json() as Doc;
    expect(doc.components.schemas.Problem).toBeDefined();
    const deref = (r: Response) => (r.$ref ? doc.components.responses[r.$ref.replace('#/components/responses/', '')] : r);
    const wrong: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (!op.responses['503']) wrong.push(`${key}: no 503`);
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        if (!isPublic && !(op.responses['401'] && op.responses['403'])) wrong.push(`${key}: authenticated but no 401/403`);
        if (path.includes('{') && !op.responses['404']) wrong.push(`${key}: a path id but no 404`);
        for (const [status, r] of Object.entries(op.responses)) {
          if (Number(status) < 400) continue;
          // The sender-compatible intake (PagerDuty's and Opsgenie's APIs under /v2, PagerDuty's
          // v1 under /generic) refuses in those APIs' own shapes, which their clients parse;
          // everything else is a problem.
          if (/^\/(v2|generic)\//.test(path) && !r.$ref) continue;
          if (deref(r)?.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem') {
            wrong.push(`${key} ${status}: not the shared problem+json schema`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('marks public operations `security: []` and only those', async () => {
    const doc = (await h.call('GET', '/api/v1/openapi.json')).json() as Doc;
    const publicOps = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })))
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ key }) => key);
    const publicRoutes = h.app.routeTable
      .filter((r) => r.config.public && /^\/(api\/v1|v2|generic|integrations|ping|notify\/(?:slack|mattermost))\//.test(r.url) && !/^\/api\/v1\/(docs|openapi\.json)/.test(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(publicOps.sort()).toEqual(publicRoutes.sort());
    expect(publicOps).toContain('GET /api/v1/setup');
  });
});

it('the contract check fails a call whose answer the document does not describe', async () => {
  const config = loadConfig({ TOCSIN_DATABASE_URL: 'sqlite::memory:', TOCSIN_LOG_LEVEL: 'silent' });
  const db = openDatabase('sqlite::memory:');
  const kernel = createKernel(config, { db, clock: new FakeClock(), log: silentLogger });
  const app = await buildApp(kernel, { modules: kernel.modules, authenticator });
  const schema: FastifySchema = { tags: ['probe'], response: { 200: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } } };
  app.get('/api/v1/contract-probe', { schema, config: { public: true } }, async (req, reply) => {
    const q = req.query as { answer?: string };
    // A string payload skips Fastify's serializer, so the body goes out as written.
    if (q.answer === 'bad-body') return reply.type('application/json').send('{"ok":"yes"}');
    if (q.answer === 'teapot') return reply.code(418).type('application/json').send('{}');
    if (q.answer === 'bad-problem') return reply.code(503).type('application/problem+json').send('{"status":503}');
    return { ok: true };
  });
  watchContract(app);
  await app.ready();
  try {
    expect((await app.inject({ method: 'GET', url: '/api/v1/contract-probe' })).statusCode).toBe(200);
    await expect(app.inject({ method: 'GET', url: '/api/v1/contract-probe?answer=bad-body' })).rejects.toThrow(
      /GET \/api\/v1\/contract-probe answered 200: the application\/json body does not match the documented schema: body\/ok must be boolean/,
    );
    await expect(app.inject({ method: 'GET', url: '/api/v1/contract-probe?answer=teapot' })).rejects.toThrow(
      /GET \/api\/v1\/contract-probe answered 418, which the document does not list \(it lists 200, 400, 503\)/,
    );
    await expect(app.inject({ method: 'GET', url: '/api/v1/contract-probe?answer=bad-problem' })).rejects.toThrow(
      /answered 503: the application\/problem\+json body does not match the documented schema: body must have required property 'type'/,
    );
    // Paths that match no route are outside the document: not checked.
    expect((await app.inject({ method: 'GET', url: '/api/v1/nowhere' })).statusCode).toBe(404);
  } finally {
    await app.close();
    await kernel.close();
    await db.close();
  }
});
