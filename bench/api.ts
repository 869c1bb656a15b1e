/**
 * bench:api — incidents declared per second, and p99 latency of listing 50 incidents out of
 * 100,000 (first pages, filtered pages, deep pages by cursor), on SQLite and PostgreSQL.
 * Tocsin runs pinned to core 0; this script (the load) pins itself to core 1.
 */
import autocannon from 'autocannon';
import { freshDatabase, type DialectName } from '../test/support/db.js';
import { createToken, createUser } from '../test/support/factories.js';
import { pinSelf, percentile, QUICK, report, round, startTocsin } from './lib/harness.js';
import { seedIncidents } from './lib/seed.js';

const INCIDENTS = QUICK ? 20_000 : 100_000;
const DECLARE_SECONDS = QUICK ? 3 : 10;
const LIST_REQUESTS = QUICK ? 400 : 3000;

async function declareRate(url: string, token: string): Promise<number> {
  const result = await autocannon({
    url: `${url}/api/v1/incidents`,
    method: 'POST',
    connections: 8,
    duration: DECLARE_SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Bench: checkout returns 502', severity: 'SEV-2', detection_source: 'monitor' }),
  });
  const created = result['2xx'];
  if (result.non2xx > 0) console.error(`declare: ${result.non2xx} non-2xx answers`);
  return created / DECLARE_SECONDS;
}

/** Sequential list requests of several shapes; returns sorted latencies in ms. */
async function listLatencies(url: string, token: string): Promise<number[]> {
  const headers = { authorization: `Bearer ${token}` };
  const shapes = ['?limit=50', '?limit=50&status=triggered,acknowledged', '?limit=50&severity=SEV-1', '?limit=50&q=database', '?limit=50&status=resolved&severity=SEV-2,SEV-3'];
  const times: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < LIST_REQUESTS + 50; i++) {
    // every third request follows the cursor deeper into the full list
    const query = i % 3 === 2 && cursor ? `?limit=50&cursor=${encodeURIComponent(cursor)}` : shapes[i % shapes.length]!;
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/incidents${query}`, { headers });
    const body = (await res.json()) as { items?: unknown[]; next_cursor?: string | null };
    const ms = performance.now() - t0;
    if (!res.ok || !Array.isArray(body.items)) throw new Error(`list ${query} answered ${res.status}`);
    if (query === '?limit=50' || query.includes('cursor')) cursor = body.next_cursor ?? null;
    if (i >= 50) times.push(ms); // the first 50 warm caches
  }
  return times.sort((a, b) => a - b);
}

async function run(dialect: DialectName) {
  const fresh = await freshDatabase(dialect);
  try {
    const owner = await createUser(fresh.db, { role: 'owner' });
    const token = await createToken(fresh.db, owner.id);
    const t0 = performance.now();
    await seedIncidents(fresh.db, { count: INCIDENTS, commanderId: owner.id, now: Date.now() });
    const seedMs = performance.now() - t0;
    const tocsin = await startTocsin({ databaseUrl: fresh.url });
    try {
      const list = await listLatencies(tocsin.url, token);
      const declare = await declareRate(tocsin.url, token);
      const stats = tocsin.stats();
      return {
        declare_per_s: round(declare, 1),
        list_p50_ms: round(percentile(list, 50)),
        list_p99_ms: round(percentile(list, 99)),
        cpu_s: round(stats.cpu_s),
        peak_rss_bytes: stats.peak_rss_bytes,
        event_loop_p99_ms: round(await tocsin.eventLoopP99Ms()),
        seed_s: round(seedMs / 1000, 1),
      };
    } finally {
      await tocsin.stop();
    }
  } finally {
    await fresh.drop();
  }
}

pinSelf('1');
const sqlite = await run('sqlite');
const postgres = await run('postgres');
report(
  'api',
  {
    declare_per_s_sqlite: sqlite.declare_per_s,
    declare_per_s_postgres: postgres.declare_per_s,
    list_p99_ms_sqlite: sqlite.list_p99_ms,
    list_p99_ms_postgres: postgres.list_p99_ms,
    list_p50_ms_sqlite: sqlite.list_p50_ms,
    list_p50_ms_postgres: postgres.list_p50_ms,
    incidents: INCIDENTS,
    sqlite_synchronous: 'FULL',
  },
  { tocsin: { sqlite, postgres } },
);
process.exit(0);
