import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, type OpenKernel } from '../../src/app/kernel.js';
import { authenticator } from '../../src/app/modules.js';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/log.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/deps.js';
import { watchContract } from '../support/contract.js';
import { DIALECTS, freshDatabase, PG_ADMIN_URL, type FreshDatabase } from '../support/db.js';
import { createToken, createUser } from '../support/factories.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// PostgreSQL that stops answering on open connections (a network holding packets, a frozen
// host) or drops them, reached through a proxy the test controls: every request is bounded and
// answers 503 within seconds, dead connections leave the pool, and the server recovers by
// itself. (SQLite's counterpart, a lock held past the busy timeout, is in database-down.test.ts.)

const QUERY_TIMEOUT_MS = 1_000;

async function appOn(url: string): Promise<{ app: App; kernel: OpenKernel }> {
  const config = loadConfig({
    TOCSIN_DATABASE_URL: url,
    TOCSIN_LOG_LEVEL: 'silent',
    TOCSIN_DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    TOCSIN_DB_CONNECT_TIMEOUT_MS: '1000',
    TOCSIN_DB_POOL_SIZE: '3',
  });
  const kernel = createKernel(config, { clock: new FakeClock(), log: silentLogger });
  const app = await buildApp(kernel, { modules: kernel.modules, authenticator });
  watchContract(app);
  await app.ready();
  return { app, kernel };
}

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`database in trouble [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let proxy: TcpProxy;
    let app: App;
    let kernel: OpenKernel;
    let auth: Record<string, string>;

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      const user = await createUser(fresh.db, { role: 'responder' });
      auth = { authorization: `Bearer ${await createToken(fresh.db, user.id)}` };
      const direct = new URL(fresh.url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      direct.host = `127.0.0.1:${proxy.port}`;
      ({ app, kernel } = await appOn(direct.toString()));
    });
    afterAll(async () => {
      proxy?.set('pass');
      await app?.close();
      await kernel?.close();
      await proxy?.close();
      await fresh?.drop();
    });

    const list = () => app.inject({ method: 'GET', url: '/api/v1/incidents', headers: auth });
    const declare = (title: string) => app.inject({ method: 'POST', url: '/api/v1/incidents', headers: auth, payload: { title, severity: 'SEV-2' } });
    async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
      const started = Date.now();
      const out = await fn();
      return [out, Date.now() - started];
    }
    async function recovers(): Promise<void> {
      for (let i = 0; i < 50; i++) {
        const res = await declare(`after ${i}`);
        if (res.statusCode === 201) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('did not recover within 5 s');
    }

    it.each(['hold', 'drop'] as const)('answers 503 within seconds when PostgreSQL stops answering (%s), then recovers by itself', async (mode) => {
      expect((await declare(`before ${mode}`)).statusCode).toBe(201);
      proxy.set(mode);
      try {
        for (const request of [list, () => declare(`during ${mode}`)]) {
          const [res, ms] = await timed(request);
          expect(res.statusCode, res.body).toBe(503);
          expect(res.json()).toMatchObject({ code: 'unavailable' });
          expect(ms).toBeLessThan(QUERY_TIMEOUT_MS + 3_000);
        }
        const [ready, readyMs] = await timed(() => app.inject({ method: 'GET', url: '/readyz' }));
        expect(ready.statusCode).toBe(503);
        expect(readyMs).toBeLessThan(QUERY_TIMEOUT_MS + 3_000);
      } finally {
        proxy.set('pass');
      }
      await recovers();
      expect((await list()).statusCode).toBe(200);
    });

    it('answers 503, not 500, when the database does not exist (renamed away)', async () => {
      const missing = new URL(PG_ADMIN_URL);
      missing.pathname = `/tocsin_test_missing_${process.pid}`;
      const other = await appOn(missing.toString());
      try {
        const res = await other.app.inject({ method: 'GET', url: '/api/v1/incidents', headers: auth });
        expect(res.statusCode, res.body).toBe(503);
        expect(res.json()).toMatchObject({ code: 'unavailable' });
        expect((await other.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@b.io', password: 'x'.repeat(12) } })).statusCode).toBe(503);
        expect((await other.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
      } finally {
        await other.app.close();
        await other.kernel.close();
      }
    });
  });
}
