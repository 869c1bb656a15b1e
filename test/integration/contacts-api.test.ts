import { beforeAll, expect, it } from 'vitest';
import type { ChannelPayload } from '../../src/notify/content.js';
import { findMessageByKey } from '../../src/core/outbox/index.js';
import { CHANNELS_TO_NOWHERE } from '../support/channels-env.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';

type Actor = Awaited<ReturnType<Harness['actor']>>;
interface Method {
  id: string;
  verified: boolean;
  code_attempts_left: number;
  address: string;
}

/** The code of the n-th verification message of a method, as its channel would deliver it. */
async function codeOf(h: Harness, methodId: string, n = 1): Promise<string> {
  const msg = await findMessageByKey<ChannelPayload>(h.db.kysely, `verify:${methodId}:${n}`);
  expect(msg, `verify message ${n} of ${methodId}`).toBeDefined();
  return msg!.payload.content.code!;
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describeEachDatabase('contact methods API', (h) => {
  let ana: Actor;
  let bo: Actor;
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    h.clock.set('2026-01-05T09:00:00.000Z');
    [ana, bo, admin, viewer] = [await h.actor('responder'), await h.actor('responder'), await h.actor('admin'), await h.actor('viewer')];
  });
  const add = (who: Actor, body: unknown) => h.call('POST', '/api/v1/users/me/contact-methods', { token: who.token, body });
  const verify = (who: Actor, id: string, code: string) => h.call('POST', `/api/v1/users/me/contact-methods/${id}/verify`, { token: who.token, body: { code } });

  it('adds a method unverified, sends a code through the outbox, verifies it and adds default rules', async () => {
    const res = await add(ana, { channel: 'email', address: ' Ana@Example.com ', label: 'Work' });
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json<Method>();
    expect(m).toMatchObject({ channel: 'email', address: 'ana@example.com', label: 'Work', verified: false, verified_at: null, code_attempts_left: 5, code_expires_at: '2026-01-05T09:15:00.000Z' });
    const msg = await findMessageByKey<ChannelPayload>(h.db.kysely, `verify:${m.id}:1`);
    expect(msg).toMatchObject({ channel: 'email', status: 'pending', payload: { to: 'ana@example.com', contactMethodId: m.id, content: { kind: 'verify', subject: 'Your Tocsin code', userId: ana.id } } });
    expect(msg!.payload.content.code).toMatch(/^\d{6}$/);
    expect(msg!.payload.content.text).toContain(msg!.payload.content.code);

    const bad = await verify(ana, m.id, wrong(msg!.payload.content.code!));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'code', detail: 'code is wrong; 4 attempts left' });
    expect((await h.call('GET', '/api/v1/users/me/contact-methods', { token: ana.token })).json().items[0].code_attempts_left).toBe(4);

    const ok = await verify(ana, m.id, msg!.payload.content.code!);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ verified: true, verified_at: '2026-01-05T09:00:00.000Z', code_expires_at: null });
    expect((await verify(ana, m.id, '000000')).statusCode).toBe(200); // already verified: harmless
    const rules = (await h.call('GET', '/api/v1/users/me/notification-rules', { token: ana.token })).json().items;
    expect(rules.map((r: { urgency: string; delay_minutes: number; contact_method_id: string }) => [r.urgency, r.delay_minutes, r.contact_method_id])).toEqual([
      ['high', 0, m.id],
      ['low', 0, m.id],
    ]);

    // A second method verified later adds no rules: the person chose theirs.
    const sms = (await add(ana, { channel: 'sms', address: '07911 123456', country: 'GB' })).json<Method>();
    expect(sms.address).toBe('+447911123456');
    expect((await verify(ana, sms.id, await codeOf(h, sms.id))).statusCode).toBe(200);
    expect((await h.call('GET', '/api/v1/users/me/notification-rules', { token: ana.token })).json().items).toHaveLength(2);
  });

  it('refuses an expired code, sends a new one at most once a minute, and the old one stops working', async () => {
    const m = (await add(bo, { channel: 'voice', address: '+1 415 555 2671' })).json<Method>();
    const first = await codeOf(h, m.id);
    h.clock.advance(16 * 60_000);
    expect((await verify(bo, m.id, first)).json()).toMatchObject({ status: 400, field: 'code', detail: expect.stringContaining('expired') });
    const resend = () => h.call('POST', `/api/v1/users/me/contact-methods/${m.id}/resend-code`, { token: bo.token });
    expect((await resend()).statusCode).toBe(200);
    const again = await resend();
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    const second = await codeOf(h, m.id, 2);
    if (second !== first) expect((await verify(bo, m.id, first)).statusCode).toBe(400);
    expect((await verify(bo, m.id, second)).json()).toMatchObject({ verified: true });
    expect((await resend()).statusCode).toBe(409);
  });

  it('locks a code after five wrong attempts, even the right one', async () => {
    const m = (await add(bo, { channel: 'email', address: 'bo@example.com' })).json<Method>();
    const code = await codeOf(h, m.id);
    const guesses = await Promise.all(Array.from({ length: 7 }, () => verify(bo, m.id, wrong(code))));
    expect(guesses.map((g) => g.statusCode)).toEqual(Array(7).fill(400));
    expect(guesses.filter((g) => g.json().detail.startsWith('code is wrong'))).toHaveLength(5);
    const right = await verify(bo, m.id, code);
    expect(right.json()).toMatchObject({ status: 400, detail: expect.stringContaining('too many wrong codes') });
  });

  it('refuses bad input with a 400 naming the field, and stores nothing', async () => {
    const cases: [unknown, string | undefined][] = [
      [{ channel: 'email', address: 'not-an-email' }, 'address'],
      [{ channel: 'sms', address: '07911 123456' }, 'address'],
      [{ channel: 'sms', address: '+44 12' }, 'address'],
      [{ channel: 'voice', address: '+1 555' }, 'address'],
      [{ channel: 'sms', address: '07911 123456', country: 'XX' }, 'address'],
      [{ channel: 'push', address: 'https://push.example/abc' }, 'details.keys'],
      [{ channel: 'chat', address: 'http://hooks.slack.com/services/x', details: { format: 'slack' } }, 'address'],
      [{ channel: 'chat', address: 'https://hooks.slack.com/services/x', details: { format: 'irc' } }, 'details.format'],
      [{ channel: 'email', address: 'a\u0000b@example.com' }, 'address'],
      [{ channel: 'email', address: `${'a'.repeat(3000)}@example.com` }, undefined],
      [{ channel: 'pager', address: 'x' }, undefined],
      [{ channel: 'email', address: 'c@example.com', label: 'x'.repeat(101) }, undefined],
    ];
    for (const [body, field] of cases) {
      const res = await add(viewer, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await h.call('GET', '/api/v1/users/me/contact-methods', { token: viewer.token })).json().items).toEqual([]);
  });

  it('answers 409 to the same address twice; renames and removes a method with its rules', async () => {
    const first = await add(viewer, { channel: 'email', address: 'viewer@example.com' });
    expect(first.statusCode).toBe(201);
    expect((await add(viewer, { channel: 'email', address: 'VIEWER@example.com' })).statusCode).toBe(409);
    expect((await add(ana, { channel: 'email', address: 'viewer@example.com' })).statusCode).toBe(201); // another person may share it
    const id = first.json<Method>().id;
    const renamed = await h.call('PATCH', `/api/v1/users/me/contact-methods/${id}`, { token: viewer.token, body: { label: 'Home' } });
    expect(renamed.json()).toMatchObject({ label: 'Home' });
    expect((await h.call('PATCH', `/api/v1/users/me/contact-methods/${id}`, { token: bo.token, body: { label: 'Mine' } })).statusCode).toBe(404);
    expect((await h.call('POST', '/api/v1/users/me/notification-rules', { token: viewer.token, body: { contact_method_id: id, urgency: 'high', delay_minutes: 5 } })).statusCode).toBe(201);
    expect((await h.call('DELETE', `/api/v1/users/me/contact-methods/${id}`, { token: bo.token })).statusCode).toBe(404);
    expect((await h.call('DELETE', `/api/v1/users/me/contact-methods/${id}`, { token: viewer.token })).statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/users/me/notification-rules', { token: viewer.token })).json().items).toEqual([]);
  });

  it('shows a person’s methods to themselves and admins only', async () => {
    expect((await h.call('GET', `/api/v1/users/${ana.id}/contact-methods`, { token: admin.token })).json().items.length).toBeGreaterThan(0);
    expect((await h.call('GET', `/api/v1/users/${ana.id}/contact-methods`, { token: ana.token })).statusCode).toBe(200);
    expect((await h.call('GET', `/api/v1/users/${ana.id}/contact-methods`, { token: bo.token })).statusCode).toBe(403);
    expect((await h.call('GET', `/api/v1/users/${ana.id}/contact-methods`, { token: viewer.token })).statusCode).toBe(403);
    expect((await h.call('GET', '/api/v1/users/usr_nobody/contact-methods', { token: admin.token })).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/users/me/contact-methods')).statusCode).toBe(401);
  });

  it('keeps rules: refuses duplicates, other people’s methods and delays out of range', async () => {
    const mine = (await h.call('GET', '/api/v1/users/me/contact-methods', { token: ana.token })).json().items.find((m: { channel: string }) => m.channel === 'email').id as string;
    const rule = (who: Actor, body: unknown) => h.call('POST', '/api/v1/users/me/notification-rules', { token: who.token, body });
    const made = await rule(ana, { contact_method_id: mine, urgency: 'high', delay_minutes: 5 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ contact_method_id: mine, channel: 'email', urgency: 'high', delay_minutes: 5 });
    expect((await rule(ana, { contact_method_id: mine, urgency: 'high', delay_minutes: 5 })).statusCode).toBe(409);
    expect((await rule(bo, { contact_method_id: mine, urgency: 'high', delay_minutes: 1 })).json()).toMatchObject({ status: 400, field: 'contact_method_id' });
    expect((await rule(ana, { contact_method_id: mine, urgency: 'high', delay_minutes: 1441 })).statusCode).toBe(400);
    expect((await rule(ana, { contact_method_id: mine, urgency: 'urgent', delay_minutes: 1 })).statusCode).toBe(400);
    expect((await h.call('DELETE', `/api/v1/users/me/notification-rules/${made.json().id}`, { token: bo.token })).statusCode).toBe(404);
    expect((await h.call('DELETE', `/api/v1/users/me/notification-rules/${made.json().id}`, { token: ana.token })).statusCode).toBe(204);
  });

  it('sends a test page to each verified method, a new message per press', async () => {
    const press = (who: Actor, body: unknown = {}) => h.call('POST', '/api/v1/users/me/test-page', { token: who.token, body });
    const none = await h.actor('responder');
    expect((await press(none)).statusCode).toBe(400);
    const one = await press(ana);
    expect(one.statusCode, one.body).toBe(202);
    const messages = one.json().messages as { id: string; channel: string; contact_method_id: string }[];
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'sms']); // the unverified shared address is left out
    const two = await press(ana, { contact_method_id: messages[0]!.contact_method_id });
    expect(two.json().messages).toHaveLength(1);
    expect(two.json().messages[0].id).not.toBe(messages[0]!.id);
    const rows = await h.db.kysely.selectFrom('outbox_messages').select(['key', 'payload']).where('key', 'like', 'test:%').execute();
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ content: { kind: 'test', userId: ana.id } });
    expect((await press(ana, { contact_method_id: 'cm_other' })).json()).toMatchObject({ status: 400, field: 'contact_method_id' });
  });
}, { env: CHANNELS_TO_NOWHERE });

