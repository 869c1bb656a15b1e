import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/core/context.js';
import { ConflictError, NotFoundError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { createApiToken, createUser as createUserOffline, findUserByEmail, prepareFirstRunSetup } from '../../src/users/service.js';
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
    const link = await prepareFirstRunSetup(h.kernel);
    expect(link).toMatch(/^http:\/\/localhost:8080\/setup\?token=[\w-]{40,}$/);
    const token = new URL(link!).searchParams.get('token')!;
    // A second start replaces the token: the first link stops working.
    const link2 = await prepareFirstRunSetup(h.kernel);
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
    expect(await prepareFirstRunSetup(h.kernel)).toBeNull();
    const users = await h.call('GET', '/api/v1/users', { headers: { cookie: `${SESSION}=${cookie.value}` } });
    expect(users.json().items).toHaveLength(1);
  });
});

describeEachDatabase('first-run setup, instances starting at once', (h) => {
  it('each start makes its link without failing (two instances on a fresh database), and the link stored last works', async () => {
    // Both instances of a fresh deployment run this as they start; a failure here stopped one of them.
    const links = await Promise.all(Array.from({ length: 6 }, () => prepareFirstRunSetup(h.kernel)));
    const rows = await h.db.kysely.selectFrom('settings').select('key').where('key', '=', 'setup_token_hash').execute();
    expect(rows).toHaveLength(1);
    const body = { name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' };
    const answers = [];
    for (const link of links) answers.push((await h.call('POST', '/api/v1/setup', { body: { ...body, token: new URL(link!).searchParams.get('token') } })).statusCode);
    // One token is the stored one; the owner is created once, and later tokens find setup done.
    expect(answers.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.every((s) => s === 201 || s === 403 || s === 409)).toBe(true);
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
    expect(c.maxAge).toBe(h.kernel.config.sessionTtlHours * 3600);
    expect(new Date(c.expires!).getTime()).toBe(h.clock.now().getTime() + h.kernel.config.sessionTtlHours * 3_600_000);
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
    h.clock.advance(h.kernel.config.sessionTtlHours * 3_600_000 + 1);
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
      // A made-up X-Forwarded-For does not start a fresh count.
      const spoofed = { 'x-forwarded-for': '203.0.113.7' };
      const limited = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: u.email, password: u.password }, headers: spoofed });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(sessionCookie(limited)).toBeUndefined();
      // Another email from the same client is counted apart.
      const other = await createUser(h.db, { role: 'viewer' });
      const ok = await h.call('POST', '/api/v1/auth/sign-in', { body: { email: other.email, password: other.password } });
      expect(ok.statusCode).toBe(200);
      expect(sessionCookie(ok)!.secure).toBe(true); // TOCSIN_COOKIE_SECURE
    });
  },
  { env: { TOCSIN_SIGNIN_ATTEMPTS_PER_MINUTE: '3', TOCSIN_COOKIE_SECURE: 'true' } },
);

