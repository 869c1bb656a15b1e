import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Harness } from './harness.js';
import { TOCSIN } from './cli-entry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the race tests read of an answer, from app.inject or from fetch alike. */
export interface Reply {
  statusCode: number;
  body: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- as LightMyRequest's
}

export interface Instance {
  /** http://127.0.0.1:<port>, for clients of its own (a probe). */
  url: string;
  call(method: string, url: string, opts?: { token?: string; body?: unknown }): Promise<Reply>;
  close(): Promise<void>;
  /** SIGKILL: the instance dies without a word (no lease released, no worker row removed). */
  kill(): Promise<void>;
  /** What it logged so far. */
  log(): string;
}

/**
 * Another `tocsin serve` on the harness's database, in its own process (its own connections,
 * its own event loop): what concurrency between two instances really is. On SQLite a second
 * handle in the same process could not wait for the first, whose driver blocks the thread.
 */
export async function secondInstance(h: Harness, extraEnv: Record<string, string> = {}): Promise<Instance> {
  // The instance picks its own free port (TOCSIN_PORT=0) and says which when it serves: a port
  // picked here and handed over could be taken meanwhile by another test file's server, whose
  // /readyz then answered for an instance that had exited with "port in use" (a flaky failure
  // of the two-instance tests). A given TOCSIN_PORT is kept: a restarted instance answers where
  // the old one did. Logged at info for that line.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TOCSIN_')) env[k] = v;
  Object.assign(env, { TOCSIN_DATABASE_URL: h.url, TOCSIN_PORT: '0', TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'info', ...extraEnv });
  const child = spawn(process.execPath, [...TOCSIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  // An instance that dies unasked says so in its log (a test then reads why, not a timeout).
  child.once('exit', (code, signal) => (log += `\n[the instance exited: code ${code}, signal ${signal}]\n`));
  const stop = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  let port: string | undefined;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`second instance exited: ${log}`);
    port = /Tocsin is serving on http:\/\/localhost:(\d+)/.exec(log)?.[1];
    if (port && (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) break;
    if (i > 300) throw new Error(`second instance not ready: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    async call(method, url, o = {}) {
      const res = await fetch(base + url, {
        method,
        headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
      });
      const body = await res.text();
      return { statusCode: res.status, body, json: () => JSON.parse(body) };
    },
    close: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
    log: () => log,
  };
}
