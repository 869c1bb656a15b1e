import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db/index.js';
import { migrateToLatest } from '../../src/core/db/migrate.js';

export type DialectName = 'sqlite' | 'postgres';

/** Which databases integration tests run on; both unless TOCSIN_TEST_DIALECTS narrows it. */
export const DIALECTS: DialectName[] = (process.env.TOCSIN_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is DialectName => s === 'sqlite' || s === 'postgres');

export const PG_ADMIN_URL = process.env.TOCSIN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  url: string;
  db: Database;
  /** Closes the handle and deletes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
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
    const name = `tocsin_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
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
