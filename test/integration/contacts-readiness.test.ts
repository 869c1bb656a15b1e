import { beforeAll, expect, it } from 'vitest';
import type { ChannelPayload } from '../../src/notify/content.js';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { CHANNELS_TO_NOWHERE } from '../support/channels-env.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;

/**
 * A method verified while email was set up, on a server that has since been run without it: the
 * configuration is read at each request, so it is set for the add and the verification only.
 */
async function verifiedEmail(h: Harness, who: Actor, address: string): Promise<string> {
  const env = h.kernel.config.env as Record<string, string | undefined>;
  env.TOCSIN_SMTP_URL = CHANNELS_TO_NOWHERE.TOCSIN_SMTP_URL;
  try {
    const m = (await h.call('POST', '/api/v1/users/me/contact-methods', { token: who.token, body: { channel: 'email', address } })).json<{ id: string }>();
    const code = (await findMessageByKey<ChannelPayload>(h.db.kysely, `verify:${m.id}:1`))!.payload.content.code!;
    expect((await h.call('POST', `/api/v1/users/me/contact-methods/${m.id}/verify`, { token: who.token, body: { code } })).statusCode).toBe(200);
    return m.id;
  } finally {
    delete env.TOCSIN_SMTP_URL;
  }
}

// No channel is configured in this test server, so even a verified method cannot be paged: the
// readiness answers say so (the pure rules' unit tests cover the reachable cases).
describeEachDatabase('contact readiness', (h) => {
  let admin: Actor;
  let ana: Actor;
  let bo: Actor;
  let cy: Actor;
  let policy: string;
  let team: string;
  beforeAll(async () => {
    h.clock.set('2026-01-05T09:00:00.000Z');
    [admin, ana, bo, cy] = [await h.actor('admin'), await h.actor('responder'), await h.actor('responder'), await h.actor('responder')];
    const schedule = await h.call('POST', '/api/v1/schedules', { token: admin.token, body: { name: 'Checkout', time_zone: 'UTC', template: 'weekly', members: [ana.id, bo.id], start_date: '2026-01-05', handoff: '09:00' } });
    expect(schedule.statusCode, schedule.body).toBe(201);
    team = (await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: 'Leads', member_ids: [cy.id, ana.id] } })).json().id;
    const made = await h.call('POST', '/api/v1/escalation-policies', {
      token: admin.token,
      body: { name: 'Checkout', tiers: [{ delay_minutes: 0, targets: [{ kind: 'schedule', id: schedule.json().id }] }, { delay_minutes: 5, targets: [{ kind: 'team', id: team }, { kind: 'incident_commander' }] }] },
    });
    expect(made.statusCode, made.body).toBe(201);
    policy = made.json().id;
    await verifiedEmail(h, ana, 'ana@example.com');
    await h.call('POST', '/api/v1/users/me/contact-methods', { token: bo.token, body: { channel: 'chat', address: 'https://hooks.slack.com/services/T0/B0/bo', details: { format: 'slack' } } });
  });

  it('tells a person why they cannot be reached', async () => {
    const anaReady = await h.call('GET', `/api/v1/users/${ana.id}/readiness`, { token: bo.token });
    expect(anaReady.statusCode, anaReady.body).toBe(200);
    expect(anaReady.json()).toMatchObject({ user_id: ana.id, high: { reachable: false, first_minutes: null, methods: [{ channel: 'email', delay_minutes: 0, usable: false }], problems: [{ code: 'channel_not_configured', channel: 'email' }] } });
    const boReady = (await h.call('GET', '/api/v1/users/me/readiness', { token: bo.token })).json();
    expect(boReady.high.problems.map((p: { code: string }) => p.code)).toEqual(['no_verified_method', 'no_rules']);
    expect((await h.call('GET', '/api/v1/users/usr_nobody/readiness', { token: bo.token })).statusCode).toBe(404);
  });

  it('answers several people at once (the People list), as each one alone, to a viewer too; refuses bad lists', async () => {
    const viewer = await h.actor('viewer');
    const res = await h.call('GET', `/api/v1/readiness?user_ids=${bo.id},usr_nobody,${ana.id},${bo.id}`, { token: viewer.token });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { user_id: string }[];
    expect(items.map((i) => i.user_id)).toEqual([bo.id, ana.id]);
    for (const [i, who] of [bo, ana].entries()) expect(items[i]).toEqual((await h.call('GET', `/api/v1/users/${who.id}/readiness`, { token: viewer.token })).json());
    for (const query of ['user_ids=', 'user_ids=,', `user_ids=${Array.from({ length: 101 }, (_, i) => `usr_${i}`).join(',')}`, '']) {
      const bad = await h.call('GET', `/api/v1/readiness?${query}`, { token: viewer.token });
      expect(bad.statusCode, `${query}: ${bad.body}`).toBe(400);
      expect(bad.body).toContain('user_ids');
    }
  });

  it('lists who an escalation policy and a team cannot reach, with the targets that name them', async () => {
    const res = await h.call('GET', `/api/v1/escalation-policies/${policy}/readiness`, { token: bo.token });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.people).toBe(3);
    const byId = new Map(body.unreachable.map((p: { user_id: string }) => [p.user_id, p]));
    expect(byId.get(ana.id)).toMatchObject({ targeted_by: ['tier 1: schedule Checkout', 'tier 2: team Leads'], problems: [{ code: 'channel_not_configured' }] });
    expect(byId.get(bo.id)).toMatchObject({ targeted_by: ['tier 1: schedule Checkout'], problems: [{ code: 'no_verified_method' }, { code: 'no_rules' }] });
    expect(byId.get(cy.id)).toMatchObject({ targeted_by: ['tier 2: team Leads'] });
    const teamRes = (await h.call('GET', `/api/v1/teams/${team}/readiness`, { token: bo.token })).json();
    expect(teamRes.people).toBe(2);
    expect(teamRes.unreachable.map((p: { user_id: string }) => p.user_id).sort()).toEqual([ana.id, cy.id].sort());
    expect((await h.call('GET', '/api/v1/escalation-policies/esc_nope/readiness', { token: bo.token })).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/teams/team_nope/readiness', { token: bo.token })).statusCode).toBe(404);
  });

  it("counts the people on the team's own schedules in its readiness, members or not", async () => {
    const owned = await h.call('POST', '/api/v1/schedules', { token: admin.token, body: { name: 'Leads nights', time_zone: 'UTC', team_id: team, template: 'weekly', members: [bo.id], start_date: '2026-01-05', handoff: '09:00' } });
    expect(owned.statusCode, owned.body).toBe(201);
    const res = (await h.call('GET', `/api/v1/teams/${team}/readiness`, { token: bo.token })).json();
    expect(res.people).toBe(3);
    const byId = new Map(res.unreachable.map((p: { user_id: string }) => [p.user_id, p]));
    expect(byId.get(bo.id)).toMatchObject({ targeted_by: ['schedule Leads nights'], problems: [{ code: 'no_verified_method' }, { code: 'no_rules' }] });
    expect(byId.get(ana.id)).toMatchObject({ targeted_by: ['team Leads'] });
    expect((await h.call('DELETE', `/api/v1/schedules/${owned.json().id}`, { token: admin.token })).statusCode).toBe(204);
  });

  it('drops a disabled push subscription from paging and revives it when the browser subscribes again', async () => {
    const body = { channel: 'push', address: 'https://fcm.googleapis.com/fcm/send/abc', details: { keys: { p256dh: 'BNc', auth: 'tBH' } } };
    const m = (await h.call('POST', '/api/v1/users/me/contact-methods', { token: cy.token, body })).json<{ id: string }>();
    const { disableContactMethod } = await import('../../src/notify/contacts/service.js');
    expect(await disableContactMethod(h.ctx(), m.id)).toBe(true);
    const again = await h.call('POST', '/api/v1/users/me/contact-methods', { token: cy.token, body: { ...body, details: { keys: { p256dh: 'NEW', auth: 'tBH' } } } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ id: m.id, disabled_at: null, verified: false, details: { keys: { p256dh: 'NEW' } } });
    expect(await findMessageByKey(h.db.kysely, `verify:${m.id}:2`)).toBeDefined();
  });

  it('sends no test page to a verified method whose channel the server stopped sending on, and says so', async () => {
    const dee = await h.actor('responder');
    const email = await verifiedEmail(h, dee, 'dee@example.com');
    const press = (body: unknown = {}) => h.call('POST', '/api/v1/users/me/test-page', { token: dee.token, body });
    const mine = new Set([email]);
    const testRows = async () => (await h.db.kysely.selectFrom('outbox_messages').select(['key', 'channel']).where('key', 'like', 'test:%').execute()).filter((r) => mine.has(r.key.split(':')[1]!));
    const reason = 'email is not configured on this server, so no page can reach this method: ask an admin';
    for (const body of [{}, { contact_method_id: email }]) {
      const refused = await press(body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({ field: 'contact_method_id', detail: `No test page sent: ${reason}` });
    }
    expect(await testRows()).toEqual([]);
    // A chat webhook needs nothing set up on the server: the press sends there and names the email.
    const chat = (await h.call('POST', '/api/v1/users/me/contact-methods', { token: dee.token, body: { channel: 'chat', address: 'https://hooks.slack.com/services/T0/B0/dee', details: { format: 'slack' } } })).json<{ id: string }>();
    mine.add(chat.id);
    const code = (await findMessageByKey<ChannelPayload>(h.db.kysely, `verify:${chat.id}:1`))!.payload.content.code!;
    expect((await h.call('POST', `/api/v1/users/me/contact-methods/${chat.id}/verify`, { token: dee.token, body: { code } })).statusCode).toBe(200);
    const sent = await press();
    expect(sent.statusCode, sent.body).toBe(202);
    expect(sent.json()).toMatchObject({ messages: [{ contact_method_id: chat.id, channel: 'chat' }], not_sent: [{ contact_method_id: email, channel: 'email', reason }] });
    expect((await testRows()).map((r) => r.channel)).toEqual(['chat']);
  });

  it('caps test-page requests per client, whatever they answer', async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push((await h.call('POST', '/api/v1/users/me/test-page', { token: bo.token, body: {} })).statusCode);
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(400)); // bo has no verified method
    expect(answers.slice(10)).toEqual([429, 429]);
  });
});

// Eight adds of one address at the same moment: the unique key lets one in, on PostgreSQL's
// concurrent transactions as on SQLite's serialised writers.
describeEachDatabase('contact methods under concurrent adds', (h) => {
  it('creates it once and answers 409 to the others', async () => {
    const who = await h.actor('responder');
    const body = { channel: 'email', address: 'race@example.com' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.call('POST', '/api/v1/users/me/contact-methods', { token: who.token, body })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await h.call('GET', '/api/v1/users/me/contact-methods', { token: who.token })).json().items).toHaveLength(1);
  });
}, { env: CHANNELS_TO_NOWHERE });
