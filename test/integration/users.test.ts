import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { prepareFirstRunSetup } from '../../src/users/service.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { createUser } from '../support/factories.js';

const SESSION = 'tocsin_session';

function sessionCookie(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === SESSION);
}

async function signIn(h: Harness, email: string, password: string) {
  const res = await h.call('POST', '/api/v1/auth/sign-in', { body: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = sessionCookie(res)!;
  const csrf = res.json().csrf_token as string;
  return { res, csrf, cookie: `${SESSION}=${cookie.value}` };
}

describeEachDatabase('first-run setup', (h) => {
  it('says setup is needed, refuses a wrong token, creates the owner once and signs them in', async () => {
    expect((await h.call('GET', '/api/v1/setup')).json()).toEqual({ needed: true });
    const link = await prepareFirstRunSetup(h.deps);
    expect(link).toMatch(/^http:\/\/localhost:8080\/setup\?token=[\w-]{40,}$/);
    const token = new URL(link!).searchParams.get('token')!;
    // A second start replaces the token: the first link stops working.
    const link2 = await prepareFirstRunSetup(h.deps);
    const token2 = new URL(link2!).searchParams.get('token')!;
    const body = { token, name: 'Ada', email: 'Ada@Example.test', password: 'correct horse battery', time_zone: 'europe/paris' };

    const stale = await h.call('POST', '/api/v1/setup', { body });
    expect(stale.statusCode).toBe(403);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    const wrong = await h.call('POST', '/api/v1/setup', { body: { ...body, token: 'nope' } });
    expect(wrong.statusCode).toBe(403);
    const short = await h.call('POST', '/api/v1/setup', { body: { ...body, token: token2, password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().field).toBe('password');
    expect((await h.call('GET', '/api/v1/setup')).json()).toEqual({ needed: true });

    const ok = await h.call('POST', '/api/v1/setup', { body: { ...body, token: token2 } });
    expect(ok.statusCode, ok.body).toBe(201);
    const answer = ok.json();
    expect(answer.user).toMatchObject({ name: 'Ada', email: 'ada@example.test', role: 'owner', time_zone: 'Europe/Paris', deactivated_at: null });
    expect(answer.csrf_token).toEqual(expect.any(String));
    const cookie = sessionCookie(ok)!;
    const me = await h.call('GET', '/api/v1/me', { headers: { cookie: `${SESSION}=${cookie.value}` } });
    expect(me.json()).toEqual({ user: answer.user, csrf_token: answer.csrf_token });

    expect((await h.call('GET', '/api/v1/setup')).json()).toEqual({ needed: false });
    const again = await h.call('POST', '/api/v1/setup', { body: { ...body, token: token2, email: 'eve@example.test' } });
    expect(again.statusCode).toBe(409);
    expect(await prepareFirstRunSetup(h.deps)).toBeNull();
    const users = await h.call('GET', '/api/v1/users', { headers: { cookie: `${SESSION}=${cookie.value}` } });
    expect(users.json().items).toHaveLength(1);
  });
});

describeEachDatabase('sign-in and sessions', (h) => {
  it('signs in with a session cookie that is HttpOnly, SameSite=Lax, Path=/ and expires with the TTL', async () => {
    const u = await createUser(h.db, { role: 'viewer', email: 'Grace@Example.test' });
    const { res, csrf } = await signIn(h, 'grace@example.TEST', u.password);
    expect(res.json().user).toMatchObject({ id: u.id, email: 'grace@example.test', role: 'viewer' });
    expect(csrf.length).toBeGreaterThan(20);
    const c = sessionCookie(res)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(c.secure).toBeFalsy();
    expect(c.maxAge).toBe(h.deps.config.sessionTtlHours * 3600);
    expect(new Date(c.expires!).getTime()).toBe(h.clock.now().getTime() + h.deps.config.sessionTtlHours * 3_600_000);
    // Only the hash of the cookie secret is stored.
    const rows = await h.db.kysely.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(c.value);
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const u = await createUser(h.db, { role: 'viewer' });
    const wrong = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: u.email, password: 'not the password' } });
    const unknown = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'nobody@example.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(sessionCookie(wrong)).toBeUndefined();
  });

  it('needs the CSRF header for cookie-authenticated changes, and signs out', async () => {
    const u = await createUser(h.db, { role: 'viewer' });
    const { cookie, csrf } = await signIn(h, u.email, u.password);
    expect((await h.call('GET', '/api/v1/me', { headers: { cookie } })).json().csrf_token).toBe(csrf);
    const noCsrf = await h.call('POST', '/api/v1/tokens', { headers: { cookie }, body: { name: 'x' } });
    expect(noCsrf.statusCode).toBe(403);
    const badCsrf = await h.call('POST', '/api/v1/tokens', { headers: { cookie, 'x-csrf-token': 'nope' }, body: { name: 'x' } });
    expect(badCsrf.statusCode).toBe(403);
    const tokens = await h.call('GET', '/api/v1/tokens', { headers: { cookie } });
    expect(tokens.json().items).toEqual([]);
    expect((await h.call('POST', '/api/v1/auth/sign-out', { headers: { cookie } })).statusCode).toBe(403);
    const out = await h.call('POST', '/api/v1/auth/sign-out', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    const cleared = sessionCookie(out)!;
    expect(cleared.value).toBe('');
    expect((await h.call('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends sessions when they expire', async () => {
    const u = await createUser(h.db, { role: 'viewer' });
    const { cookie } = await signIn(h, u.email, u.password);
    h.clock.advance(h.deps.config.sessionTtlHours * 3_600_000 + 1);
    expect((await h.call('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses deactivated users at sign-in, and ends their sessions and tokens at once', async () => {
    const admin = await h.actor('admin');
    const u = await h.actor('responder');
    const { cookie } = await signIn(h, u.email, u.password);
    expect((await h.call('DELETE', `/api/v1/users/${u.id}`, { token: admin.token })).statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/me', { headers: { cookie } })).statusCode).toBe(401);
    expect((await h.call('GET', '/api/v1/me', { token: u.token })).statusCode).toBe(401);
    const again = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: u.email, password: u.password } });
    expect(again.statusCode).toBe(401);
  });

  it('refuses malformed sign-in bodies with 400', async () => {
    const bad = await h.call('POST', '/api/v1/auth/sign-in', { body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    const extra = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: 'a@b.c', password: 'x', remember: true } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().field).toBe('remember');
  });
});

describeEachDatabase(
  'sign-in rate limit',
  (h) => {
    it('answers 429 with Retry-After after N attempts per client and email', async () => {
      const u = await createUser(h.db, { role: 'viewer' });
      for (let i = 0; i < 3; i++) {
        const r = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: u.email, password: 'wrong password' } });
        expect(r.statusCode).toBe(401);
      }
      const limited = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: u.email, password: u.password } });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(sessionCookie(limited)).toBeUndefined();
      // Another email from the same client is counted apart.
      const other = await createUser(h.db, { role: 'viewer' });
      expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { email: other.email, password: other.password } })).statusCode).toBe(200);
    });
  },
  { env: { TOCSIN_SIGNIN_ATTEMPTS_PER_MINUTE: '3' } },
);
