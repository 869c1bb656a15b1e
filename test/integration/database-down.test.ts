import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteHandle } from '../../src/core/db/sqlite.js';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { isDatabaseDown, openDatabase, sqlitePath, type Database } from '../../src/core/db/index.js';
import { silentLogger } from '../../src/core/log.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/deps.js';
import { createKernel, type OpenKernel } from '../../src/app/kernel.js';
import { authenticator } from '../../src/app/modules.js';
import { adminQuery as admin, DIALECTS, freshDatabase, PG_ADMIN_URL, type FreshDatabase } from '../support/db.js';
import { createToken, createUser } from '../support/factories.js';
import { waitFor } from '../support/wait-for.js';

// When the database goes away the API says so (503 problem+json) instead of hanging or
// answering 500, and it recovers by itself once the database is back.

/** How many server backends are connected to database `name` (PostgreSQL). */
async function backendsOf(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

for (const dialect of DIALECTS) {
  describe(`database down [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let db: Database;
    let app: App;
    let kernel: OpenKernel;
    let auth: Record<string, string>;
    const BUSY_MS = 200;

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_LOG_LEVEL: 'silent', TOCSIN_SQLITE_BUSY_TIMEOUT_MS: String(BUSY_MS) });
      db = openDatabase(fresh.url, { sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs, poolSize: 4 });
      const clock = new FakeClock();
      kernel = createKernel(config, { db, clock, log: silentLogger });
      app = await buildApp(kernel, { modules: kernel.modules, authenticator });
      await app.ready();
      const user = await createUser(db, { role: 'responder', at: clock.now().getTime() });
      auth = { authorization: `Bearer ${await createToken(db, user.id, { at: clock.now().getTime() })}` };
    });
    afterAll(async () => {
      await app?.close();
      await kernel?.close();
      await db?.close();
      await fresh?.drop();
    });

    const declare = (title: string) =>
      app.inject({ method: 'POST', url: '/api/v1/incidents', headers: auth, payload: { title, severity: 'SEV-1' } });
    const count = async () => Number((await fresh.db.kysely.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const expectUnavailable = (res: Awaited<ReturnType<typeof declare>>) => {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 503, code: 'unavailable' });
      expect(res.json().detail).toMatch(/database/i);
    };

    if (dialect === 'postgres') {
      it('answers 503 while PostgreSQL refuses connections, then recovers by itself', async () => {
        expect((await declare('before')).json().number).toBe(1);
        const name = new URL(fresh.url).pathname.slice(1);
        try {
          await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
          await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
          expectUnavailable(await declare('during'));
          expectUnavailable(await app.inject({ method: 'GET', url: '/api/v1/incidents', headers: auth }));
          const ready = await app.inject({ method: 'GET', url: '/readyz' });
          expect(ready.statusCode).toBe(503);
          expect(ready.json()).toMatchObject({ status: 'unavailable' });
          const metrics = await app.inject({ method: 'GET', url: '/metrics' });
          expect(metrics.statusCode).toBe(200);
          expect(metrics.body).toContain('tocsin_database_up 0');
          expect(metrics.body).not.toContain('tocsin_incidents_open{');
        } finally {
          await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
        }
        expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
        const after = await declare('after');
        expect(after.statusCode, after.body).toBe(201);
        expect(after.json().number).toBe(2);
        expect(await count()).toBe(2);
      });

      it('survives the server going away in the middle of a transaction', async () => {
        const name = new URL(fresh.url).pathname.slice(1);
        const failed = db.tx(async (q) => {
          await q.selectFrom('incidents').select('id').execute();
          await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
          // The client learns of it while no query is running: wait until the server has
          // really ended that backend (closing its connection), not for a fixed time.
          await waitFor(() => backendsOf(name).then((n) => n === 0), { what: `the backends of ${name} to end` });
          await q.selectFrom('incidents').select('id').execute();
        });
        const err = await failed.then(() => null, (e: unknown) => e);
        expect(isDatabaseDown(err)).toBe(true);
        expect((await declare('afterwards')).statusCode).toBe(201);
      });
    } else {
      it('answers 503 to a write while another connection holds the write lock past the busy timeout, then recovers', async () => {
        expect((await declare('before')).json().number).toBe(1);
        const blocker = openSqliteHandle(sqlitePath(fresh.url));
        try {
          blocker.exec('BEGIN EXCLUSIVE');
          const started = Date.now();
          expectUnavailable(await declare('during'));
          expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_MS - 20);
          // Readers are not blocked in WAL mode.
          expect((await app.inject({ method: 'GET', url: '/api/v1/incidents', headers: auth })).statusCode).toBe(200);
          blocker.exec('ROLLBACK');
        } finally {
          blocker.close();
        }
        const after = await declare('after');
        expect(after.statusCode, after.body).toBe(201);
        expect(after.json().number).toBe(2);
        expect(await count()).toBe(2);
      });
    }
  });
}
