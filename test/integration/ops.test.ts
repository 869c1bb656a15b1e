import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

describeEachDatabase('operations endpoints', (h) => {
  it('answers liveness and readiness with the database it uses', async () => {
    expect((await h.call('GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await h.call('GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: h.dialect });
  });

  it('serves Prometheus metrics in text format', async () => {
    await h.call('GET', '/healthz');
    const res = await h.call('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('# TYPE tocsin_http_request_duration_seconds histogram');
    expect(res.body).toMatch(/tocsin_process_cpu_seconds_total/);
  });

  it('answers unknown API routes with problem+json 404', async () => {
    const res = await h.call('GET', '/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('serves the OpenAPI 3.1 document without sign-in', async () => {
    const res = await h.call('GET', '/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
  });
});
