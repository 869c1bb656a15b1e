import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, incident, serviceWithKey, type Actor } from './intake-helpers.js';

// PagerDuty Events API v1 at its path, for senders that still speak it: the URL is the only change.

const V1 = '/generic/2010-04-15/create_event.json';

describeEachDatabase('intake: PagerDuty Events API v1', (h) => {
  let admin: Actor;
  let responder: Actor;
  beforeAll(async () => {
    admin = await h.actor('admin');
    responder = await h.actor('responder');
  });
  const send = (body: unknown) => h.call('POST', V1, { body: typeof body === 'string' ? body : (body as object), headers: { 'content-type': 'application/json' } });

  it('opens, counts, acknowledges and resolves an alert by incident_key, answering as v1 does', async () => {
    const { key } = await serviceWithKey(h, admin, 'legacy-nagios', 'pagerduty', { default_severity: 'critical' });
    const trigger = {
      service_key: key.key,
      event_type: 'trigger',
      incident_key: 'srv01/HTTP',
      description: 'HTTP CRITICAL on srv01: 503 Service Unavailable',
      client: 'Nagios',
      client_url: 'https://nagios.example.com/cgi-bin/status.cgi?host=srv01',
      details: { state: 'CRITICAL', output: '503' },
      contexts: [{ type: 'link', href: 'https://runbooks.example.com/http', text: 'Runbook' }, { type: 'image', src: 'https://graphs.example.com/srv01.png' }],
    };
    const first = await send(trigger);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ status: 'success', message: 'Event processed', incident_key: 'srv01/HTTP' });
    expect((await send(trigger)).statusCode).toBe(200);
    const [alert] = await alertsOf(h, responder.token, key.id);
    expect(alert).toMatchObject({ status: 'open', events: 2, severity: 'SEV-2', summary: 'HTTP CRITICAL on srv01: 503 Service Unavailable' });
    expect(alert!.details).toMatchObject({
      client: 'Nagios',
      client_url: trigger.client_url,
      custom_details: { state: 'CRITICAL', output: '503' },
      links: [{ href: 'https://runbooks.example.com/http', text: 'Runbook' }],
      images: [{ src: 'https://graphs.example.com/srv01.png' }],
    });
    // v1 has no severity: the key's default (critical) opened a SEV-2.
    expect(await incident(h, responder.token, alert!.incident_id!)).toMatchObject({ severity: 'SEV-2', status: 'triggered', detection_source: 'integration' });

    expect((await send({ service_key: key.key, event_type: 'acknowledge', incident_key: 'srv01/HTTP', description: 'looking' })).json().status).toBe('success');
    expect((await alertsOf(h, responder.token, key.id))[0]!.acknowledged_at).not.toBeNull();
    expect((await incident(h, responder.token, alert!.incident_id!)).status).toBe('acknowledged');
    expect((await send({ service_key: key.key, event_type: 'resolve', incident_key: 'srv01/HTTP' })).statusCode).toBe(200);
    expect((await alertsOf(h, responder.token, key.id))[0]!.status).toBe('resolved');
    expect((await incident(h, responder.token, alert!.incident_id!)).status).toBe('resolved');
    // The timeline names the alert that resolved, and how; its events: two triggers and the acknowledge.
    const timeline = (await h.call('GET', `/api/v1/incidents/${alert!.incident_id}/timeline`, { token: responder.token })).json().items as { kind: string; data: Record<string, unknown> }[];
    expect(timeline.find((e) => e.kind === 'alert_resolved')!.data).toMatchObject({ alert_summary: 'HTTP CRITICAL on srv01: 503 Service Unavailable', summary: 'Resolved by its sender', events: 3 });

    // Details as a line of text (older scripts send that) are kept, not refused.
    const texty = await send({ service_key: key.key, event_type: 'trigger', incident_key: 'srv03/LOAD', description: 'Load 12 on srv03', details: 'load average: 12.01, 9.80, 7.22' });
    expect(texty.statusCode, texty.body).toBe(200);
    expect((await alertsOf(h, responder.token, key.id)).find((a) => a.summary === 'Load 12 on srv03')!.details).toMatchObject({ custom_details: { details: 'load average: 12.01, 9.80, 7.22' } });
    expect((await send({ service_key: key.key, event_type: 'resolve', incident_key: 'srv03/LOAD' })).statusCode).toBe(200);

    // A trigger without an incident_key gets one, which later events use; unknown keys are accepted and dropped.
    const fresh = await send({ service_key: key.key, event_type: 'trigger', description: 'Disk 95% on srv02' });
    const made = fresh.json().incident_key as string;
    expect(made).toMatch(/^\S{8,}$/);
    const before = await counts(h);
    expect((await send({ service_key: key.key, event_type: 'resolve', incident_key: 'never-seen' })).json()).toEqual({ status: 'success', message: 'Event processed', incident_key: 'never-seen' });
    expect(await counts(h)).toEqual(before);
    expect((await send({ service_key: key.key, event_type: 'resolve', incident_key: made })).statusCode).toBe(200);
    expect((await alertsOf(h, responder.token, key.id)).every((a) => a.status === 'resolved')).toBe(true);
  });

  it('refuses bad events in v1’s shape, naming the field, and stores nothing', async () => {
    const { key } = await serviceWithKey(h, admin, 'legacy-zabbix', 'pagerduty');
    const before = await counts(h);
    const cases: Array<[unknown, number, string]> = [
      ['{"service_key": ', 400, 'not valid JSON'],
      [{ event_type: 'trigger', description: 'x' }, 400, 'service_key'],
      [{ service_key: 'f'.repeat(32), event_type: 'trigger', description: 'x' }, 400, 'Service key'],
      [{ service_key: key.key, event_type: 'explode', description: 'x' }, 400, 'event_type'],
      [{ service_key: key.key, event_type: 'trigger' }, 400, 'description'],
      [{ service_key: key.key, event_type: 'trigger', description: '   ' }, 400, 'description'],
      [{ service_key: key.key, event_type: 'acknowledge' }, 400, 'incident_key'],
      [{ service_key: key.key, event_type: 'trigger', description: 'x', incident_key: 7 }, 400, 'incident_key'],
      [{ service_key: key.key, event_type: 'trigger', description: 'x', contexts: [{ type: 'video', src: 'x' }] }, 400, 'contexts'],
      [{ service_key: key.key, event_type: 'trigger', description: 'bad\u0000byte' }, 400, 'NUL'],
      [{ service_key: key.key, event_type: 'trigger', description: 'x'.repeat(600 * 1024) }, 413, ''],
    ];
    for (const [body, status, words] of cases) {
      const res = await send(body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(status);
      if (status === 400) {
        expect(res.json()).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
        expect(res.json().errors.join(' '), JSON.stringify(body).slice(0, 80)).toContain(words);
      }
    }
    expect(await counts(h)).toEqual(before);
  });
});

describeEachDatabase(
  'intake: PagerDuty Events API v1 throttling',
  (h) => {
    it('answers 403 with Retry-After past the key’s allowance, as v1 throttles', async () => {
      const admin = await h.actor('admin');
      const { key } = await serviceWithKey(h, admin, 'legacy-burst', 'pagerduty');
      const statuses: number[] = [];
      let refused: { headers: Record<string, unknown>; body: string } | undefined;
      for (let i = 0; i < 8; i++) {
        const res = await h.call('POST', V1, { body: { service_key: key.key, event_type: 'trigger', incident_key: 'burst', description: 'Queue backed up' } });
        statuses.push(res.statusCode);
        if (res.statusCode === 403) refused = res;
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 403, 403, 403]);
      expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(refused!.body)).toMatchObject({ status: 'throttle exceeded', message: expect.stringContaining('more than 5 events this minute') });
      expect((await h.call('GET', `/api/v1/alerts?source_ref=${key.id}`, { token: admin.token })).json().items[0].events).toBe(5);
    });
  },
  { env: { TOCSIN_INTAKE_EVENTS_PER_MINUTE: '5' } },
);
