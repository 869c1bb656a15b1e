/**
 * The Tocsin side of bench:monitors' scheduling run, in its own process (pinned by the caller):
 * a real server (startServer: API, engine, live relay) on the bench's SQLite file, plus the
 * production monitor runner (createMonitorRunner), whose check is runCheck wrapped to note when
 * each check starts. `node --expose-gc --import tsx bench/lib/monitors-runner.ts <dbUrl>
 * <runMs> <startsFile> <warmUrl>`.
 *
 * Prints `ready`, then `result {...}` when the run is over (the runner stopped, its buffer
 * written), then `api <url>` (the server keeps answering for the list measure) until SIGTERM.
 * The checks go to <startsFile> as float64 triples (monitor seq, started, finished or 0), epoch ms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../../src/app/server.js';
import { loadConfig } from '../../src/core/config.js';
import { runCheck } from '../../src/monitors/checks/index.js';
import type { HttpSpec } from '../../src/monitors/model.js';
import { createMonitorRunner } from '../../src/monitors/runner.js';
import { takeSqlTimings, timeSqlStatements } from './sql-timing.js';

const [url, runMsArg, startsFile, warmUrl] = process.argv.slice(2);
if (!url || !runMsArg || !startsFile || !warmUrl) {
  console.error('usage: monitors-runner.ts <dbUrl> <runMs> <startsFile> <warmUrl>');
  process.exit(2);
}
const runMs = Number(runMsArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const MAX_IN_FLIGHT = Number(process.env.BENCH_MAX_IN_FLIGHT ?? 256);

/** Time this (main) thread was runnable but waiting for a CPU, s: the other processes' share of the lag. */
const runqueueWaitS = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1] ?? 0) / 1e9;

/** RSS and V8 heap in use after full collections. */
function settledMemory(): { rss: number; heap: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

// BENCH_SQL_TIMING=1: time every SQL statement (after the first interval) and report the top ones.
if (process.env.BENCH_SQL_TIMING) timeSqlStatements();
const server = await startServer(loadConfig({ TOCSIN_DATABASE_URL: url, TOCSIN_PORT: '0', TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'warn', TOCSIN_MONITOR_CHECKS: 'false' }));
const address = server.app.server.address();
const apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const now = () => Date.now();

// The recording is allocated before the baseline, so it is not counted as the monitors' memory.
const seqByUrl = new Map<string, number>();
let intervalMs = Infinity;
for (const m of await server.kernel.db.kysely.selectFrom('monitors').select(['seq', 'spec', 'interval_s']).execute()) {
  seqByUrl.set((JSON.parse(m.spec) as HttpSpec).url, m.seq);
  intervalMs = Math.min(intervalMs, m.interval_s * 1000);
}
const capacity = Math.ceil(seqByUrl.size * (runMs / 10_000 + 3)) + 1_000;
const starts = new Float64Array(capacity * 3);
let recorded = 0;
let stopping = false;

// Warm the check path (JIT, sockets) so the baseline is a process that has checked before.
const warmSpec: HttpSpec = { type: 'http', url: warmUrl, method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200'], assertions: [], degraded_after_ms: null, cert_expiry_days: null };
for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 64 }, () => runCheck(warmSpec, { timeoutMs: 5000, now })));
await sleep(200);
const idle = settledMemory();

const runner = createMonitorRunner(server.kernel, {
  owner: server.kernel.engine.owner,
  maxInFlight: MAX_IN_FLIGHT,
  run: (spec, signal, timeoutMs) => {
    if (recorded >= capacity || spec.type !== 'http') return runCheck(spec, { timeoutMs, now, signal });
    const i = recorded++;
    starts[i * 3] = seqByUrl.get(spec.url) ?? -1;
    starts[i * 3 + 1] = now();
    // When it finished (0: not before the stop), to tell a result lost from one stopped in flight.
    return runCheck(spec, { timeoutMs, now, signal }).then((outcome) => {
      if (!stopping) starts[i * 3 + 2] = now();
      return outcome;
    });
  },
});
process.stdout.write('ready\n');

await runner.sync();
// What one re-read of every monitor costs (the runner does one per membership change, every
// 30 s, and whenever a monitor changes, state changes included).
const syncCpu0 = process.cpuUsage();
await runner.sync();
const syncCpu = process.cpuUsage(syncCpu0);
const scheduled = settledMemory();
const loop = monitorEventLoopDelay({ resolution: 10 });
const cpu0 = process.cpuUsage();
const wait0 = runqueueWaitS();
loop.enable();
await runner.start();
// After start: its sync re-reads the monitors first, and the scheduler's first slots are the
// ones at or after the moment it starts.
const startedAt = now();
// The first interval has every monitor's first result (state unknown → up, an evaluation each);
// CPU per check after it is the steady state.
let steady: { cpu: NodeJS.CpuUsage; checks: number } | null = null;
// BENCH_STEADY_PROFILE=<file>: a CPU profile of the steady state alone (first interval to stop).
const profiler = process.env.BENCH_STEADY_PROFILE ? new Session() : null;
const steadyTimer = setTimeout(() => {
  steady = { cpu: process.cpuUsage(), checks: recorded };
  takeSqlTimings();
  if (profiler) {
    profiler.connect();
    void profiler.post('Profiler.enable').then(() => profiler.post('Profiler.start'));
  }
}, intervalMs);
let monitorEvents = 0;
const unsubscribe = server.kernel.live.subscribe((topic) => void (topic === 'monitor' && monitorEvents++));
await sleep(runMs);
clearTimeout(steadyTimer);
unsubscribe();
const stoppedAt = now();
const checks = recorded;
const cpu = process.cpuUsage(cpu0);
const steadyFigures = steady as { cpu: NodeJS.CpuUsage; checks: number } | null;
const steadyCpu = steadyFigures ? process.cpuUsage(steadyFigures.cpu) : null;
const cpuSteadyPerCheck = steadyCpu && steadyFigures ? (steadyCpu.user + steadyCpu.system) / 1e6 / (checks - steadyFigures.checks) : null;
const runqueueWait = runqueueWaitS() - wait0;
loop.disable();
const stats = runner.stats();
if (profiler && steady) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(process.env.BENCH_STEADY_PROFILE!, JSON.stringify(profile));
}
const running = settledMemory();
stopping = true;
await runner.stop();
writeFileSync(startsFile, Buffer.from(starts.buffer, 0, recorded * 24));
const result = {
  started_at: startedAt,
  stopped_at: stoppedAt,
  checks_started: checks,
  cpu_s: (cpu.user + cpu.system) / 1e6,
  runqueue_wait_s: runqueueWait,
  cpu_s_per_check_after_first_interval: cpuSteadyPerCheck,
  live_monitor_events: monitorEvents,
  sync_cpu_ms: (syncCpu.user + syncCpu.system) / 1000,
  ...(process.env.BENCH_SQL_TIMING ? { sql_after_first_interval: takeSqlTimings() } : {}),
  rss_idle: idle.rss,
  rss_scheduled: scheduled.rss,
  rss_running: running.rss,
  heap_idle: idle.heap,
  heap_scheduled: scheduled.heap,
  heap_running: running.heap,
  peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
  event_loop_p99_ms: loop.percentile(99) / 1e6,
  max_in_flight: MAX_IN_FLIGHT,
  stats,
};
process.stdout.write(`result ${JSON.stringify(result)}\n`);
process.stdout.write(`api ${apiUrl}\n`);

process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
