import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;
interface TierReach {
  position: number;
  applies: boolean;
  people: { user_id: string }[];
  targets: { kind: string; gap: string | null }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

describeEachDatabase('escalation policies', (h) => {
  let admin: Actor;
  let ana: Actor;
  let bo: Actor;
  let cy: Actor;
  let viewer: Actor;
  let primary: string;
  let secondary: string;
  let team: string;
  let service: string;
  beforeAll(async () => {
    h.clock.set('2026-01-05T09:00:00.000Z'); // a Monday
    admin = await h.actor('admin');
    [ana, bo, cy] = [await h.actor('responder'), await h.actor('responder'), await h.actor('responder')];
    viewer = await h.actor('viewer');
    const made = await h.call('POST', '/api/v1/schedules', {
      token: admin.token,
      body: { name: 'Checkout', time_zone: 'UTC', template: 'primary-secondary', members: [ana.id, bo.id], start_date: '2026-01-05', handoff: '09:00' },
    });
    expect(made.statusCode, made.body).toBe(201);
    [primary, secondary] = [made.json().id, made.json().secondary.id];
    team = (await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: 'Leadership', member_ids: [cy.id] } })).json().id;
    service = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Checkout API' } })).json().id;
  });
  const as = (a: Actor) => ({ token: a.token });
  const create = (body: unknown) => h.call('POST', '/api/v1/escalation-policies', { ...as(admin), body });
  const defaults = (name: string) =>
    create({ name, template: 'default', targets: { primary: { kind: 'schedule', id: primary }, secondary: { kind: 'schedule', id: secondary }, management: { kind: 'user', id: cy.id }, executives: { kind: 'team', id: team } } });

  it('creates the default policy from the template, reads, changes and deletes it', async () => {
    const res = await defaults('Default');
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.tiers.map((t: { delay_minutes: number; severities: string[] | null; targets: { name: string }[] }) => [t.delay_minutes, t.severities, t.targets[0]!.name])).toEqual([
      [0, null, 'Checkout primary'],
      [5, null, 'Checkout secondary'],
      [15, ['SEV-1'], cy.name],
      [30, ['SEV-1'], 'Leadership'],
    ]);
    expect((await h.call('GET', `/api/v1/escalation-policies/${p.id}`, as(viewer))).json()).toEqual(p);
    expect((await h.call('GET', '/api/v1/escalation-policies?q=defa', as(viewer))).json().items.map((x: { id: string }) => x.id)).toEqual([p.id]);

    const changed = await h.call('PATCH', `/api/v1/escalation-policies/${p.id}`, { ...as(admin), body: { repeat_count: 2, tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }, { kind: 'incident_commander' }] }] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Default', repeat_count: 2, tiers: [{ position: 1, targets: [{ kind: 'user', id: ana.id }, { kind: 'incident_commander', id: null }] }] });

    expect((await h.call('PATCH', `/api/v1/escalation-policies/${p.id}`, { ...as(viewer), body: { repeat_count: 1 } })).statusCode).toBe(403);
    expect((await h.call('DELETE', `/api/v1/escalation-policies/${p.id}`, as(admin))).statusCode).toBe(204);
    expect((await h.call('GET', `/api/v1/escalation-policies/${p.id}`, as(viewer))).statusCode).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'Bad', tiers: [] }, 'tiers'],
      [{ name: 'Bad', tiers: [{ delay_minutes: 5, targets: [{ kind: 'user', id: ana.id }] }, { delay_minutes: 0, targets: [{ kind: 'user', id: bo.id }] }] }, 'tiers.1.delay_minutes'],
      [{ name: 'Bad', tiers: [{ delay_minutes: 0, targets: [] }] }, 'tiers.0.targets'],
      [{ name: 'Bad', tiers: [{ delay_minutes: 0, targets: [{ kind: 'schedule', id: 'sch_nope' }] }] }, 'tiers.0.targets.0.id'],
      [{ name: 'Bad', tiers: [{ position: 1, delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }, { position: 1, delay_minutes: 0, targets: [{ kind: 'user', id: bo.id }] }] }, 'tiers.1.position'],
      [{ name: 'Bad', template: 'default', targets: { primary: { kind: 'schedule', id: primary }, secondary: { kind: 'team', id: 'team_nope' }, management: { kind: 'user', id: cy.id }, executives: { kind: 'user', id: cy.id } } }, 'targets.secondary.id'],
      [{ name: 'Bad', template: 'default' }, 'targets'],
      [{ name: 'Bad', tiers: [{ delay_minutes: -1, targets: [{ kind: 'user', id: ana.id }] }] }, 'delay_minutes'],
      [{ name: 'Bad\u0000', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }] }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await create(body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain(field);
    }
    expect((await h.call('GET', '/api/v1/escalation-policies?q=bad', as(viewer))).json().items).toEqual([]);
  });

  it('names the services each policy escalates, in the policy and in the list, and forgets a service that leaves it', async () => {
    const p = (await defaults('Used')).json() as { id: string; services: unknown[] };
    expect(p.services).toEqual([]);
    const other = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Ads API' } })).json().id as string;
    for (const s of [service, other]) expect((await h.call('PUT', `/api/v1/services/${s}/escalation-policy`, { ...as(admin), body: { policy_id: p.id } })).statusCode).toBe(200);
    const named = [{ id: other, name: 'Ads API' }, { id: service, name: 'Checkout API' }];
    expect((await h.call('GET', `/api/v1/escalation-policies/${p.id}`, as(viewer))).json().services).toEqual(named);
    expect((await h.call('GET', '/api/v1/escalation-policies?q=used', as(viewer))).json().items[0].services).toEqual(named);
    expect((await h.call('PUT', `/api/v1/services/${service}/escalation-policy`, { ...as(admin), body: { policy_id: null } })).statusCode).toBe(200);
    expect((await h.call('DELETE', `/api/v1/services/${other}`, as(admin))).statusCode).toBe(204);
    expect((await h.call('GET', `/api/v1/escalation-policies/${p.id}`, as(viewer))).json().services).toEqual([]);
  });

  it('answers 404 for unknown ids and 409 for a name taken in another case', async () => {
    expect((await h.call('GET', '/api/v1/escalation-policies/esc_nope', as(viewer))).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/escalation-policies/esc_nope/on-call', as(viewer))).statusCode).toBe(404);
    expect((await h.call('PATCH', '/api/v1/escalation-policies/esc_nope', { ...as(admin), body: { repeat_count: 1 } })).statusCode).toBe(404);
    expect((await h.call('DELETE', '/api/v1/escalation-policies/esc_nope', as(admin))).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/services/svc_nope/on-call', as(viewer))).statusCode).toBe(404);
    expect((await h.call('PUT', '/api/v1/services/svc_nope/escalation-policy', { ...as(admin), body: { policy_id: null } })).statusCode).toBe(404);
    const unknown = await h.call('PUT', `/api/v1/services/${service}/escalation-policy`, { ...as(admin), body: { policy_id: 'esc_nope' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().field ?? unknown.body).toContain('policy_id');
    expect((await defaults('Twice')).statusCode).toBe(201);
    expect((await defaults('TWICE')).statusCode).toBe(409);
  });

  it('keeps an acknowledgement timeout: set at creation, changed, cleared, bounded, untouched by other changes', async () => {
    const tiers = [{ delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] }];
    const made = await create({ name: 'Repages', tiers, ack_timeout_minutes: 30 });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    expect(made.json().ack_timeout_minutes).toBe(30);
    expect((await create({ name: 'Never repages', tiers })).json().ack_timeout_minutes).toBeNull();
    const patchIt = (body: unknown, who = admin) => h.call('PATCH', `/api/v1/escalation-policies/${id}`, { ...as(who), body });
    expect((await patchIt({ ack_timeout_minutes: 90 })).json().ack_timeout_minutes).toBe(90);
    expect((await patchIt({ repeat_count: 1 })).json().ack_timeout_minutes).toBe(90);
    for (const bad of [0, 10081, 2.5, 'soon']) {
      const res = await patchIt({ ack_timeout_minutes: bad });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain('ack_timeout_minutes');
    }
    expect((await patchIt({ ack_timeout_minutes: 5 }, viewer)).statusCode).toBe(403);
    expect((await h.call('GET', `/api/v1/escalation-policies/${id}`, as(viewer))).json().ack_timeout_minutes).toBe(90);
    expect((await patchIt({ ack_timeout_minutes: null })).json().ack_timeout_minutes).toBeNull();
  });

  it('tells who each tier reaches, per policy and per service, at any instant', async () => {
    const p = (await defaults('Checkout escalation')).json();
    const attach = await h.call('PUT', `/api/v1/services/${service}/escalation-policy`, { ...as(admin), body: { policy_id: p.id } });
    expect(attach.statusCode, attach.body).toBe(200);
    expect(attach.json()).toEqual({ service_id: service, policy: { id: p.id, name: 'Checkout escalation' } });

    const now = (await h.call('GET', `/api/v1/escalation-policies/${p.id}/on-call`, as(viewer))).json();
    expect(now.at).toBe('2026-01-05T09:00:00.000Z');
    expect(now.tiers.map((t: TierReach) => t.people.map((x) => x.user_id))).toEqual([[ana.id], [bo.id], [cy.id], [cy.id]]);
    // A week later the rotation has turned: the primary is Bo, the secondary Ana.
    const later = (await h.call('GET', `/api/v1/services/${service}/on-call?at=2026-01-13T00:00:00Z&severity=SEV-2`, as(viewer))).json();
    expect(later).toMatchObject({ service: { id: service, name: 'Checkout API' }, policy: { id: p.id } });
    expect(later.tiers.map((t: TierReach) => [t.people.map((x) => x.user_id), t.applies])).toEqual([
      [[bo.id], true],
      [[ana.id], true],
      [[cy.id], false],
      [[cy.id], false],
    ]);
    // The test clock moves "now" too.
    h.clock.set(iso(Date.parse('2026-01-13T00:00:00Z')));
    const moved = (await h.call('GET', `/api/v1/services/${service}/on-call`, as(viewer))).json();
    expect(moved.tiers[0].people[0].user_id).toBe(bo.id);
    h.clock.set('2026-01-05T09:00:00.000Z');

    // A team with nobody active: the gap is said, never silently empty.
    await h.call('PATCH', `/api/v1/teams/${team}`, { ...as(admin), body: { member_ids: [] } });
    const gap = (await h.call('GET', `/api/v1/escalation-policies/${p.id}/on-call`, as(viewer))).json();
    expect(gap.tiers[3]).toMatchObject({ people: [], targets: [{ kind: 'team', gap: 'this team has no active members' }] });
    await h.call('PATCH', `/api/v1/teams/${team}`, { ...as(admin), body: { member_ids: [cy.id] } });

    expect((await h.call('GET', `/api/v1/escalation-policies/${p.id}/on-call?at=yesterday`, as(viewer))).statusCode).toBe(400);
    // Deleting the policy leaves the service without one.
    await h.call('DELETE', `/api/v1/escalation-policies/${p.id}`, as(admin));
    expect((await h.call('GET', `/api/v1/services/${service}/on-call`, as(viewer))).json()).toMatchObject({ policy: null, tiers: [] });
  });

  it.runIf(h.dialect === 'postgres')('lets exactly one of concurrent creates with the same name win', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => defaults(i % 2 ? 'Race' : 'race')));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(7);
    expect((await h.call('GET', '/api/v1/escalation-policies?q=race', as(viewer))).json().items).toHaveLength(1);
  });
});
