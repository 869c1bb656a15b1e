import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A test script run as its own process (`node --import tsx`), its stdout kept as lines. */
export interface TestProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `script args...` and resolves once it prints `ready`. */
export async function startProcess(script: string, args: string[]): Promise<TestProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const ready = waitFor(`${script} ready`, async () => (lines.some((l) => l.startsWith('ready')) ? true : undefined), 20_000);
  const died = exited.then(() => Promise.reject(new Error(`${script} exited before it was ready: ${stderr}`)));
  await Promise.race([ready, died]);
  return { child, lines, exited, stop };
}

/** Polls `probe` until it returns a value (not undefined). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
