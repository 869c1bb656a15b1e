/**
 * The bench harness every script in bench/ shares (../shared/BENCHMARKS.md): pinning, process
 * readings (CPU seconds, peak RSS, event-loop delay), starting and stopping Tocsin, the one
 * JSON line printed last.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/net.js';
import { startPinned, type RunningProcess } from './process.js';

export { procStats, type ProcStats } from './process.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const QUICK = process.argv.includes('--quick');

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


export interface RunningTocsin extends RunningProcess {
  url: string;
  /** Event-loop delay p99 (ms) since the previous call, from Tocsin's own /metrics. */
  eventLoopP99Ms(): Promise<number>;
}

/** Builds if needed, then starts `tocsin serve` pinned to one core and waits until ready. */
export async function startTocsin(opts: { databaseUrl: string; cpu?: string; env?: Record<string, string>; /** e.g. --cpu-prof flags */ nodeArgs?: string[] }): Promise<RunningTocsin> {
  spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startPinned({
    name: 'tocsin',
    command: process.execPath,
    args: [...(opts.nodeArgs ?? []), join(ROOT, 'bin/tocsin.js'), 'serve'],
    cpu: opts.cpu ?? '0',
    cwd: ROOT,
    env: { TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1', TOCSIN_DATABASE_URL: opts.databaseUrl, TOCSIN_LOG_LEVEL: 'warn', ...opts.env },
    readyUrl: `${url}/readyz`,
  });
  const eventLoopP99Ms = async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const m = /^tocsin_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text);
    return m ? Number(m[1]) * 1000 : NaN;
  };
  await eventLoopP99Ms(); // resets the window
  return { ...proc, url, eventLoopP99Ms };
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
