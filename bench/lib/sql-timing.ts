/**
 * Time spent in each SQL statement of a process on better-sqlite3 (Node 20's SQLite driver):
 * wraps the driver's Statement methods, so a bench can say which statements its CPU goes to.
 * Statements are grouped by their text with `?` lists folded ("in (?, ?, …)" → "in (…)").
 */
import { createRequire } from 'node:module';

interface Timing {
  calls: number;
  ms: number;
}

const timings = new Map<string, Timing>();
let enabled = false;

const shape = (source: string): string => source.replace(/\(\?(, \?)+\)/g, '(…)').replace(/(\(…\), )+\(…\)/g, '(…), …').replace(/\s+/g, ' ').slice(0, 160);

/**
 * Wraps every statement better-sqlite3 runs (its Statement's run, all, get, iterate) in
 * `around(source, run)`, which must call `run` and return its result: timing, counting.
 */
export function aroundSqliteStatements(around: (source: string, run: () => unknown) => unknown): void {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => { prepare(sql: string): object; close(): void };
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate'] as const) {
    const original = proto[method]!;
    proto[method] = function wrapped(this: { source: string }, ...args: unknown[]) {
      return around(this.source, () => original.apply(this, args));
    };
  }
}

/** Starts timing every statement run from now on (idempotent). */
export function timeSqlStatements(): void {
  if (enabled) return;
  enabled = true;
  aroundSqliteStatements((source, run) => {
    const t0 = performance.now();
    try {
      return run();
    } finally {
      const key = shape(source);
      const t = timings.get(key) ?? { calls: 0, ms: 0 };
      t.calls++;
      t.ms += performance.now() - t0;
      timings.set(key, t);
    }
  });
}

/** The statements by total time, most first, and forgets them (the next call starts afresh). */
export function takeSqlTimings(top = 15): { sql: string; calls: number; ms: number; us_each: number }[] {
  const out = [...timings.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([sql, t]) => ({ sql, calls: t.calls, ms: Math.round(t.ms), us_each: Math.round((t.ms / t.calls) * 1000) }));
  timings.clear();
  return out;
}
