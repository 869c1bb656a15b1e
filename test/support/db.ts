import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/index.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';

import { parseDialects, type DialectName } from './dialects.js';

export type { DialectName };

/** Which databases integration tests run on; both unless TOCSIN_TEST_DIALECTS narrows it (a typo throws). */
export const DIALECTS: DialectName[] = parseDialects(process.env.TOCSIN_TEST_DIALECTS);

export const PG_ADMIN_URL = process.env.TOCSIN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  url: string;
  db: Database;
  /** Closes the handle and deletes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

/**
 * `tocsin_test_<pid>_<epoch seconds>_<random>`: who made it and when, so that the global setup
 * can tell a crashed run's leftovers (old, process gone) from another live run's databases.
 */
export function testDatabaseName(pid: number, now: number): string {
  return `tocsin_test_${pid}_${Math.floor(now / 1000)}_${Math.random().toString(36).slice(2, 10)}`;
}

/** The URL of database `name` on the test PostgreSQL server. */
export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement as the PostgreSQL superuser (create, drop, or lock out a test database). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Migrated databases to copy, made once per integration run by test/support/global-setup.ts: a
 * fresh migrated database took 0.45-0.5 s on PostgreSQL and 0.07-0.1 s on SQLite here, a copy
 * 0.22-0.35 s and 2 ms. Unset (a browser test, a bench), each database is migrated.
 */
export const TEMPLATE_ENV = { postgres: 'TOCSIN_TEST_PG_TEMPLATE', sqlite: 'TOCSIN_TEST_SQLITE_TEMPLATE' } as const;

/** A brand-new, migrated database that no other test run can see. */
export async function freshDatabase(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  const template = opts.migrate === false ? undefined : process.env[TEMPLATE_ENV[dialect]];
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-test-'));
    if (template) copyFileSync(template, join(dir, 'tocsin.db'));
    url = `sqlite:${join(dir, 'tocsin.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = testDatabaseName(process.pid, Date.now());
    await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    url = databaseUrl(name);
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const db = openDatabase(url);
  if (opts.migrate !== false && !template) await migrateToLatest(db);
  return {
    url,
    db,
    drop: async () => {
      await db.close().catch(() => undefined);
      await cleanup();
    },
  };
}

/**
 * Migrates one database per dialect for freshDatabase to copy (TEMPLATE_ENV), named like any
 * test database so that a crashed run's is dropped as its other leftovers are; returns how to
 * drop them. Made anew by each run: a test never depends on what an earlier run left.
 */
export async function makeTemplates(dialects: DialectName[]): Promise<() => Promise<void>> {
  const made: FreshDatabase[] = [];
  for (const dialect of dialects) {
    delete process.env[TEMPLATE_ENV[dialect]];
    const fresh = await freshDatabase(dialect);
    made.push(fresh);
    await fresh.db.close();
    if (dialect === 'sqlite') {
      const file = fresh.url.slice('sqlite:'.length);
      // Closing the last connection moves the WAL into the file; a copy of the file alone must hold it all.
      if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) throw new Error(`the SQLite template ${file} kept a WAL after closing`);
      process.env[TEMPLATE_ENV.sqlite] = file;
    } else {
      const name = new URL(fresh.url).pathname.slice(1);
      // A database being copied must have no connection: none may open one by mistake.
      await adminQuery(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      process.env[TEMPLATE_ENV.postgres] = name;
    }
  }
  return async () => {
    for (const fresh of made) await fresh.drop();
  };
}
