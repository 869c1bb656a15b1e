import { mkdtempSync, rmSync } from 'node:fs';
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

/** A brand-new, migrated database that no other test run can see. */
export async function freshDatabase(dialect: DialectName, opts: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  let url: string;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tocsin-test-'));
    url = `sqlite:${join(dir, 'tocsin.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const name = testDatabaseName(process.pid, Date.now());
    await adminQuery(`CREATE DATABASE ${name}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const db = openDatabase(url);
  if (opts.migrate !== false) await migrateToLatest(db);
  return {
    url,
    db,
    drop: async () => {
      await db.close().catch(() => undefined);
      await cleanup();
    },
  };
}
