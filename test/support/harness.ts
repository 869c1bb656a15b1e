import { afterAll, beforeAll, describe } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { FakeClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { makeCtx, systemActor, type Actor, type Ctx, type Role } from '../../src/core/context.js';
import type { Database } from '../../src/core/db/index.js';
import { silentLogger } from '../../src/core/log.js';
import { createKernel, type OpenKernel } from '../../src/app/kernel.js';
import { authenticator, MODULES } from '../../src/app/modules.js';
import type { DomainModule } from '../../src/core/module.js';
import { buildApp } from '../../src/http/app.js';
import type { App } from '../../src/http/deps.js';
import { watchContract } from './contract.js';
import { DIALECTS, freshDatabase, type DialectName, type FreshDatabase } from './db.js';
import { createToken, createUser, type TestUser } from './factories.js';

export interface Harness {
  dialect: DialectName;
  db: Database;
  url: string;
  app: App;
  /** The kernel the app runs on (bus, live events, engine not started), as the server builds it. */
  kernel: OpenKernel;
  clock: FakeClock;
  /** A service-layer context acting as `actor` (the system by default), outside any request. */
  ctx(actor?: Actor): Ctx;
  /** A user of that role with an API token; `headers` carries the Bearer token. */
  actor(role: Role): Promise<TestUser & { token: string; headers: Record<string, string> }>;
  /** app.inject with an optional token; JSON bodies are sent as JSON. */
  call(method: InjectOptions['method'], url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

/**
 * Runs the suite once per database (SQLite and PostgreSQL), each on a fresh, migrated
 * database with the whole app built on a fake clock.
 */
export function describeEachDatabase(
  name: string,
  fn: (h: Harness) => void,
  opts: { env?: Record<string, string>; /** Extra domain modules after the real ones (test-only handlers and jobs). */ modules?: DomainModule[] } = {},
): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      const h = { dialect } as Harness;
      let fresh: FreshDatabase;
      beforeAll(async () => {
        fresh = await freshDatabase(dialect);
        const config = loadConfig({ TOCSIN_DATABASE_URL: fresh.url, TOCSIN_LOG_LEVEL: 'silent', ...opts.env });
        const clock = new FakeClock();
        const kernel = createKernel(config, { db: fresh.db, clock, log: silentLogger, modules: [...MODULES, ...(opts.modules ?? [])] });
        Object.assign(h, { db: fresh.db, url: fresh.url, clock, kernel, app: await buildApp(kernel, { modules: kernel.modules, authenticator }) });
        watchContract(h.app); // every answer is checked against the API document (test/support/contract.ts)
        await h.app.ready();
      });
      afterAll(async () => {
        await h.app?.close();
        await h.kernel?.close();
        await fresh?.drop();
      });
      h.ctx = (actor = systemActor('test')) => makeCtx(h.kernel, actor, 'req_test', silentLogger);
      h.actor = async (role) => {
        const user = await createUser(h.db, { role, at: h.clock.now().getTime() });
        const token = await createToken(h.db, user.id, { at: h.clock.now().getTime() });
        return { ...user, token, headers: { authorization: `Bearer ${token}` } };
      };
      h.call = (method, url, o = {}) =>
        h.app.inject({
          method,
          url,
          headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers },
          ...(o.body === undefined ? {} : typeof o.body === 'string' ? { payload: o.body } : { payload: o.body as object }),
        });
      fn(h);
    });
  }
}
