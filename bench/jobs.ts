/**
 * bench:jobs — durable jobs run per second with 10,000 due at once, and lateness (start minus
 * due) with 1,000 due spread over one second, on SQLite (WAL, synchronous=FULL) and PostgreSQL.
 * The engine runs in its own process pinned to core 0; this script (enqueuing, polling) pins
 * itself to core 1. The handler does nothing but note its start: the figure is the engine's
 * own cost per job (claim, lock-and-verify, done, commit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../src/core/db/index.js';
import { enqueue } from '../src/core/engine/index.js';
import { freshDatabase, type DialectName } from '../test/support/db.js';
import { percentile, pinSelf, procStats, QUICK, report, ROOT, round } from './lib/harness.js';

const THROUGHPUT_JOBS = QUICK ? 2_000 : 10_000;
const LATENESS_JOBS = 1_000;
const SPREAD_MS = 1_000;

interface Engine {
  child: ChildProcess;
  lines: string[];
  line(prefix: string, timeoutMs: number): Promise<string>;
  stop(): Promise<Record<string, number>>;
}

async function startEngine(url: string, expected: number, startNow: boolean): Promise<Engine> {
  const args = ['-c', '0', process.execPath, '--import', 'tsx', join(ROOT, 'bench/lib/jobs-engine.ts'), url, String(expected), ...(startNow ? ['--start'] : [])];
  const child = spawn('taskset', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const line = async (prefix: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find((l) => l.startsWith(prefix));
      if (found !== undefined) return found.slice(prefix.length).trim();
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) throw new Error(`jobs engine: no "${prefix}" line`);
      await sleep(5);
    }
  };
  await line('ready', 30_000);
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    return JSON.parse(await line('stats', 1_000)) as Record<string, number>;
  };
  return { child, lines, line, stop };
}

async function enqueueMany(db: Database, count: number, dueAt: (i: number) => number, prefix: string): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    await db.tx(async (tx) => {
      for (let i = start; i < Math.min(count, start + 1_000); i++) {
        await enqueue(tx, { kind: 'bench.job', key: `${prefix}:${i}`, payload: {}, dueAt: dueAt(i) }, Date.now());
      }
    });
  }
}

async function throughput(dialect: DialectName) {
  const fresh = await freshDatabase(dialect);
  try {
    await enqueueMany(fresh.db, THROUGHPUT_JOBS, () => Date.now(), 'tp');
    console.error(`jobs: ${dialect}: ${THROUGHPUT_JOBS} jobs due, starting the engine`);
    const engine = await startEngine(fresh.url, THROUGHPUT_JOBS, false);
    const t0 = performance.now();
    engine.child.kill('SIGUSR1');
    for (;;) {
      const row = await fresh.db.kysely.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'done').executeTakeFirstOrThrow();
      if (Number(row.n) >= THROUGHPUT_JOBS) break;
      if (engine.child.exitCode !== null || engine.child.signalCode !== null) throw new Error('jobs engine died');
      await sleep(10);
    }
    const seconds = (performance.now() - t0) / 1000;
    const { cpu_s, peak_rss_bytes } = procStats(engine.child.pid!);
    const stats = await engine.stop();
    return { jobs_per_s: round(THROUGHPUT_JOBS / seconds, 0), jobs_per_cpu_s: round(THROUGHPUT_JOBS / cpu_s, 0), seconds: round(seconds, 2), cpu_s, peak_rss_bytes, event_loop_p99_ms: round(stats.event_loop_p99_ms ?? NaN) };
  } finally {
    await fresh.drop();
  }
}

async function lateness(dialect: DialectName) {
  const fresh = await freshDatabase(dialect);
  try {
    console.error(`jobs: ${dialect}: lateness of ${LATENESS_JOBS} jobs due over ${SPREAD_MS} ms`);
    const engine = await startEngine(fresh.url, LATENESS_JOBS, true);
    const first = Date.now() + 2_500; // the engine learns of them at its next poll (interval 1 s)
    await enqueueMany(fresh.db, LATENESS_JOBS, (i) => first + Math.floor((i * SPREAD_MS) / LATENESS_JOBS), 'late');
    const late = (JSON.parse(await engine.line('lateness', 30_000)) as number[]).sort((a, b) => a - b);
    await engine.stop();
    return { p50: percentile(late, 50), p99: percentile(late, 99), max: late[late.length - 1]!, early: late.filter((l) => l < 0).length };
  } finally {
    await fresh.drop();
  }
}

pinSelf('1');
const sqlite = await throughput('sqlite');
const postgres = await throughput('postgres');
const lateSqlite = await lateness('sqlite');
const latePostgres = await lateness('postgres');
report(
  'jobs',
  {
    jobs_per_s_sqlite: sqlite.jobs_per_s,
    jobs_per_s_postgres: postgres.jobs_per_s,
    lateness_p50_ms: Math.max(lateSqlite.p50, latePostgres.p50),
    lateness_p99_ms: Math.max(lateSqlite.p99, latePostgres.p99),
    early_starts: lateSqlite.early + latePostgres.early,
    lateness_sqlite: lateSqlite,
    lateness_postgres: latePostgres,
    // On a shared machine the engine may get a fraction of its core: jobs per CPU-second of the
    // engine process, and the load average, say how much of the wall-clock figure is the engine.
    jobs_per_cpu_s_sqlite: sqlite.jobs_per_cpu_s,
    jobs_per_cpu_s_postgres: postgres.jobs_per_cpu_s,
    load_average_1m: round(loadavg()[0]!, 1),
    jobs_due_at_once: THROUGHPUT_JOBS,
    sqlite_synchronous: 'FULL',
  },
  { tocsin: { sqlite, postgres } },
);
process.exit(0);