describeEachDatabase('API tokens', (h) => {
  it('shows the secret once, lists without it, stamps last use, and stops working when revoked', async () => {
    const me = await h.actor('viewer');
    const created = await h.call('POST', '/api/v1/tokens', { token: me.token, body: { name: 'deploy script' } });
    expect(created.statusCode, created.body).toBe(201);
    const t = created.json();
    expect(t).toMatchObject({ name: 'deploy script', expires_at: null, last_used_at: null, revoked_at: null });
    expect(t.token).toMatch(/^tocsin_[\w-]{43}$/);
    expect(t.token.startsWith(t.prefix)).toBe(true);

    h.clock.advance(5000);
    expect((await h.call('GET', '/api/v1/me', { token: t.token })).json().user.id).toBe(me.id);
    const list = (await h.call('GET', '/api/v1/tokens', { token: t.token })).json();
    const listed = list.items.find((x: { id: string }) => x.id === t.id);
    expect(listed).not.toHaveProperty('token');
    expect(JSON.stringify(list)).not.toContain(t.token);
    expect(listed.last_used_at).toBe(h.clock.now().toISOString());

    const other = await h.actor('responder');
    expect((await h.call('DELETE', `/api/v1/tokens/${t.id}`, { token: other.token })).statusCode).toBe(403);
    expect((await h.call('DELETE', '/api/v1/tokens/tok_nope', { token: me.token })).statusCode).toBe(404);
    expect((await h.call('DELETE', `/api/v1/tokens/${t.id}`, { token: me.token })).statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/me', { token: t.token })).statusCode).toBe(401);
    const after = (await h.call('GET', '/api/v1/tokens', { token: me.token })).json().items.find((x: { id: string }) => x.id === t.id);
    expect(after.revoked_at).toBe(h.clock.now().toISOString());
  });

  it('lets an admin revoke anyone’s token, and expires tokens', async () => {
    const admin = await h.actor('admin');
    const u = await h.actor('responder');
    const expiresAt = new Date(h.clock.now().getTime() + 60_000).toISOString();
    const t = (await h.call('POST', '/api/v1/tokens', { token: u.token, body: { name: 'short', expires_at: expiresAt } })).json();
    expect(t.expires_at).toBe(expiresAt);
    expect((await h.call('GET', '/api/v1/me', { token: t.token })).statusCode).toBe(200);
    h.clock.advance(60_001);
    expect((await h.call('GET', '/api/v1/me', { token: t.token })).statusCode).toBe(401);
    const t2 = (await h.call('POST', '/api/v1/tokens', { token: u.token, body: { name: 'other' } })).json();
    expect((await h.call('DELETE', `/api/v1/tokens/${t2.id}`, { token: admin.token })).statusCode).toBe(204);
    expect((await h.call('GET', '/api/v1/me', { token: t2.token })).statusCode).toBe(401);
  });

  it('refuses bad token requests', async () => {
    const u = await h.actor('viewer');
    const past = await h.call('POST', '/api/v1/tokens', { token: u.token, body: { name: 'x', expires_at: '2000-01-01T00:00:00Z' } });
    expect(past.json()).toMatchObject({ status: 400, field: 'expires_at' });
    const junk = await h.call('POST', '/api/v1/tokens', { token: u.token, body: { name: 'x', expires_at: 'tomorrow' } });
    expect(junk.json()).toMatchObject({ status: 400, field: 'expires_at' });
    const extra = await h.call('POST', '/api/v1/tokens', { token: u.token, body: { name: 'x', scope: 'all' } });
    expect(extra.json()).toMatchObject({ status: 400, field: 'scope' });
    expect((await h.call('GET', '/api/v1/tokens', { token: u.token })).json().items).toHaveLength(1); // the harness's own
    expect((await h.call('GET', '/api/v1/me', { token: 'tocsin_not-a-real-token' })).statusCode).toBe(401);
    expect((await h.call('GET', '/api/v1/me', { headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });
});

describeEachDatabase(
  'users',
  (h) => {
    it('lets an admin create, read, change and deactivate users', async () => {
      const admin = await h.actor('admin');
      const viewer = await h.actor('viewer');
      const res = await h.call('POST', '/api/v1/users', {
        token: admin.token,
        body: { email: ' Lin@Example.TEST ', name: 'Lin', role: 'responder', time_zone: 'America/New_York', password: 'a long password' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const lin = res.json();
      expect(lin).toEqual({
        id: expect.stringMatching(/^usr_/),
        email: 'lin@example.test',
        name: 'Lin',
        role: 'responder',
        time_zone: 'America/New_York',
        created_at: h.clock.now().toISOString(),
        updated_at: h.clock.now().toISOString(),
        deactivated_at: null,
      });
      expect(JSON.stringify(res.json())).not.toContain('password');
      expect((await h.call('GET', `/api/v1/users/${lin.id}`, { token: viewer.token })).json()).toEqual(lin);
      await signIn(h, 'lin@example.test', 'a long password');

      const promoted = await h.call('PATCH', `/api/v1/users/${lin.id}`, { token: admin.token, body: { role: 'admin', name: 'Lin B' } });
      expect(promoted.json()).toMatchObject({ role: 'admin', name: 'Lin B' });
      expect((await h.call('DELETE', `/api/v1/users/${lin.id}`, { token: admin.token })).statusCode).toBe(204);
      const gone = (await h.call('GET', `/api/v1/users/${lin.id}`, { token: viewer.token })).json();
      expect(gone.deactivated_at).toBe(h.clock.now().toISOString());
      expect((await h.call('GET', '/api/v1/users?q=lin', { token: viewer.token })).json().items.map((u: { id: string }) => u.id)).toContain(lin.id);
    });

    it('reactivates a deactivated person, who can sign in again; only admins, and not twice', async () => {
      const admin = await h.actor('admin');
      const responder = await h.actor('responder');
      const back = await h.actor('responder');
      expect((await h.call('DELETE', `/api/v1/users/${back.id}`, { token: admin.token })).statusCode).toBe(204);
      expect((await h.call('POST', '/api/v1/auth/sign-in', { body: { email: back.email, password: back.password } })).statusCode).toBe(401);
      expect((await h.call('POST', `/api/v1/users/${back.id}/reactivate`, { token: responder.token })).statusCode).toBe(403);
      const res = await h.call('POST', `/api/v1/users/${back.id}/reactivate`, { token: admin.token });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: back.id, deactivated_at: null });
      await signIn(h, back.email, back.password);
      // Tokens revoked by the deactivation stay revoked.
      expect((await h.call('GET', '/api/v1/me', { token: back.token })).statusCode).toBe(401);
      expect((await h.call('POST', `/api/v1/users/${back.id}/reactivate`, { token: admin.token })).statusCode).toBe(409);
      expect((await h.call('POST', '/api/v1/users/usr_nobody/reactivate', { token: admin.token })).statusCode).toBe(404);
    });

    it('lets people change their own name, time zone and password, but not their role or others', async () => {
      const me = await h.actor('viewer');
      const other = await h.actor('viewer');
      const ok = await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { name: 'New Name', time_zone: 'Asia/Tokyo' } });
      expect(ok.json()).toMatchObject({ name: 'New Name', time_zone: 'Asia/Tokyo' });
      expect((await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { role: 'admin' } })).statusCode).toBe(403);
      expect((await h.call('PATCH', `/api/v1/users/${other.id}`, { token: me.token, body: { name: 'x' } })).statusCode).toBe(403);
      const noCurrent = await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { password: 'brand new password' } });
      expect(noCurrent.json()).toMatchObject({ status: 400, field: 'current_password' });
      const wrongCurrent = await h.call('PATCH', `/api/v1/users/${me.id}`, {
        token: me.token,
        body: { password: 'brand new password', current_password: 'nope nope' },
      });
      expect(wrongCurrent.json()).toMatchObject({ status: 400, field: 'current_password' });
      const changed = await h.call('PATCH', `/api/v1/users/${me.id}`, {
        token: me.token,
        body: { password: 'brand new password', current_password: me.password },
      });
      expect(changed.statusCode).toBe(200);
      await signIn(h, me.email, 'brand new password');
    });

    it('ends the other sessions when people change their own password, and keeps the one they used', async () => {
      const me = await h.actor('responder');
      const laptop = await signIn(h, me.email, me.password);
      const phone = await signIn(h, me.email, me.password);
      const changed = await h.call('PATCH', `/api/v1/users/${me.id}`, {
        headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf },
        body: { password: 'a different password', current_password: me.password },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await h.call('GET', '/api/v1/me', { headers: { cookie: laptop.cookie } })).statusCode).toBe(200);
      expect((await h.call('GET', '/api/v1/me', { headers: { cookie: phone.cookie } })).statusCode).toBe(401);
      // Changed with an API token: no session is the one in use, so all end.
      const again = await signIn(h, me.email, 'a different password');
      await h.call('PATCH', `/api/v1/users/${me.id}`, { token: me.token, body: { password: 'third password!', current_password: 'a different password' } });
      expect((await h.call('GET', '/api/v1/me', { headers: { cookie: again.cookie } })).statusCode).toBe(401);
      expect((await h.call('GET', '/api/v1/me', { headers: { cookie: laptop.cookie } })).statusCode).toBe(401);
    });

    it('keeps owners in owners’ hands and never removes the last owner', async () => {
      const owner = await h.actor('owner');
      const admin = await h.actor('admin');
      const makeOwner = { email: 'o2@example.test', name: 'O2', role: 'owner' };
      expect((await h.call('POST', '/api/v1/users', { token: admin.token, body: makeOwner })).statusCode).toBe(403);
      expect((await h.call('PATCH', `/api/v1/users/${admin.id}`, { token: admin.token, body: { role: 'owner' } })).statusCode).toBe(403);
      expect((await h.call('PATCH', `/api/v1/users/${owner.id}`, { token: admin.token, body: { name: 'x' } })).statusCode).toBe(403);
      expect((await h.call('DELETE', `/api/v1/users/${owner.id}`, { token: admin.token })).statusCode).toBe(403);
      // The only owner cannot step down or be deactivated.
      const demote = await h.call('PATCH', `/api/v1/users/${owner.id}`, { token: owner.token, body: { role: 'admin' } });
      expect(demote.statusCode).toBe(409);
      expect((await h.call('DELETE', `/api/v1/users/${owner.id}`, { token: owner.token })).statusCode).toBe(409);
      const o2 = await h.call('POST', '/api/v1/users', { token: owner.token, body: makeOwner });
      expect(o2.statusCode).toBe(201);
      expect((await h.call('PATCH', `/api/v1/users/${owner.id}`, { token: owner.token, body: { role: 'admin' } })).json().role).toBe('admin');
    });

    it('refuses bad user input and changes nothing', async () => {
      const admin = await h.actor('admin');
      const responder = await h.actor('responder');
      await h.call('POST', '/api/v1/users', { token: admin.token, body: { email: 'taken@example.test', name: 'Taken', role: 'viewer' } });
      const before = (await h.call('GET', '/api/v1/users?limit=200', { token: admin.token })).json();
      const good = { email: 'new@example.test', name: 'New', role: 'viewer' };
      const cases: Array<[unknown, number, string | undefined]> = [
        [{ ...good, email: 'TAKEN@example.test' }, 409, undefined],
        [{ ...good, name: 123 }, 400, 'name'],
        [{ email: 'new@example.test', role: 'viewer' }, 400, 'name'],
        [{ ...good, nickname: 'n' }, 400, 'nickname'],
        [{ ...good, email: 'not-an-email' }, 400, 'email'],
        [{ ...good, role: 'superuser' }, 400, 'role'],
        [{ ...good, time_zone: 'Mars/Olympus' }, 400, 'time_zone'],
        [{ ...good, password: 'short' }, 400, 'password'],
        [{ ...good, name: 'x'.repeat(3000) }, 413, undefined],
        ['{"email": ', 400, 'body'],
        ['[]', 400, undefined],
      ];
      for (const [body, status, field] of cases) {
        const headers = typeof body === 'string' ? { 'content-type': 'application/json' } : undefined;
        const res = await h.call('POST', '/api/v1/users', { token: admin.token, body, ...(headers ? { headers } : {}) });
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
      }
      expect((await h.call('POST', '/api/v1/users', { token: responder.token, body: good })).statusCode).toBe(403);
      expect((await h.call('PATCH', '/api/v1/users/usr_nope', { token: admin.token, body: { name: 'x' } })).statusCode).toBe(404);
      expect((await h.call('DELETE', '/api/v1/users/usr_nope', { token: admin.token })).statusCode).toBe(404);
      expect((await h.call('GET', '/api/v1/users/usr_nope', { token: admin.token })).statusCode).toBe(404);
      expect((await h.call('DELETE', `/api/v1/users/${admin.id}`, { token: responder.token })).statusCode).toBe(403);
      expect((await h.call('GET', '/api/v1/users?limit=200', { token: admin.token })).json()).toEqual(before);
    });
  },
  { env: { TOCSIN_BODY_LIMIT_BYTES: '2048' } },
);

