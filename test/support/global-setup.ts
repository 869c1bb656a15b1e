import pg from 'pg';
import { ensureCliBundle } from './cli-entry.js';
import { makeTemplates, PG_ADMIN_URL } from './db.js';
import { parseDialects } from './dialects.js';

/** Leftovers younger than this are never dropped: another run may still be using them. */
export const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
};

/**
 * Whether a test database is a dead run's leftover: named `tocsin_test_<pid>_<epoch s>_<random>`
 * (test/support/db.ts), older than STALE_AFTER_MS, and its process gone. A PostgreSQL may be
 * shared by runs on other machines or containers, whose processes this one cannot see, hence the
 * age; a name without a time (older runs) is never touched.
 */
export function isStaleTestDatabase(name: string, now: number, isAlive: (pid: number) => boolean = alive): boolean {
  const m = /^tocsin_test_(\d+)_(\d{9,11})_[a-z0-9]+$/.exec(name);
  if (!m) return false;
  const pid = Number(m[1]);
  const createdMs = Number(m[2]) * 1000;
  return pid > 0 && now - createdMs > STALE_AFTER_MS && !isAlive(pid);
}

/**
 * Builds the `tocsin` bundle if src changed (test/support/cli-entry.ts), checks
 * TOCSIN_TEST_DIALECTS (a typo fails the run here, once, with its message), drops test
 * databases that crashed runs left behind (a killed process cannot drop its own), then migrates
 * the databases that the run's fresh ones are copied from; the returned teardown drops them.
 */
export default async function setup(): Promise<() => Promise<void>> {
  ensureCliBundle();
  const dialects = parseDialects(process.env.TOCSIN_TEST_DIALECTS);
  // An unreachable PostgreSQL gets no template: its tests report the server themselves.
  const pgAnswers = dialects.includes('postgres') && (await dropLeftovers());
  return makeTemplates(dialects.filter((d) => d !== 'postgres' || pgAnswers));
}

/** Drops dead runs' test databases; false when PostgreSQL does not answer. */
async function dropLeftovers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await client.connect();
  } catch {
    return false; // the PostgreSQL tests will report the unreachable server themselves
  }
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'tocsin\\_test\\_%'");
    const now = Date.now();
    for (const { datname } of rows) {
      if (isStaleTestDatabase(datname, now)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
  return true;
}
