import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './bundle.js';
import { freePort } from './net.js';

// The storm's Tocsin servers: real processes (test/support/storm-server.ts, bundled once so a
// restart costs a node start, not a TypeScript compile), started on a clock offset, SIGKILLed.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, '.tmp', 'storm-server.mjs');
let built: Promise<unknown> | null = null;

/** Bundles the storm server once per process (esbuild, well under a second). */
export function buildStormServer(): Promise<unknown> {
  built ??= bundleForNode(join(ROOT, 'test/support/storm-server.ts'), BUNDLE);
  return built;
}

export interface StormServer {
  url: string;
  pid: number;
  /** When it was spawned, real time: what happens after belongs to this life. */
  spawnedAt: number;
  /** When it answered /readyz: real time (Date.now()) and its own clock's time. */
  readyAt: number;
  readyClock: number;
  offsetMs: number;
  kill(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export interface ServerOptions {
  env: Record<string, string>;
  offsetMs: number;
  /** `taskset -c <cpu>` (the bench pins Tocsin to core 0). */
  cpu?: string;
}

function stopper(child: ChildProcess): (signal: NodeJS.Signals) => Promise<void> {
  return (signal) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      // A clean stop that hangs must not hang the storm: SIGKILL after 10 s.
      const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(signal);
    });
}

/** Starts one server on the given database and clock offset; resolves once /readyz answers. */
export async function startStormServer(o: ServerOptions): Promise<StormServer> {
  await buildStormServer();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOCSIN_')) env[k] = v;
  Object.assign(env, { TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'error', ...o.env });
  const args = [BUNDLE, String(o.offsetMs)];
  const spawnedAt = Date.now();
  // taskset execs node, so the pid is node's and SIGKILL reaches the server itself.
  const child = o.cpu ? spawn('taskset', ['-c', o.cpu, process.execPath, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`storm server exited: ${log}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
    if (i > 1500) {
      await stop('SIGKILL');
      throw new Error(`storm server not ready in 30 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyAt = Date.now();
  return { url, pid: child.pid!, spawnedAt, readyAt, readyClock: readyAt + o.offsetMs, offsetMs: o.offsetMs, kill: () => stop('SIGKILL'), stop: () => stop('SIGTERM'), log: () => log };
}
