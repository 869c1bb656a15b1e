/**
 * bench:monitors' scheduling run: N HTTP monitors in a fresh SQLite file (WAL, synchronous=FULL
 * as in production), a real Tocsin server with the production runner in its own process on core
 * 0 (bench/lib/monitors-runner.ts), nginx on core 1; then the rows it wrote are read back for
 * lag, misses and drift, their size on disk measured, and the API's monitor list timed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { sqlitePath, type Database } from '../../src/core/db/index.js';
import { encodeCursor } from '../../src/core/lists.js';
import { freshDatabase } from '../../test/support/db.js';
import { createToken, createUser } from '../../test/support/factories.js';
import { percentile, ROOT, round } from './harness.js';
import { startPinned } from './process.js';
import { freePort } from '../../test/support/net.js';
import { checksBySeq, scheduleFigures, type ScheduleFigures } from './monitors-analysis.js';
import { seedMonitors } from './monitors-seed.js';

export interface ScaleOptions {
  monitors: number;
  intervalS: number;
  runMs: number;
  listRequests: number;
}

/** The `result` line of bench/lib/monitors-runner.ts. */
interface RunnerResult {
  started_at: number;
  stopped_at: number;
  checks_started: number;
  cpu_s: number;
  runqueue_wait_s: number;
  cpu_s_per_check_after_first_interval: number | null;
  live_monitor_events: number;
  sync_cpu_ms: number;
  rss_idle: number;
  rss_scheduled: number;
  rss_running: number;
  heap_idle: number;
  heap_scheduled: number;
  heap_running: number;
  peak_rss_bytes: number;
  event_loop_p99_ms: number;
  max_in_flight: number;
  stats: Record<string, unknown>;
}

interface Child {
  child: ChildProcess;
  line(prefix: string, timeoutMs: number): Promise<string>;
}

/** Progress on stderr, with the seconds since the bench began. */
export const say = (words: string): void => console.error(`monitors [${(performance.now() / 1000).toFixed(1)} s]: ${words}`);

/** Node flags for the children: BENCH_CPU_PROF_DIR=<dir> writes a CPU profile of each. */
export const profileFlags = (): string[] => (process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []);

function startRunner(args: string[]): Child {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--expose-gc', ...profileFlags(), '--import', 'tsx', join(ROOT, 'bench/lib/monitors-runner.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    // The server logs (pino, warn and above) go to stdout: pass them on.
    for (const l of parts) if (l.startsWith('{')) console.error(`runner log: ${l.slice(0, 400)}`);
  });
  const line = async (prefix: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found !== undefined) return found.slice(prefix.length).trim();
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`monitors runner: no "${prefix}" line`);
      await sleep(20);
    }
  };
  return { child, line };
}

/** Bytes of check_results per row on disk: dbstat's page sizes (WAL checkpointed first). */
async function bytesPerRow(db: Database): Promise<{ bytes_per_row: number; payload_bytes_per_row: number; method: string }> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  const count = await sql<{ n: number }>`select count(*) as n from check_results`.execute(db.kysely);
  const n = Number(count.rows[0]?.n ?? 0);
  try {
    const r = await sql<{ pages: number; payload: number }>`select sum(pgsize) as pages, sum(payload) as payload from dbstat where name = 'check_results'`.execute(db.kysely);
    return { bytes_per_row: round(Number(r.rows[0]!.pages) / n, 1), payload_bytes_per_row: round(Number(r.rows[0]!.payload) / n, 1), method: 'dbstat: sum(pgsize) / rows, WITHOUT ROWID table, WAL checkpointed' };
  } catch {
    return { bytes_per_row: NaN, payload_bytes_per_row: NaN, method: 'dbstat not compiled in' };
  }
}

