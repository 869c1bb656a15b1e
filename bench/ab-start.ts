/**
 * A/B of `tocsin serve`'s start on a shared machine whose speed drifts: this checkout (B) and
 * another one (A, `--base <dir>`, e.g. a `git worktree` of the last commit, built with
 * `node scripts/build.mjs --server`) start in turn, the order swapped every round, each on the
 * same already migrated SQLite database, timed from the spawn to the first 200 from `/readyz`.
 * Prints one JSON line: each side's median and every start.
 *
 *   npx tsx bench/ab-start.ts --base /tmp/base [--starts 10]
 *
 * Not a headline figure (BENCHMARKS.md has none for it): a tool for telling whether a change to
 * the start helped when single starts vary by more than the change.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/net.js';
import { percentile } from './lib/harness.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const BASE = arg('--base');
if (!BASE || !isAbsolute(BASE)) throw new Error('--base <absolute path of the other checkout> is required');
const STARTS = Number(arg('--starts') ?? 10);
const HERE = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-ab-start-'));
const databaseUrl = `sqlite:${join(dir, 'tocsin.db')}`;

/** Milliseconds from the spawn of `tocsin serve` in `checkout` until it is ready; then stops it. */
async function start(checkout: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const env = { ...process.env, TOCSIN_DATABASE_URL: databaseUrl, TOCSIN_PORT: String(port), TOCSIN_HOST: '127.0.0.1', TOCSIN_LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['bin/tocsin.js', 'serve'], { cwd: checkout, env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tocsin serve in ${checkout} exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

try {
  await start(HERE); // migrates the database, so every timed start finds it ready
  const times: Record<'a' | 'b', number[]> = { a: [], b: [] };
  for (let i = 0; i < STARTS; i++) {
    for (const side of i % 2 ? (['a', 'b'] as const) : (['b', 'a'] as const)) times[side].push(await start(side === 'a' ? BASE : HERE));
  }
  const median = (xs: number[]) => Math.round(percentile([...xs].sort((x, y) => x - y), 50));
  console.log(JSON.stringify({ bench: 'ab-start', starts: STARTS, a_median_ms: median(times.a), b_median_ms: median(times.b), a_ms: times.a.map(Math.round), b_ms: times.b.map(Math.round) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
