/**
 * Processes a bench starts, Tocsin's or a peer's (Alertmanager, blackbox exporter, nginx):
 * pinned to a core, ready when a URL answers, measured from /proc, stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/net.js';

const CLK_TCK = 100;

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


export interface RunningProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  stats(): ProcStats;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args?: string[];
  /** The core to pin it to (`taskset -c`); BENCHMARKS.md gives Tocsin and peers core 0. */
  cpu?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Polled until it answers 2xx; omit for processes that need no waiting. */
  readyUrl?: string;
  readyTimeoutMs?: number;
}

export async function startPinned(o: StartOptions): Promise<RunningProcess> {
  const child = spawn('taskset', ['-c', o.cpu ?? '0', o.command, ...(o.args ?? [])], {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  if (o.readyUrl) {
    const deadline = Date.now() + (o.readyTimeoutMs ?? 30_000);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${o.name} exited with ${child.exitCode} before it was ready`);
      const ok = await fetch(o.readyUrl).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${o.name} was not ready at ${o.readyUrl} within ${(o.readyTimeoutMs ?? 30_000) / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const pid = child.pid!;
  return { name: o.name, pid, child, stats: () => procStats(pid), stop };
}

/** Installs Debian packages a peer needs when they are missing (the bench rules allow it). */
export function ensureDebianPackages(...packages: string[]): void {
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`could not install ${missing.join(', ')}`);
}

/**
 * The floor (bench/lib/floor.mjs) on core 0, on a database of its own: events to `url`; with
 * `pageUrl`, each new alert's page goes there once its commit is done.
 */
export async function startFloor(pageUrl?: string): Promise<RunningProcess & { url: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-floor-'));
  const port = await freePort();
  const args = [new URL('./floor.mjs', import.meta.url).pathname, join(dir, 'floor.db'), String(port), ...(pageUrl ? [pageUrl] : [])];
  const proc = await startPinned({ name: 'floor', command: process.execPath, args, cpu: '0', readyUrl: `http://127.0.0.1:${port}/ready` });
  return {
    ...proc,
    url: `http://127.0.0.1:${port}/v2/enqueue`,
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
