/**
 * How many HTTP checks per second runCheck manages on one core: this process (the checker)
 * pinned to core 0 keeps ~200 checks in flight against a plain Node HTTP server pinned to core 1
 * (a new connection per check, closed after the answer). A first measure for the `monitors`
 * bench, not that bench itself: no scheduler, no store, no peer.
 *
 *   npx tsx bench/lib/checks-throughput.ts [--quick] [--in-flight 200] [--seconds 10] [--warmup 1] [--url URL]
 *
 * With --url it checks that URL instead of starting its own target (bench:monitors points it at
 * nginx) and also reports every check it ran, warm-up included, for the target's connection count.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runCheck } from '../../src/monitors/checks/index.js';
import type { CheckStatus, HttpSpec } from '../../src/monitors/model.js';
import { pinSelf, QUICK, report, round } from './harness.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const IN_FLIGHT = arg('--in-flight', 200);
const SECONDS = arg('--seconds', QUICK ? 3 : 10);
const WARMUP_S = arg('--warmup', 1);

const TARGET = `
  import { createServer } from 'node:http';
  const server = createServer((req, res) => res.end('ok'));
  server.keepAliveTimeout = 0;
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startTarget() {
  const i = process.argv.indexOf('--url');
  if (i >= 0) return { url: process.argv[i + 1]!, stop: () => undefined };
  const child = spawn('taskset', ['-c', '1', process.execPath, '--input-type=module', '-e', TARGET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${Number(chunk.toString().trim())}/`, stop: () => child.kill() };
}

async function main() {
  pinSelf('0');
  const target = await startTarget();
  const spec: HttpSpec = { type: 'http', url: target.url, method: 'GET', headers: {}, body: null, follow_redirects: true, expected_status: ['200'], assertions: [], degraded_after_ms: null, cert_expiry_days: null };
  const opts = { timeoutMs: 5000, now: () => Date.now() };
  const counts: Record<CheckStatus, number> = { up: 0, degraded: 0, down: 0 };
  const failures = new Map<string, number>();
  let measuring = false;
  let stopping = false;
  let total = 0;
  const worker = async () => {
    while (!stopping) {
      const outcome = await runCheck(spec, opts);
      total++;
      if (!measuring) continue;
      counts[outcome.status]++;
      if (outcome.message) failures.set(outcome.message, (failures.get(outcome.message) ?? 0) + 1);
    }
  };
  const workers = Array.from({ length: IN_FLIGHT }, worker);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  delay.disable();
  stopping = true;
  await Promise.all(workers);
  target.stop();
  const checks = counts.up + counts.degraded + counts.down;
  report('checks-throughput', {
    checks_per_s: round(checks / seconds, 0),
    cpu_us_per_check: round((cpu.user + cpu.system) / checks, 0),
    event_loop_p99_ms: round(delay.percentile(99) / 1e6),
    in_flight: IN_FLIGHT,
    seconds: round(seconds, 1),
    total_checks: total,
    peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    ...counts,
  }, { failures: Object.fromEntries(failures) });
}

await main();
