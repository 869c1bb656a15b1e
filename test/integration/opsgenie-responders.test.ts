import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';
import { alertsOf, counts, genieClient, serviceWithKey, type Actor } from './intake-helpers.js';

// What ChatOps bots and scripts on Opsgenie's API do to bring people in: assign an alert (its
// owner is paged), add a responder (a user, a team's members, a schedule's on-call person), and
// snooze an acknowledged alert. Done by Tocsin's paging on the alert's incident.

interface PageLine {
  user: { id: string; name: string };
  reason: string;
  note: string;
}

describeEachDatabase('intake: Opsgenie assign, responders and snooze', (h) => {
  let admin: Actor;
  let viewer: Actor;
  let ana: Actor;
  let bo: Actor;
  let cy: Actor;
  let apiKey: string;
  let keyId: string;
  let policyId: string;
  beforeAll(async () => {
    h.clock.set('2026-01-05T10:00:00.000Z');
    [admin, viewer, ana, bo, cy] = [await h.actor('admin'), await h.actor('viewer'), await h.actor('responder'), await h.actor('responder'), await h.actor('responder')];
    const made = await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: 'Payments', member_ids: [bo.id, cy.id] } });
    expect(made.statusCode, made.body).toBe(201);
    const schedule = await h.call('POST', '/api/v1/schedules', { token: admin.token, body: { name: 'Payments primary', time_zone: 'UTC', template: 'weekly', members: [cy.id], start_date: '2026-01-05', handoff: '09:00' } });
    expect(schedule.statusCode, schedule.body).toBe(201);
    const policy = await h.call('POST', '/api/v1/escalation-policies', { token: admin.token, body: { name: 'Payments on call', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }] } });
    expect(policy.statusCode, policy.body).toBe(201);
    policyId = policy.json().id;
  });
  /** A service of its own for each test (alerts on one service join its open incident), paged by the policy. */
  const service = async (name: string) => {
    const { serviceId, key } = await serviceWithKey(h, admin, name, 'opsgenie');
    expect((await h.call('PUT', `/api/v1/services/${serviceId}/escalation-policy`, { token: admin.token, body: { policy_id: policyId } })).statusCode).toBe(200);
    [apiKey, keyId] = [key.key, key.id];
  };
  const og = () => genieClient(h, apiKey);
  const manualPages = async (incidentId: string): Promise<PageLine[]> =>
    ((await h.call('GET', `/api/v1/incidents/${incidentId}/pages`, { token: viewer.token })).json().pages as PageLine[]).filter((p) => p.reason === 'manual');
  const open = async (alias: string, priority = 'P2') => {
    await service(`${alias}-svc`);
    expect((await og().post('/v2/alerts', { message: `${alias} failing`, alias, priority })).statusCode).toBe(202);
    return (await alertsOf(h, viewer.token, keyId)).find((a) => a.status === 'open' && a.dedup_key.endsWith(`:${alias}`))!;
  };

  it('assigns by username and adds a team and a schedule as responders: each is paged, with who asked', async () => {
    const alert = await open('card-declines');
    const assigned = await og().post('/v2/alerts/card-declines/assign?identifierType=alias', { owner: { username: ana.email }, user: 'chatops', note: 'yours, Ana' });
    expect(assigned.statusCode, assigned.body).toBe(202);
    expect(await og().status(assigned.json().requestId)).toMatchObject({ success: true, action: 'AssignOwnership', status: 'Paged: asked to join the alert’s incident', alertId: alert.id });
    const team = await og().post(`/v2/alerts/${alert.id}/responders`, { responder: { type: 'team', name: 'payments' } });
    expect(await og().status(team.json().requestId)).toMatchObject({ success: true, action: 'AddResponder' });
    const schedule = await og().post('/v2/alerts/card-declines/responders?identifierType=alias', { responder: { type: 'schedule', name: 'Payments primary' }, user: 'chatops' });
    expect(await og().status(schedule.json().requestId)).toMatchObject({ success: true, action: 'AddResponder' });

    // Pages made at one instant (the test's clock stands still) come in no particular order.
    const pages = (await manualPages(alert.incident_id!)).map((p) => `${p.user.id}: ${p.note}`).sort();
    expect(pages).toEqual(
      [`${ana.id}: yours, Ana (chatops, via Opsgenie API)`, `${bo.id}: Added as a responder`, `${cy.id}: Added as a responder`, `${cy.id}: Added as a responder (chatops, via Opsgenie API)`].sort(),
    );
    const timeline = (await h.call('GET', `/api/v1/incidents/${alert.incident_id}/timeline`, { token: viewer.token })).json().items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'paged').length).toBeGreaterThanOrEqual(3);
  });

  it('snoozes an acknowledged alert until endTime; one nobody acknowledged is left paging, and the status says why', async () => {
    const alert = await open('settlement-lag');
    const asked = await og().post('/v2/alerts/settlement-lag/snooze?identifierType=alias', { endTime: '2026-01-05T11:00:00Z' });
    expect(asked.statusCode).toBe(202);
    expect(await og().status(asked.json().requestId)).toMatchObject({ success: false, action: 'Snooze', status: expect.stringContaining('acknowledge it first') });

    expect((await og().post('/v2/alerts/settlement-lag/acknowledge?identifierType=alias', {})).statusCode).toBe(202);
    const snoozed = await og().post('/v2/alerts/settlement-lag/snooze?identifierType=alias', { endTime: '2026-01-05T10:30:00Z', note: 'batch reruns at half past', user: 'ops' });
    expect(await og().status(snoozed.json().requestId)).toMatchObject({ success: true, action: 'Snooze', status: 'Snoozed alert: its paging waits until endTime', alertId: alert.id });
    const timeline = (await h.call('GET', `/api/v1/incidents/${alert.incident_id}/timeline`, { token: viewer.token })).json().items;
    expect(timeline.find((e: { kind: string }) => e.kind === 'escalation_snoozed')).toMatchObject({ data: { minutes: 30, until: '2026-01-05T10:30:00.000Z' } });
    expect(timeline.find((e: { kind: string }) => e.kind === 'note')).toMatchObject({ data: { text: 'batch reruns at half past (ops, via Opsgenie API)' } });
  });

  it('escalates through the named policy: its next tier is paged now, not in 30 minutes; another policy or no tier left pages nobody', async () => {
    const twoTiers = await h.call('POST', '/api/v1/escalation-policies', {
      token: admin.token,
      body: { name: 'Ledger on call', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }, { delay_minutes: 30, targets: [{ kind: 'user', id: bo.id }] }] },
    });
    expect(twoTiers.statusCode, twoTiers.body).toBe(201);
    const { serviceId, key } = await serviceWithKey(h, admin, 'ledger-svc', 'opsgenie');
    expect((await h.call('PUT', `/api/v1/services/${serviceId}/escalation-policy`, { token: admin.token, body: { policy_id: twoTiers.json().id } })).statusCode).toBe(200);
    [apiKey, keyId] = [key.key, key.id];
    expect((await og().post('/v2/alerts', { message: 'ledger drift', alias: 'ledger-drift', priority: 'P1' })).statusCode).toBe(202);
    const alert = (await alertsOf(h, viewer.token, keyId)).find((a) => a.dedup_key.endsWith(':ledger-drift'))!;
    const paged = async () => ((await h.call('GET', `/api/v1/incidents/${alert.incident_id}/pages`, { token: viewer.token })).json().pages as PageLine[]).map((p) => p.user.id);
    await expect.poll(paged).toEqual([ana.id]);

    const other = await og().post('/v2/alerts/ledger-drift/escalate?identifierType=alias', { escalation: { name: 'Payments on call' } });
    expect(other.statusCode, other.body).toBe(202);
    expect(await og().status(other.json().requestId)).toMatchObject({ success: false, action: 'Escalate', status: expect.stringContaining('not paging this alert') });
    expect(await paged()).toEqual([ana.id]);

    const asked = await og().post('/v2/alerts/ledger-drift/escalate?identifierType=alias', { escalation: { name: 'ledger on call', type: 'escalation' }, user: 'chatops', note: 'Ana is on a plane' });
    expect(await og().status(asked.json().requestId)).toMatchObject({ success: true, action: 'Escalate', status: 'Escalated: the next tier of the escalation policy was paged now', alertId: alert.id });
    await expect.poll(async () => (await paged()).sort()).toEqual([ana.id, bo.id].sort()); // the clock never moved: tier 2 came now
    const timeline = (await h.call('GET', `/api/v1/incidents/${alert.incident_id}/timeline`, { token: viewer.token })).json().items;
    expect(timeline.find((e: { kind: string }) => e.kind === 'note')).toMatchObject({ data: { text: 'Ana is on a plane (chatops, via Opsgenie API)' } });

    const again = await og().post(`/v2/alerts/${alert.id}/escalate`, { escalation: { id: twoTiers.json().id } });
    expect(await og().status(again.json().requestId)).toMatchObject({ success: false, status: expect.stringContaining('no tier left') });
    for (const [body, field] of [[{ escalation: { name: 'No such policy' } }, 'escalation'], [{ escalation: 'Ledger on call' }, 'escalation'], [{}, 'escalation']] as const) {
      const res = await og().post(`/v2/alerts/${alert.id}/escalate`, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(Object.keys(res.json().errors)).toEqual([field]);
    }
    expect((await paged()).length).toBe(2);
  });

  it('refuses what names nobody or is malformed with a 422 naming the field, and changes nothing', async () => {
    const alert = await open('fx-rates');
    const before = await counts(h);
    const cases: [string, unknown, string][] = [
      ['assign', { owner: { username: 'nobody@example.com' } }, 'owner'],
      ['assign', { owner: {} }, 'owner'],
      ['assign', { owner: 'ana' }, 'owner'],
      ['responders', { responder: { type: 'team', name: 'No such team' } }, 'responder'],
      ['responders', { responder: { type: 'escalation', name: 'Payments' } }, 'responder.type'],
      ['responders', { responder: { type: 'user', id: 'usr_nobody' } }, 'responder'],
      ['snooze', { endTime: 'tomorrow' }, 'endTime'],
      ['snooze', { endTime: '2026-01-05T09:00:00Z' }, 'endTime'],
      ['snooze', { endTime: '2026-01-07T09:00:00Z' }, 'endTime'],
      ['assign', { owner: { username: ana.email }, note: 42 }, 'note'],
    ];
    for (const [action, body, field] of cases) {
      const res = await og().post(`/v2/alerts/${alert.id}/${action}`, body);
      expect(res.statusCode, `${action} ${JSON.stringify(body)}: ${res.body}`).toBe(422);
      expect(Object.keys(res.json().errors), `${action} ${JSON.stringify(body)}`).toEqual([field]);
    }
    // A team whose members are all gone reaches nobody: said, not skipped.
    const empty = await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: 'Nobody home', member_ids: [] } });
    expect(empty.statusCode, empty.body).toBe(201);
    const nobody = await og().post(`/v2/alerts/${alert.id}/responders`, { responder: { type: 'team', id: empty.json().id } });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().errors.responder).toMatch(/reaches nobody/);
    // Over the intake's 512 KB, and a NUL byte: refused before anything is looked up.
    expect((await og().post(`/v2/alerts/${alert.id}/assign`, { owner: { username: ana.email }, note: 'y'.repeat(600 * 1024) })).statusCode).toBe(413);
    for (const [action, body] of [['assign', { owner: { username: 'ana\u0000@example.com' } }], ['snooze', { endTime: '2026-01-05T11:00:00Z', note: 'a\u0000b' }]] as const) {
      const res = await og().post(`/v2/alerts/${alert.id}/${action}`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(/NUL/i);
    }
    expect(await manualPages(alert.incident_id!)).toEqual([]);
    expect(await counts(h)).toEqual(before);
    // No key, another key's alert, a closed alert: as for the other actions.
    expect((await h.call('POST', `/v2/alerts/${alert.id}/assign`, { body: { owner: { username: ana.email } } })).statusCode).toBe(401);
    expect((await og().post('/v2/alerts/fx-rates/close?identifierType=alias', {})).statusCode).toBe(202);
    const late = await og().post(`/v2/alerts/${alert.id}/assign`, { owner: { username: ana.email } });
    expect(await og().status(late.json().requestId)).toMatchObject({ success: false, action: 'AssignOwnership', status: 'Alert is closed: nothing changed' });
    expect(await manualPages(alert.incident_id!)).toEqual([]);
  });

  it('an alert that opened no incident (P5) pages nobody, and says so', async () => {
    const alert = await open('fyi-only', 'P5');
    expect(alert.incident_id).toBeNull();
    const res = await og().post('/v2/alerts/fyi-only/assign?identifierType=alias', { owner: { username: ana.email } });
    expect(await og().status(res.json().requestId)).toMatchObject({ success: false, status: 'The alert opened no incident: nobody was paged' });
  });
});
