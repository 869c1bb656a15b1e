import { expect, it } from 'vitest';
import { enqueue } from '../../src/core/engine/index.js';
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
    if (h.dialect === 'sqlite') {
      expect(res.body).toMatch(/^tocsin_sqlite_wal_bytes \d+$/m);
      // The test harness opens the database as commands do: SQLite's own checkpoints.
      expect(res.body).toMatch(/^tocsin_sqlite_background_checkpoints 0$/m);
    } else {
      expect(res.body).not.toContain('tocsin_sqlite_wal_bytes');
    }
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

  it('reports open incidents by severity and status, unfinished jobs, overdue jobs and database health', async () => {
    const responder = await h.actor('responder');
    const declare = (severity: string) =>
      h.call('POST', '/api/v1/incidents', { token: responder.token, body: { title: `metrics ${severity}`, severity } });
    await declare('SEV-1');
    const second = (await declare('SEV-2')).json();
    await h.call('POST', `/api/v1/incidents/${second.id}/acknowledge`, { token: responder.token, body: {} });
    const resolved = (await declare('SEV-3')).json();
    await h.call('POST', `/api/v1/incidents/${resolved.id}/resolve`, { token: responder.token, body: {} });
    const now = h.clock.now().getTime();
    await enqueue(h.db.kysely, { kind: 'reminder', key: 'metrics-late', payload: {}, dueAt: now - 120_000 }, now);
    await enqueue(h.db.kysely, { kind: 'reminder', key: 'metrics-future', payload: {}, dueAt: now + 120_000 }, now);

    const body = (await h.call('GET', '/metrics')).body;
    expect(body).toContain('tocsin_database_up 1');
    expect(body).toContain('tocsin_incidents_open{severity="SEV-1",status="triggered"} 1');
    expect(body).toContain('tocsin_incidents_open{severity="SEV-2",status="acknowledged"} 1');
    expect(body).not.toContain('severity="SEV-3"');
    expect(body).toContain('tocsin_jobs{kind="reminder",status="pending"} 2');
    expect(body).toContain('tocsin_jobs_overdue 1');
  });
});
