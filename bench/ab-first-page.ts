/**
 * A/B of bench:paging's first page on a shared machine whose speed drifts from minute to minute:
 * this checkout (B) and another one (A, `--base <dir>`, e.g. a `git worktree` of the last commit)
 * serve side by side, each on its own fresh database, and take one new event each in turn (the
 * order swapped every round), so that both see the same moments of the machine. Prints one JSON
 * line: each side's p50 / p99 and the median of the paired differences (B − A, negative = B faster).
 *
 *   npx tsx bench/ab-first-page.ts --base /tmp/base [--postgres | --sqlite] [--events 300]
 *
 * Not a headline figure (BENCHMARKS.md has none for it): a tool for telling whether a change to
 * the path helped when single runs vary by more than the change.
 */
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DialectName } from '../test/support/db.js';
import { percentile, round } from './lib/harness.js';
import { oneEvent, pagerDutyTrigger } from './lib/first-page.js';
import { nextRun, pageToken, startPageReceiver, type PageReceiver } from './lib/page-receiver.js';
import { startPagingWorld, type PagingWorld } from './lib/paging-world.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const BASE = arg('--base');
if (!BASE || !isAbsolute(BASE)) throw new Error('--base <absolute path of the other checkout> is required');
const DIALECT: DialectName = process.argv.includes('--sqlite') ? 'sqlite' : 'postgres';
const EVENTS = Number(arg('--events') ?? 300);
const WARMUP = 20;

const base = (await import(pathToFileURL(join(BASE, 'bench/lib/paging-world.ts')).href)) as { startPagingWorld: typeof startPagingWorld };

async function side(start: typeof startPagingWorld, rx: PageReceiver, name: string) {
  const world: PagingWorld = await start(DIALECT);
  const path = `/ab/${name}`;
  const person = await world.person(`${rx.url}${path}`);
  const svc = await world.service(`Checkout ${name}`, [{ delay_minutes: 0, user: person }]);
  const sender = { url: `${world.tocsin.url}/v2/enqueue`, path, body: pagerDutyTrigger(svc.routingKey), accepted: 202 };
  const run = nextRun();
  let n = 0;
  const one = async (): Promise<number> => {
    const sample = await oneEvent(sender, rx, pageToken(run, n++), 10_000);
    if (sample.latencyMs === null) throw new Error(`${name}: no page for ${sample.token}`);
    return sample.latencyMs;
  };
  return { world, one };
}

const rx = await startPageReceiver();
const a = await side(base.startPagingWorld, rx, 'a');
const b = await side(startPagingWorld, rx, 'b');
try {
  for (let i = 0; i < WARMUP; i++) {
    await a.one();
    await b.one();
  }
  const as: number[] = [];
  const bs: number[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    let x: number, y: number;
    if (i % 2 === 0) {
      x = await a.one();
      y = await b.one();
    } else {
      y = await b.one();
      x = await a.one();
    }
    as.push(x);
    bs.push(y);
    diffs.push(y - x);
  }
  const sorted = (v: number[]) => [...v].sort((p, q) => p - q);
  const fig = (v: number[]) => ({ p50_ms: round(percentile(sorted(v), 50)), p99_ms: round(percentile(sorted(v), 99)) });
  console.log(JSON.stringify({ bench: 'ab-first-page', dialect: DIALECT, events: EVENTS, base: BASE, a: fig(as), b: fig(bs), paired_diff_p50_ms: round(percentile(sorted(diffs), 50)) }));
} finally {
  await a.world.stop();
  await b.world.stop();
  await rx.close();
}
