import pg from 'pg';
import { PG_ADMIN_URL } from './db.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
};

/**
 * Drops test databases left by runs that died before their cleanup (a killed process cannot drop
 * its own). Each name carries the creating process id; only databases of dead processes go.
 */
export default async function dropOrphanedTestDatabases(): Promise<void> {
  if (!(process.env.TOCSIN_TEST_DIALECTS ?? 'postgres').includes('postgres')) return;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await client.connect();
  } catch {
    return; // the PostgreSQL tests will report the unreachable server themselves
  }
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'tocsin\\_test\\_%'");
    for (const { datname } of rows) {
      const pid = Number(/^tocsin_test_(\d+)_/.exec(datname)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && !alive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
      }
    }
  } finally {
    await client.end();
  }
}