describeEachDatabase('offline bootstrap (what `tocsin user create` and `tocsin token create` call)', (h) => {
  const ctx = () => ({ actor: systemActor('cli'), requestId: 'req_test', log: silentLogger, clock: h.clock, db: h.db, bus: h.kernel.bus });

  it('creates a user and a token with the system actor; the token works', async () => {
    const user = await createUserOffline(ctx(), { email: 'Ops@Example.test', name: 'Ops', role: 'owner', password: 'a long password' });
    expect(user).toMatchObject({ email: 'ops@example.test', role: 'owner', time_zone: 'UTC' });
    expect((await findUserByEmail(ctx(), 'OPS@example.test'))?.id).toBe(user.id);
    const expiresAt = h.clock.now().getTime() + 86_400_000;
    const t = await createApiToken(ctx(), { userId: user.id, name: 'laptop', expiresAt });
    expect(t.expires_at).toBe(new Date(expiresAt).toISOString());
    expect((await h.call('GET', '/api/v1/me', { token: t.token })).json().user.id).toBe(user.id);
  });

  it('refuses duplicates and bad input with typed errors naming the field', async () => {
    await createUserOffline(ctx(), { email: 'dup@example.test', name: 'Dup', role: 'viewer' });
    await expect(createUserOffline(ctx(), { email: 'DUP@example.test', name: 'Dup', role: 'viewer' })).rejects.toBeInstanceOf(ConflictError);
    await expect(createUserOffline(ctx(), { email: 'x@example.test', name: 'X', role: 'boss' })).rejects.toMatchObject({ field: 'role' });
    await expect(createApiToken(ctx(), { userId: 'usr_nope', name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
