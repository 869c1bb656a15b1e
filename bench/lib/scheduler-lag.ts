/**
 * Real-time check of the check scheduler (a quick script, not a test): N monitors every
 * interval, each check a random 1–20 ms timer, results through a ResultBuffer, for S seconds.
 * Prints lag (start minus due) p50/p99/max over the whole run and as stats() sees it, missed
 * slots, CPU (process.cpuUsage) and memory per monitor (heap and RSS, after gc).
 *
 *   taskset -c 0 node --expose-gc --import tsx bench/lib/scheduler-lag.ts [monitors] [seconds] [intervalMs]
 *
 * Defaults: 20,000 monitors, 60 s, 30,000 ms (667 checks/s).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckOutcome } from '../../src/monitors/model.js';
import { ResultBuffer } from '../../src/monitors/result-buffer.js';
import { CheckScheduler, type Scheduled } from '../../src/monitors/scheduler.js';

const [monitors = 20_000, seconds = 60, intervalMs = 30_000] = process.argv.slice(2).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;

function memory() {
  for (let i = 0; i < 4; i++) gc?.(); // a few rounds: weak caches and old-space leftovers go too
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

const perMonitor = (a: { heap: number; rss: number }, b: { heap: number; rss: number }) => ({
  heap_bytes: Math.round((b.heap - a.heap) / monitors),
  rss_bytes: Math.round((b.rss - a.rss) / monitors),
});

function percentiles(xs: Float64Array) {
  const s = xs.slice().sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: s[s.length - 1] ?? 0, n: s.length };
}

/** Time this (main) thread spent runnable but waiting for a CPU, ns: other processes' share of the lag. */
const runqueueWaitNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1] ?? 0);

const up = (ms: number): CheckOutcome => ({ status: 'up', latency_ms: ms, failure: null, message: null });
/** The stand-in for a network check: answers after 1–20 ms, or at once when aborted. */
const fakeCheck = (signal: AbortSignal) =>
  new Promise<CheckOutcome>((resolve) => {
    const ms = 1 + Math.floor(Math.random() * 20);
    const t = setTimeout(() => resolve(up(ms)), ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve(up(ms))), { once: true });
  });

const lag = new Float64Array(Math.ceil((monitors * seconds * 1000) / intervalMs) + monitors);
const before = memory();
// Like the store would hand them over: an id and a small spec per monitor, as flat strings (a
// database driver makes flat strings; randomUUID's and template literals are ropes, which the
// scheduler's Map would flatten, and that saving would hide the scheduler's own cost).
const flat = (s: string) => Buffer.from(s).toString('latin1');
const items: Scheduled[] = Array.from({ length: monitors }, (_, i) => ({
  key: flat(randomUUID()),
  intervalMs,
  timeoutMs: 10_000,
  spec: { type: 'http', url: flat(`https://example.com/health/${i}`), method: 'GET' },
}));
const withItems = memory();

let lagCount = 0;
let missed = 0;
let written = 0;
const buffer = new ResultBuffer<{ key: string; at: number; outcome: CheckOutcome }>({
  flush: async (batch) => {
    await sleep(2); // a database round trip
    written += batch.length;
  },
  maxBatch: 500,
  maxDelayMs: 1000,
  onError: (err) => console.error('result buffer:', err),
});
const scheduler = new CheckScheduler({
  now: Date.now,
  run: (_item, signal) => fakeCheck(signal),
  onResult: (item, slot, outcome) => {
    if (lagCount < lag.length) lag[lagCount++] = slot.startedAt - slot.dueAt;
    buffer.push({ key: item.key, at: slot.startedAt, outcome });
  },
  onMissed: () => void missed++,
  maxInFlight: 100,
});
for (const item of items) scheduler.upsert(item);
scheduler.start();
const withScheduler = memory();

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const cpu0 = process.cpuUsage();
const wait0 = runqueueWaitNs();
const t0 = performance.now();
await sleep(seconds * 1000);
const cpu = process.cpuUsage(cpu0);
const waitMs = (runqueueWaitNs() - wait0) / 1e6;
const wallMs = performance.now() - t0;
loop.disable();
const stats = scheduler.stats();
const during = memory();
await scheduler.stop();
await buffer.close();

console.log(
  JSON.stringify(
    {
      monitors,
      interval_ms: intervalMs,
      seconds,
      checks_per_s: Math.round((monitors * 1000) / intervalMs),
      started: stats.started,
      completed: stats.completed,
      written,
      missed,
      lag_ms_whole_run: percentiles(lag.subarray(0, lagCount)),
      lag_ms_stats: stats.lag,
      behind: stats.behind,
      event_loop_delay_ms: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      runqueue_wait_ms: Math.round(waitMs),
      cpu_percent_of_one_core: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
      memory_per_monitor: {
        gc: gc !== undefined,
        items: perMonitor(before, withItems),
        scheduler: perMonitor(withItems, withScheduler),
        total_while_running: perMonitor(before, during),
      },
      rss_mb: Math.round(during.rss / 1e6),
    },
    null,
    2,
  ),
);