// A server with no email, SMS or voice set up: no code could reach an address there.
describeEachDatabase('contact methods on channels this server has not configured', (h) => {
  it('refuses the method with a 400 naming the channel, and stores and sends nothing', async () => {
    const ana = await h.actor('responder');
    for (const body of [{ channel: 'email', address: 'ana@example.com' }, { channel: 'sms', address: '+447911123456' }, { channel: 'voice', address: '+14155552671' }]) {
      const res = await h.call('POST', '/api/v1/users/me/contact-methods', { token: ana.token, body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ field: 'channel', detail: `${body.channel} is not configured on this server, so no code can reach this address: ask an admin` });
    }
    expect((await h.call('GET', '/api/v1/users/me/contact-methods', { token: ana.token })).json().items).toEqual([]);
    expect(await h.db.kysely.selectFrom('outbox_messages').select('key').where('key', 'like', 'verify:%').execute()).toEqual([]);
    // A chat webhook needs nothing set up on the server.
    const chat = await h.call('POST', '/api/v1/users/me/contact-methods', { token: ana.token, body: { channel: 'chat', address: 'https://hooks.slack.com/services/T0/B0/x', details: { format: 'slack' } } });
    expect(chat.statusCode, chat.body).toBe(201);
  });

  it('tells anyone signed in which channels are set up, so a form can offer only those', async () => {
    const viewer = await h.actor('viewer');
    const res = await h.call('GET', '/api/v1/contact-channels', { token: viewer.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([
      { channel: 'email', configured: false },
      { channel: 'sms', configured: false },
      { channel: 'voice', configured: false },
      { channel: 'push', configured: true },
      { channel: 'chat', configured: true },
    ]);
    // Read at each request: a server given SMTP settings says so at once.
    const env = h.kernel.config.env as Record<string, string | undefined>;
    env.TOCSIN_SMTP_URL = 'smtp://127.0.0.1:9';
    try {
      expect((await h.call('GET', '/api/v1/contact-channels', { token: viewer.token })).json().items[0]).toEqual({ channel: 'email', configured: true });
    } finally {
      delete env.TOCSIN_SMTP_URL;
    }
    expect((await h.call('GET', '/api/v1/contact-channels')).statusCode).toBe(401);
  });
});
