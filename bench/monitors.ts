/**
 * bench:monitors — Tocsin's HTTP uptime checks (../shared/BENCHMARKS.md, row `monitors`).
 *
 * 1. Saturation: runCheck in a loop with 256 checks in flight (bench/lib/checks-throughput.ts,
 *    no scheduler, no store), pinned to core 0, against nginx on core 1: checks per second on
 *    one core. Same run, the peer: blackbox exporter (GOMAXPROCS=1, core 0) probing the same
 *    file, driven from this process (core 1) at saturation. nginx's accepted-connection count
 *    shows both open one connection per check.
 * 2. Scheduling at scale: 20,000 HTTP monitors every 30 s for two minutes through the production
 *    runner in a real Tocsin (SQLite, WAL, synchronous=FULL): lag (start minus due), missed
 *    slots, drift, CPU per 1,000 checks, RSS per monitor, bytes per result row.
 * 3. GET /api/v1/monitors?limit=50 at that size, first page and a middle page: p95.
 *
 * Default: 12 s per saturation side after a 2 s warm-up. --quick: 3 s per saturation side, 2,000 monitors every 10 s for 15 s (two slots each, so
 * drift has a value; 15 s rather than 20 keeps the whole run near 30 s).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pinSelf, QUICK, report, ROOT, round } from './lib/harness.js';
import { probeLoad, startBlackbox, startNginx, type Nginx } from './lib/monitors-peers.js';
import { profileFlags, say, schedulingRun } from './lib/monitors-scale.js';

const SATURATION_S = QUICK ? 3 : 12;
const WARMUP_S = QUICK ? 1 : 2;
const IN_FLIGHT = 256;
const PROBE_CONCURRENCY = 128;
const SCALE = {
  ...(QUICK ? { monitors: 2_000, intervalS: 10, runMs: 15_000, listRequests: 20 } : { monitors: 20_000, intervalS: 30, runMs: 120_000, listRequests: 100 }),
  // Experiments (profiling): BENCH_MONITORS=<n> BENCH_RUN_S=<s>.
  ...(process.env.BENCH_MONITORS ? { monitors: Number(process.env.BENCH_MONITORS) } : {}),
  ...(process.env.BENCH_RUN_S ? { runMs: Number(process.env.BENCH_RUN_S) * 1000 } : {}),
};
const load = () => round(loadavg()[0]!, 2);

/** Tocsin's checker at saturation, in its own process on core 0. */
async function tocsinSaturation(nginx: Nginx) {
  const before = await nginx.accepted();
  const args = ['-c', '0', process.execPath, ...profileFlags(), '--import', 'tsx', join(ROOT, 'bench/lib/checks-throughput.ts'), '--url', nginx.fileUrl, '--in-flight', String(IN_FLIGHT), '--seconds', String(SATURATION_S), '--warmup', String(WARMUP_S)];
  const child = spawn('taskset', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`checks-throughput exited with ${code}: ${out.slice(-500)}`);
  const r = JSON.parse(last) as { figures: Record<string, number>; failures: Record<string, number> };
  const f = r.figures;
  const connections = (await nginx.accepted()) - before - 1; // minus the status request itself
  return {
    checks_per_s: round(f.up! / f.seconds!, 0),
    cpu_us_per_check: f.cpu_us_per_check,
    checks_per_cpu_s: round(1e6 / f.cpu_us_per_check!, 0),
    cpu_share: round((f.up! / f.seconds!) * (f.cpu_us_per_check! / 1e6), 2),
    event_loop_p99_ms: f.event_loop_p99_ms,
    peak_rss_bytes: f.peak_rss_bytes,
    down: f.down,
    connections_per_check: round(connections / f.total_checks!, 3),
    failures: r.failures,
  };
}

async function blackboxSaturation(nginx: Nginx) {
  const blackbox = await startBlackbox('0');
  try {
    const before = await nginx.accepted();
    const r = await probeLoad(blackbox.probeUrl(nginx.fileUrl), PROBE_CONCURRENCY, SATURATION_S, WARMUP_S, () => blackbox.stats().cpu_s);
    const connections = (await nginx.accepted()) - before - 1;
    const stats = blackbox.stats();
    return {
      probes_per_s: round(r.ok / r.seconds, 0),
      failed: r.failed,
      cpu_us_per_probe: round((r.cpu_s / (r.ok + r.failed)) * 1e6, 0),
      probes_per_cpu_s: round((r.ok + r.failed) / r.cpu_s, 0),
      // Share of its core the exporter used, and the load generator's of core 1: which one limited.
      cpu_share: round(r.cpu_s / r.seconds, 2),
      load_generator_cpu_share: round(r.load_cpu_s / r.seconds, 2),
      peak_rss_bytes: stats.peak_rss_bytes,
      connections_per_probe: round(connections / r.total, 3),
      concurrency: PROBE_CONCURRENCY,
    };
  } finally {
    await blackbox.stop();
  }
}

