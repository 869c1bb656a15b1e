/**
 * The bench harness every script in bench/ shares (../shared/BENCHMARKS.md): pinning, process
 * readings (CPU seconds, peak RSS, event-loop delay), starting and stopping Tocsin, the one
 * JSON line printed last.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/net.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const QUICK = process.argv.includes('--quick');
const CLK_TCK = 100;

export function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

/** Pins this process (every thread) to a core: the load generator's side. */
export function pinSelf(cpu: string): void {
  spawnSync('taskset', ['-a', '-p', '-c', cpu, String(process.pid)], { stdio: 'ignore' });
}


export interface ProcStats {
  cpu_s: number;
  peak_rss_bytes: number;
}

/** utime+stime and VmHWM of a live process, from /proc. */
export function procStats(pid: number): ProcStats {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu_s: cpu, peak_rss_bytes: hwm ? Number(hwm[1]) * 1024 : 0 };
}

export interface RunningTocsin {
  url: string;
  pid: number;
  child: ChildProcess;
  stats(): ProcStats;
  /** Event-loop delay p99 (ms) since the previous call, from Tocsin's own /metrics. */
  eventLoopP99Ms(): Promise<number>;
  stop(): Promise<void>;
}

/** Builds if needed, then starts `tocsin serve` pinned to one core and waits until ready. */
export async function startTocsin(opts: { databaseUrl: string; cpu?: string; env?: Record<string, string> }): Promise<RunningTocsin> {
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const port = await freePort();
  const child = spawn('taskset', ['-c', opts.cpu ?? '0', process.execPath, join(ROOT, 'bin/tocsin.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1', TOCSIN_DATABASE_URL: opts.databaseUrl, TOCSIN_LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tocsin exited with ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('tocsin was not ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  const eventLoopP99Ms = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const m = /^tocsin_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
    return m ? Number(m[1]) * 1000 : NaN;
  };
  await eventLoopP99Ms(); // resets the window
  return {
    url,
    pid,
    child,
    stats: () => procStats(pid),
    eventLoopP99Ms,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The one JSON line every bench prints last. */
export function report(bench: string, figures: Record<string, unknown>, extra: { peer?: Record<string, unknown>; ratio?: Record<string, unknown>; [k: string]: unknown } = {}): void {
  const { peer = {}, ratio = {}, ...rest } = extra;
  console.log(JSON.stringify({ bench, sha: gitSha(), node: process.version, quick: QUICK, figures, peer, ratio, ...rest }));
}
