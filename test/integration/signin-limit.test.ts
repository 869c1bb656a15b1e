import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../support/factories.js';
import { describeEachDatabase } from '../support/harness.js';
import { secondInstance, type Instance } from '../support/second-instance.js';

// The sign-in limit is counted in the database: two instances do not allow twice the guesses,
// and one client trying many emails is stopped too.

describeEachDatabase(
  'sign-in limit across instances',
  (h) => {
    let other: Instance;
    beforeAll(async () => {
      other = await secondInstance(h, { TOCSIN_SIGNIN_ATTEMPTS_PER_MINUTE: '4', TOCSIN_SIGNIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '12' });
      // The other instance keeps real time, so this one does too, inside one counting minute.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      h.clock.set(new Date());
    });
    afterAll(() => other?.close());

    const signIn = (via: 'here' | 'there', email: string, password = 'wrong password') =>
      via === 'here'
        ? h.call('POST', '/api/v1/auth/sign-in', { body: { email, password } })
        : other.call('POST', '/api/v1/auth/sign-in', { body: { email, password } });

    it('counts one email from one client across both instances', async () => {
      const u = await createUser(h.db, { role: 'viewer' });
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await signIn(i % 2 === 0 ? 'here' : 'there', u.email)).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
      // Even the right password waits out the window now.
      const right = await signIn('there', u.email, u.password);
      expect(right.statusCode).toBe(429);
    });

    it('stops one client trying many emails', async () => {
      const codes: number[] = [];
      for (let i = 0; i < 14; i++) codes.push((await signIn(i % 2 === 0 ? 'here' : 'there', `nobody${i}@example.test`)).statusCode);
      // 12 attempts a minute from this client in all, and the first test spent 7 of them.
      expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(12 - 7);
      expect(codes.slice(-3)).toEqual([429, 429, 429]);
    });
  },
  { env: { TOCSIN_SIGNIN_ATTEMPTS_PER_MINUTE: '4', TOCSIN_SIGNIN_ATTEMPTS_PER_CLIENT_PER_MINUTE: '12' } },
);
