import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;

describeEachDatabase('monitors: the API', (h) => {
  let responder: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    responder = await h.actor('responder');
    viewer = await h.actor('viewer');
  });
  const as = (a: Actor) => ({ token: a.token });

  it('adds an HTTP monitor with sensible defaults, changes, pauses, resumes and deletes it', async () => {
    const res = await h.call('POST', '/api/v1/monitors', { ...as(responder), body: { type: 'http', target: { url: 'https://shop.example.com/health' } } });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      name: 'shop.example.com/health',
      type: 'http',
      interval_s: 60,
      timeout_ms: 10_000,
      confirmation: { failures_to_down: 2, locations_to_alert: null, recheck_s: 10 },
      target: { url: 'https://shop.example.com/health', method: 'GET', expected_status: ['200-299'], follow_redirects: true, cert_expiry_days: 14 },
      state: 'unknown',
      paused: false,
      severity: 'SEV-2',
      heartbeat_url: null,
    });
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, as(viewer))).json()).toEqual(m);

    const patched = await h.call('PATCH', `/api/v1/monitors/${m.id}`, { ...as(responder), body: { interval_s: 30, name: 'Shop health', confirmation: { failures_to_down: 3, recheck_s: 5 } } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ interval_s: 30, name: 'Shop health', confirmation: { failures_to_down: 3, flap_changes: 4, recheck_s: 5 } });

    expect((await h.call('POST', `/api/v1/monitors/${m.id}/pause`, as(responder))).json().paused).toBe(true);
    expect((await h.call('GET', '/api/v1/monitors/counts', as(viewer))).json()).toMatchObject({ paused: 1 });
    expect((await h.call('POST', `/api/v1/monitors/${m.id}/resume`, as(responder))).json().paused).toBe(false);

    expect((await h.call('DELETE', `/api/v1/monitors/${m.id}`, as(viewer))).statusCode).toBe(403);
    expect((await h.call('DELETE', `/api/v1/monitors/${m.id}`, as(responder))).statusCode).toBe(204);
    expect((await h.call('GET', `/api/v1/monitors/${m.id}`, as(viewer))).statusCode).toBe(404);
  });

  it('gives a heartbeat monitor its own ping URL and takes its period as the interval', async () => {
    const m = (await h.call('POST', '/api/v1/monitors', { ...as(responder), body: { type: 'heartbeat', name: 'nightly backup', target: { period_s: 86_400, grace_s: 3600 } } })).json();
    expect(m.heartbeat_url).toMatch(/^\/ping\/[0-9a-f-]{36}$/);
    expect(m).toMatchObject({ interval_s: 86_400, target: { period_s: 86_400, grace_s: 3600 } });
  });

  it('refuses bad monitors with the field and words, and stores nothing', async () => {
    const before = (await h.call('GET', '/api/v1/monitors?limit=200', as(viewer))).json();
    const cases: Array<[unknown, number, string]> = [
      [{ type: 'smtp', target: { host: 'mail' } }, 400, 'type'],
      [{ type: 'http', target: { url: 'not a url' } }, 400, 'target.url'],
      [{ type: 'http', target: { url: 'ftp://example.com' } }, 400, 'target.url'],
      [{ type: 'http', target: {} }, 400, 'target.url'],
      [{ type: 'http', target: { url: 'https://x.example' }, interval_s: 5 }, 400, 'interval_s'],
      [{ type: 'http', target: { url: 'https://x.example' }, interval_s: 10, timeout_ms: 10_000 }, 400, 'timeout_ms'],
      [{ type: 'http', target: { url: 'https://x.example', expected_status: ['2xx'] } }, 400, 'target.expected_status'],
      [{ type: 'http', target: { url: 'https://x.example', assertions: [{ kind: 'json_path', path: '$.a' }] } }, 400, 'target.assertions[0]'],
      [{ type: 'http', target: { url: 'https://x.example', assertions: [{ kind: 'json_path', path: '$.a', matches: '(' }] } }, 400, 'target.assertions[0]'],
      [{ type: 'tcp', target: { host: 'db.internal', port: 70_000 } }, 400, 'target.port'],
      [{ type: 'tcp', target: { host: 'bad host!', port: 5432 } }, 400, 'target.host'],
      [{ type: 'dns', target: { name: 'example.com', record_type: 'SRVX' } }, 400, 'target.record_type'],
      [{ type: 'heartbeat', target: { period_s: 1 } }, 400, 'target.period_s'],
      [{ type: 'http', target: { url: 'https://x.example' }, locations: ['mars'] }, 400, 'locations'],
      [{ type: 'http', target: { url: 'https://x.example' }, service_id: 'svc_nope' }, 400, 'service_id'],
      [{ type: 'http', target: { url: 'https://x.example' }, confirmation: { locations_to_alert: 3 } }, 400, 'confirmation.locations_to_alert'],
      [{ type: 'http', target: { url: 'https://x.example' }, confirmation: { recheck_s: -1 } }, 400, 'confirmation.recheck_s'],
      [{ type: 'http', target: { url: 'https://x.example' }, confirmation: { recheck_s: 2.5 } }, 400, 'confirmation.recheck_s'],
      [{ type: 'http', target: { url: 'https://x.example', color: 'red' } }, 400, 'target.color'],
    ];
    for (const [body, status, field] of cases) {
      const res = await h.call('POST', '/api/v1/monitors', { ...as(responder), body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await h.call('POST', '/api/v1/monitors', { ...as(viewer), body: { type: 'http', target: { url: 'https://x.example' } } })).statusCode).toBe(403);
    expect((await h.call('PATCH', '/api/v1/monitors/mon_nope', { ...as(responder), body: { name: 'x' } })).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/monitors?limit=200', as(viewer))).json()).toEqual(before);
  });

  it('pages through monitors by name and filters by text and state', async () => {
    for (const name of ['alpha api', 'beta api', 'gamma db']) {
      await h.call('POST', '/api/v1/monitors', { ...as(responder), body: { type: 'tcp', name, target: { host: '127.0.0.1', port: 5432 } } });
    }
    const first = (await h.call('GET', '/api/v1/monitors?limit=1&q=api', as(viewer))).json();
    expect(first.items.map((m: { name: string }) => m.name)).toEqual(['alpha api']);
    const second = (await h.call('GET', `/api/v1/monitors?limit=5&q=api&cursor=${first.next_cursor}`, as(viewer))).json();
    expect(second.items.map((m: { name: string }) => m.name)).toEqual(['beta api']);
    expect(second.next_cursor).toBeNull();
    const unknown = (await h.call('GET', '/api/v1/monitors?state=unknown&limit=200', as(viewer))).json();
    expect(unknown.items.length).toBeGreaterThanOrEqual(3);
  });
});