pinSelf('1');
const loadAtStart = load();
const nginx = await startNginx('1');
let results;
try {
  say(`saturation, ${SATURATION_S} s each side (load average ${loadAtStart})`);
  const tocsin = await tocsinSaturation(nginx);
  say(`Tocsin ${tocsin.checks_per_s} checks/s (${tocsin.cpu_us_per_check} µs CPU each)`);
  const blackbox = await blackboxSaturation(nginx);
  say(`blackbox ${blackbox.probes_per_s} probes/s (${blackbox.cpu_us_per_probe} µs CPU each)`);
  const loadAfterSaturation = load();
  const scale = await schedulingRun(nginx.fileUrl, SCALE);
  results = { tocsin, blackbox, scale, loads: [loadAtStart, loadAfterSaturation, load()] };
} finally {
  await nginx.stop();
}
const { tocsin, blackbox, scale, loads } = results;
const missedReported = Number(scale.runner.missedTotal ?? 0);
const queuedAtStop = Number(scale.runner.queued ?? 0);
report(
  'monitors',
  {
    checks_per_s_saturation: tocsin.checks_per_s,
    lag_p50_ms: scale.lag_p50_ms,
    lag_p99_ms: scale.lag_p99_ms,
    lag_max_ms: scale.lag_max_ms,
    // Slots with no check (skipped up to the last slot started, or reported missed by the runner,
    // which may lie after it: the larger of the two), plus checks whose result was never written.
    // Slots still queued at the stop are late, not missed.
    missed_slots: Math.max(scale.skipped_slots - queuedAtStop, missedReported) + scale.lost_results,
    drift_ms: scale.drift_ms,
    rss_bytes_per_monitor: scale.rss_bytes_per_monitor,
    monitors: scale.monitors,
    missed_reported: missedReported,
    // Skipped slots the runner did not report (at least), and results lost.
    silent_misses: Math.max(0, scale.skipped_slots - missedReported - queuedAtStop) + scale.lost_results,
    lag_p99_ms_after_first_interval: scale.lag_p99_ms_after_first_interval,
    drift_max_ms: scale.drift_max_ms,
    // Checks per CPU-second: what one whole core would do, whatever share the machine gave us.
    checks_per_cpu_s_saturation: tocsin.checks_per_cpu_s,
    cpu_us_per_check_saturation: tocsin.cpu_us_per_check,
    cpu_s_per_1000_checks_scheduled: scale.cpu_s_per_1000_checks,
    cpu_s_per_1000_checks_after_first_interval: scale.cpu_s_per_1000_checks_after_first_interval,
    // Seconds the runner's main thread was ready to run but had no CPU: the machine's share of the lag.
    runner_runqueue_wait_s: round(Number(scale.runner.runqueue_wait_s), 1),
    rss_bytes_per_monitor_idle: scale.rss_bytes_per_monitor_idle,
    heap_bytes_per_monitor: scale.heap_bytes_per_monitor,
    result_bytes_per_row: scale.storage.bytes_per_row,
    list_p95_ms_first_page: scale.list.first_page.p95_ms,
    list_p95_ms_middle_page: scale.list.middle_page.p95_ms,
    restart_all_checking_ms: scale.restart.all_checking_ms,
    restart_ready_ms: scale.restart.ready_ms,
    restart_last_first_slot_after_ready_ms: scale.restart.last_first_slot_after_ready_ms,
    load_average_1m: loads,
    saturation_mode: `runCheck in a loop, ${IN_FLIGHT} in flight, one process on core 0`,
    sqlite_synchronous: 'FULL',
  },
  {
    peer: { blackbox },
    ratio: { throughput_vs_blackbox: round(tocsin.checks_per_s / blackbox.probes_per_s, 2), throughput_per_cpu_s_vs_blackbox: round(tocsin.checks_per_cpu_s / blackbox.probes_per_cpu_s, 2) },
    tocsin: { saturation: tocsin, scheduling: scale },
  },
);
process.exit(0);
