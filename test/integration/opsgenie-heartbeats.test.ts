import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { resultsOf, serviceWithKey, type Actor } from './intake-helpers.js';

// Opsgenie's heartbeat ping at the same path: a job (or Alertmanager's Watchdog receiver) that
// pinged api.opsgenie.com/v2/heartbeats/<name>/ping pings Tocsin's heartbeat monitor of that name
// on the key's service, with the same GenieKey header, and gets Opsgenie's answer.

describeEachDatabase('the Opsgenie heartbeat ping', (h) => {
  let admin: Actor;
  let responder: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });
  const heartbeat = async (name: string, serviceId: string) => {
    const res = await h.call('POST', '/api/v1/monitors', { token: responder.token, body: { type: 'heartbeat', name, service_id: serviceId, target: { period_s: 60, grace_s: 30 } } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  };
  const monitor = async (id: string) => (await h.call('GET', `/api/v1/monitors/${id}`, { token: responder.token })).json() as { state: string; last_result_at?: string | null };
  const ping = (name: string, o: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'HEAD'; auth?: string; query?: string; body?: string } = {}) =>
    h.app.inject({
      method: o.method ?? 'POST',
      url: `/v2/heartbeats/${encodeURIComponent(name)}/ping${o.query ?? ''}`,
      headers: { ...(o.auth === undefined ? {} : { authorization: o.auth }), ...(o.body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: o.body,
    });

  it('records a ping on the heartbeat of that name on the key’s service, by every method Opsgenie takes', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'backups', 'opsgenie');
    const other = await serviceWithKey(h, admin, 'reports', 'opsgenie');
    const backup = await heartbeat('nightly-backup', serviceId);
    const elsewhere = await heartbeat('nightly-backup', other.serviceId);
    const cases = [
      { method: 'POST', auth: `GenieKey ${key.key}` },
      { method: 'GET', auth: `GenieKey ${key.key}` },
      { method: 'PUT', query: `?apiKey=${key.key}` },
      { method: 'PATCH', auth: `GenieKey ${key.key}`, body: '{"note":"ignored"}' },
    ] as const;
    for (const c of cases) {
      h.clock.advance(1_000);
      const res = await ping('nightly-backup', c);
      expect(res.statusCode, `${c.method} ${res.body}`).toBe(202);
      expect(res.json()).toMatchObject({ result: 'PONG - Heartbeat received', took: expect.any(Number), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    }
    expect((await monitor(backup.id)).state).toBe('up');
    // A name with a space travels escaped, as the monitor page's command writes it.
    const spaced = await heartbeat('weekly report', serviceId);
    expect((await ping('weekly report', { auth: `GenieKey ${key.key}` })).statusCode).toBe(202);
    expect(await resultsOf(h, spaced.id)).toBe(1);
    expect(await resultsOf(h, backup.id)).toBe(4);
    // The same name on another service is that service's: this key's pings did not reach it.
    expect(await resultsOf(h, elsewhere.id)).toBe(0);
  });

  it('answers 404 for a name the service has no heartbeat of, and 401 without a good key, recording nothing', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'exports', 'opsgenie');
    const hb = await heartbeat('export-job', serviceId);
    const unknown = await ping('export-jobs', { auth: `GenieKey ${key.key}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('Heartbeat with name [export-jobs] does not exist');
    for (const auth of [undefined, 'GenieKey nope', `Bearer ${responder.token}`, `Basic ${Buffer.from(`:${key.key}x`).toString('base64')}`]) {
      const res = await ping('export-job', { auth });
      expect(res.statusCode, String(auth)).toBe(401);
      expect(res.json()).toMatchObject({ message: expect.stringContaining('Could not authenticate'), requestId: expect.any(String) });
    }
    expect((await h.call('DELETE', `/api/v1/services/${serviceId}/integration-keys/${key.id}`, { token: admin.token })).statusCode).toBe(204);
    expect((await ping('export-job', { auth: `GenieKey ${key.key}` })).statusCode).toBe(401);
    expect(await resultsOf(h, hb.id)).toBe(0);
  });

  it('takes a ping for a paused heartbeat without recording it, and says so', async () => {
    const { serviceId, key } = await serviceWithKey(h, admin, 'etl', 'opsgenie');
    const hb = await heartbeat('etl-hourly', serviceId);
    expect((await h.call('POST', `/api/v1/monitors/${hb.id}/pause`, { token: responder.token })).statusCode).toBe(200);
    const res = await ping('etl-hourly', { method: 'GET', auth: `GenieKey ${key.key}` });
    expect(res.statusCode).toBe(202);
    expect(res.json().result).toContain('paused in Tocsin');
    expect(await resultsOf(h, hb.id)).toBe(0);
  });
});
