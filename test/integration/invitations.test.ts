import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDatabase, type Harness } from '../support/harness.js';

const SESSION = 'tocsin_session';
const DAY = 86_400_000;

const cookieOf = (res: LightMyRequestResponse) => `${SESSION}=${res.cookies.find((c) => c.name === SESSION)!.value}`;
const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

async function invite(h: Harness, token: string, body: Record<string, unknown>) {
  const res = await h.call('POST', '/api/v1/users/invitations', { token, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { user: { id: string; email: string; role: string }; invite_url: string; expires_at: string };
}

describeEachDatabase('invitations', (h) => {
  it('invites a person, shows who the link is for, sets their password once and signs them in', async () => {
    const admin = await h.actor('admin');
    const sent = await invite(h, admin.token, { email: 'Grace@Example.test', name: 'Grace Hopper', role: 'responder', time_zone: 'america/new_york' });
    expect(sent.user).toMatchObject({ email: 'grace@example.test', name: 'Grace Hopper', role: 'responder', time_zone: 'America/New_York' });
    expect(sent.invite_url).toMatch(/^http:\/\/localhost:8080\/invite\/[\w-]{40,}$/);
    expect(sent.expires_at).toBe(new Date(h.clock.now().getTime() + 7 * DAY).toISOString());
    const token = tokenOf(sent.invite_url);
    // Only the hash is stored.
    const rows = await h.db.kysely.selectFrom('invitations').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    // Before accepting, the person cannot sign in.
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'grace@example.test', password: 'correct horse battery' } })).statusCode).toBe(401);

    // The People page marks them invited: admins see the invitation waiting.
    const pending = (await h.call('GET', '/api/v1/users/invitations', { token: admin.token })).json().items;
    expect(pending).toEqual([{ user_id: sent.user.id, invited_by: admin.id, created_at: h.clock.now().toISOString(), expires_at: sent.expires_at, expired: false }]);
    expect((await h.call('GET', '/api/v1/users/invitations', { token: (await h.actor('responder')).token })).statusCode).toBe(403);

    const view = await h.call('GET', `/api/v1/invitations/${token}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toEqual({ name: 'Grace Hopper', email: 'grace@example.test', expires_at: sent.expires_at, valid: true });

    const ok = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'correct horse battery' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user).toMatchObject({ id: sent.user.id, role: 'responder' });
    const me = await h.call('GET', '/api/v1/me', { headers: { cookie: cookieOf(ok) } });
    expect(me.json()).toEqual({ user: ok.json().user, csrf_token: ok.json().csrf_token });
    const signIn = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'grace@example.test', password: 'correct horse battery' } });
    expect(signIn.statusCode).toBe(200);

    // Single use: the link is gone, and so is the mark on the People page.
    expect((await h.call('GET', `/api/v1/invitations/${token}`)).statusCode).toBe(404);
    expect((await h.call('GET', '/api/v1/users/invitations', { token: admin.token })).json().items).toEqual([]);
    const again = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'another password here' } });
    expect(again.statusCode).toBe(403);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'grace@example.test', password: 'another password here' } })).statusCode).toBe(401);
    // Someone with a password is not invited again.
    const dup = await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { email: 'grace@example.test', name: 'G', role: 'viewer' } });
    expect(dup.statusCode).toBe(409);
  });

  it('replaces the old link when the same person is invited again, and refuses an expired link', async () => {
    const admin = await h.actor('admin');
    const first = await invite(h, admin.token, { email: 'linus@example.test', name: 'Linus', role: 'viewer' });
    const second = await invite(h, admin.token, { email: 'linus@example.test', name: 'Linus T', role: 'responder' });
    expect(second.user).toMatchObject({ id: first.user.id, name: 'Linus T', role: 'responder' });
    expect((await h.call('GET', `/api/v1/invitations/${tokenOf(first.invite_url)}`)).statusCode).toBe(404);
    const stale = await h.call('POST', `/api/v1/invitations/${tokenOf(first.invite_url)}/accept`, { body: { password: 'correct horse battery' } });
    expect(stale.statusCode).toBe(403);

    h.clock.advance(7 * DAY + 1000);
    const token = tokenOf(second.invite_url);
    expect((await h.call('GET', `/api/v1/invitations/${token}`)).json()).toMatchObject({ name: 'Linus T', valid: false });
    const late = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'correct horse battery' } });
    expect(late.statusCode).toBe(403);
    expect(late.json().detail).toMatch(/expired/);
    expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'linus@example.test', password: 'correct horse battery' } })).statusCode).toBe(401);
    // A new invite gives a working link again.
    const third = await invite(h, admin.token, { email: 'linus@example.test', name: 'Linus T', role: 'responder' });
    const ok = await h.call('POST', `/api/v1/invitations/${tokenOf(third.invite_url)}/accept`, { body: { password: 'correct horse battery' } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('refuses non-admins, an admin inviting an owner, and bad input, changing nothing', async () => {
    const admin = await h.actor('admin');
    const responder = await h.actor('responder');
    const count = async () => (await h.db.kysely.selectFrom('users').select('id').execute()).length;
    const invites = async () => (await h.db.kysely.selectFrom('invitations').select('user_id').execute()).length;
    const before = { users: await count(), invites: await invites() };
    const body = { email: 'mallory@example.test', name: 'Mallory', role: 'viewer' };

    expect((await h.call('POST', '/api/v1/users/invitations', { token: responder.token, body })).statusCode).toBe(403);
    expect((await h.call('POST', '/api/v1/users/invitations', { body })).statusCode).toBe(401);
    expect((await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { ...body, role: 'owner' } })).statusCode).toBe(403);
    const unknown = await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { ...body, password: 'x' } });
    expect(unknown.statusCode).toBe(400);
    const nul = await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { ...body, name: 'Mal\u0000lory' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().field).toBe('name');
    const email = await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { ...body, email: 'not an email' } });
    expect(email.statusCode).toBe(400);
    expect(email.json().field).toBe('email');
    const zone = await h.call('POST', '/api/v1/users/invitations', { token: admin.token, body: { ...body, time_zone: 'Mars/Base' } });
    expect(zone.json().field).toBe('time_zone');
    expect({ users: await count(), invites: await invites() }).toEqual(before);

    const sent = await invite(h, admin.token, body);
    const token = tokenOf(sent.invite_url);
    const weak = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().field).toBe('password');
    const extra = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'correct horse battery', role: 'owner' } });
    expect(extra.statusCode).toBe(400);
    const nulPw = await h.call('POST', `/api/v1/invitations/${token}/accept`, { body: { password: 'correct horse\u0000battery' } });
    expect(nulPw.statusCode).toBe(400);
    expect((await h.call('POST', `/api/v1/invitations/${token}x/accept`, { body: { password: 'correct horse battery' } })).statusCode).toBe(403);
    // The link still works after the refusals: nothing was used up.
    expect((await h.call('GET', `/api/v1/invitations/${token}`)).json()).toMatchObject({ valid: true });
    const user = await h.db.kysely.selectFrom('users').select('password_hash').where('id', '=', sent.user.id).executeTakeFirstOrThrow();
    expect(user.password_hash).toBeNull();
  });

  it('finds people by email as well as by name', async () => {
    const viewer = await h.actor('viewer');
    const admin = await h.actor('admin');
    const sent = await invite(h, admin.token, { email: 'zed.unique@corp.example', name: 'Zed', role: 'viewer' });
    const found = await h.call('GET', '/api/v1/users?q=UNIQUE@corp', { token: viewer.token });
    expect(found.json().items.map((u: { id: string }) => u.id)).toEqual([sent.user.id]);
  });
});
