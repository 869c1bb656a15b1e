/**
 * Preloaded into `tocsin serve` by `bench:paging -- --statements` (node --import): counts every
 * SQL statement the process runs, by shape, at the drivers (pg's Client.query, better-sqlite3's
 * Statement; on SQLite also the time each shape took, as its calls block the process). SIGUSR2
 * writes the counts since the previous signal to
 * $TOCSIN_BENCH_STATEMENTS_FILE and starts afresh, so a bench can bracket one phase.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/package.json`);
const shapes = new Map();
const count = (text, ms = 0) => {
  const key = String(text).replace(/\$\d+/g, '?').replace(/\(\?(, \?)+\)/g, '(…)').replace(/(\(…\), )+\(…\)/g, '(…), …').replace(/\s+/g, ' ').slice(0, 140);
  const s = shapes.get(key) ?? { calls: 0, ms: 0 };
  s.calls++;
  s.ms += ms;
  shapes.set(key, s);
};

const pg = require('pg');
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(...args) {
  const a = args[0];
  count(typeof a === 'string' ? a : (a?.text ?? ''));
  return query.apply(this, args);
};

const Sqlite = require('better-sqlite3');
const probe = new Sqlite(':memory:');
const proto = Object.getPrototypeOf(probe.prepare('select 1'));
probe.close();
for (const m of ['run', 'all', 'get', 'iterate']) {
  const original = proto[m];
  proto[m] = function counted(...args) {
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      count(this.source, performance.now() - t0);
    }
  };
}

process.on('SIGUSR2', () => {
  const out = [...shapes].sort((a, b) => b[1].calls - a[1].calls).map(([sql, s]) => ({ calls: s.calls, ms: Math.round(s.ms), sql }));
  shapes.clear();
  if (process.env.TOCSIN_BENCH_STATEMENTS_FILE) writeFileSync(process.env.TOCSIN_BENCH_STATEMENTS_FILE, JSON.stringify(out));
});