async function listLatencies(url: string, token: string, middle: string, requests: number) {
  const headers = { authorization: `Bearer ${token}` };
  const shapes = { first: '?limit=50', middle: `?limit=50&cursor=${encodeURIComponent(middle)}` };
  const times: Record<keyof typeof shapes, number[]> = { first: [], middle: [] };
  for (let i = 0; i < requests + 10; i++) {
    for (const [name, query] of Object.entries(shapes) as [keyof typeof shapes, string][]) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/monitors${query}`, { headers });
      const body = (await res.json()) as { items?: unknown[] };
      const ms = performance.now() - t0;
      if (!res.ok || body.items?.length !== 50) throw new Error(`monitor list ${query} answered ${res.status} with ${body.items?.length} items`);
      if (i >= 10) times[name].push(ms); // the first ten warm caches
    }
  }
  const p = (xs: number[]) => ({ p50_ms: round(percentile(xs.sort((a, b) => a - b), 50)), p95_ms: round(percentile(xs, 95)), p99_ms: round(percentile(xs, 99)) });
  return { first_page: p(times.first), middle_page: p(times.middle), requests_each: requests };
}

export interface ScaleResult extends ScheduleFigures {
  monitors: number;
  interval_s: number;
  run_s: number;
  runner: Record<string, unknown>;
  cpu_s_per_1000_checks: number;
  cpu_s_per_1000_checks_after_first_interval: number | null;
  rss_bytes_per_monitor: number;
  rss_bytes_per_monitor_idle: number;
  heap_bytes_per_monitor: number;
  heap_bytes_per_monitor_running: number;
  storage: Awaited<ReturnType<typeof bytesPerRow>>;
  list: Awaited<ReturnType<typeof listLatencies>>;
  restart: Awaited<ReturnType<typeof restartRun>>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((res) => child.once('exit', res));
  child.kill('SIGTERM');
  await exited;
}

/**
 * The "after a restart every monitor is checking again within one interval": a real
 * `tocsin serve` (core 0) on the run's database, timed from its spawn until every monitor has a
 * result for a slot due after that moment (polled every 250 ms), and until it answered /readyz.
 */
async function restartRun(db: Database, databaseUrl: string, o: ScaleOptions) {
  const port = await freePort();
  const spawnedAt = Date.now();
  const tocsin = await startPinned({
    name: 'tocsin (restart)',
    command: process.execPath,
    args: [join(ROOT, 'bin/tocsin.js'), 'serve'],
    cpu: '0',
    cwd: ROOT,
    env: { TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1', TOCSIN_DATABASE_URL: databaseUrl, TOCSIN_LOG_LEVEL: 'warn' },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    readyTimeoutMs: 120_000,
  });
  const readyMs = Date.now() - spawnedAt;
  try {
    const deadline = spawnedAt + 2 * o.intervalS * 1000 + 30_000;
    let checking = 0;
    while (Date.now() < deadline) {
      const r = await sql<{ n: number }>`select count(distinct monitor_seq) as n from check_results where at >= ${spawnedAt}`.execute(db.kysely);
      checking = Number(r.rows[0]?.n ?? 0);
      if (checking >= o.monitors) break;
      await sleep(250);
    }
    const allMs = checking >= o.monitors ? Date.now() - spawnedAt : NaN;
    // The slot each monitor was first checked for after the restart (its due time; the checks
    // started on time, lag aside), latest over all monitors, counted from /readyz answering.
    const firsts = await sql<{ last: number }>`select max(first_at) as last from (select min(at) as first_at from check_results where at >= ${spawnedAt} group by monitor_seq) as f`.execute(db.kysely);
    const lastFirstSlotAfterReadyMs = Number(firsts.rows[0]?.last ?? NaN) - (spawnedAt + readyMs);
    return {
      ready_ms: readyMs,
      all_checking_ms: allMs,
      last_first_slot_after_ready_ms: lastFirstSlotAfterReadyMs,
      monitors_checking: checking,
      interval_ms: o.intervalS * 1000,
    };
  } finally {
    await tocsin.stop();
  }
}

export async function schedulingRun(fileUrl: string, o: ScaleOptions): Promise<ScaleResult> {
  const fresh = await freshDatabase('sqlite');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-monitors-'));
  try {
    const owner = await createUser(fresh.db, { role: 'owner' });
    const token = await createToken(fresh.db, owner.id);
    const t0 = performance.now();
    await seedMonitors(fresh.db, { count: o.monitors, fileUrl, intervalS: o.intervalS, now: Date.now() });
    say(`${o.monitors} monitors every ${o.intervalS} s inserted in ${round((performance.now() - t0) / 1000, 1)} s; running ${o.runMs / 1000} s`);
    const startsFile = join(dir, 'starts.bin');
    const runner = startRunner([fresh.url, String(o.runMs), startsFile, fileUrl]);
    try {
      await runner.line('ready', 60_000);
      say('runner ready');
      const r = JSON.parse(await runner.line('result', o.runMs + 120_000)) as RunnerResult;
      const apiUrl = await runner.line('api', 5_000);
      say('run over; reading the results');
      const rows = await fresh.db.kysely.selectFrom('check_results').select(['monitor_seq as seq', 'at']).execute();
      const monitors = await fresh.db.kysely.selectFrom('monitors').select(['seq', 'id']).execute();
      const raw = readFileSync(startsFile);
      const checks = checksBySeq(new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8));
      const figures = scheduleFigures(
        monitors.map((m) => ({ seq: Number(m.seq), id: m.id })),
        rows.map((x) => ({ seq: Number(x.seq), at: Number(x.at) })),
        checks,
        { startedAt: r.started_at, stoppedAt: r.stopped_at, intervalMs: o.intervalS * 1000 },
      );
      const storage = { ...(await bytesPerRow(fresh.db)), db_file_bytes: statSync(sqlitePath(fresh.url)).size };
      const middleRow = await fresh.db.kysely.selectFrom('monitors').select(['name', 'id']).orderBy('name').orderBy('id').offset(Math.floor(o.monitors / 2)).limit(1).executeTakeFirstOrThrow();
      say('timing the monitor list');
      const list = await listLatencies(apiUrl, token, encodeCursor(middleRow), o.listRequests);
      await stopChild(runner.child);
      say('restarting: a new tocsin serve on the same database');
      const restart = await restartRun(fresh.db, fresh.url, o);
      say(`every monitor checking again ${round(restart.all_checking_ms / 1000, 1)} s after the start (ready after ${round(restart.ready_ms / 1000, 1)} s)`);
      const { stats, ...process } = r;
      return {
        monitors: o.monitors,
        interval_s: o.intervalS,
        run_s: round((r.stopped_at - r.started_at) / 1000, 1),
        ...figures,
        runner: { ...process, ...stats },
        cpu_s_per_1000_checks: round((r.cpu_s / r.checks_started) * 1000, 3),
        cpu_s_per_1000_checks_after_first_interval: r.cpu_s_per_check_after_first_interval === null ? null : round(r.cpu_s_per_check_after_first_interval * 1000, 3),
        rss_bytes_per_monitor: round((r.rss_running - r.rss_idle) / o.monitors, 0),
        rss_bytes_per_monitor_idle: round((r.rss_scheduled - r.rss_idle) / o.monitors, 0),
        heap_bytes_per_monitor: round((r.heap_scheduled - r.heap_idle) / o.monitors, 0),
        heap_bytes_per_monitor_running: round((r.heap_running - r.heap_idle) / o.monitors, 0),
        storage,
        list,
        restart,
      };
    } finally {
      await stopChild(runner.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await fresh.drop();
  }
}
