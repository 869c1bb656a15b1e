/**
 * bench:paging — how fast a new problem reaches a person, and how punctually escalation steps
 * fire (../shared/BENCHMARKS.md, row `paging`; issue 10 item 9).
 *
 * 1. First page: a PagerDuty Events v2 trigger with a new dedup key goes to `/v2/enqueue` of a
 *    real `tocsin serve` (core 0); its service's policy pages, at tier 1, a person whose verified
 *    chat method (Mattermost format) points at a local receiver (core 1, this process). Time from
 *    just before the request to the page request's arrival: 200 events one at a time, then 8
 *    loops of 40.
 *    Tocsin commits the alert, incident, escalation, page and outbox row first (SQLite WAL,
 *    synchronous=FULL; PostgreSQL as installed), then hands the page to the chat provider.
 * 2. The peer, in the same run: Debian's Alertmanager (GOMAXPROCS=1, core 0), group_wait 0, each
 *    alert its own group, a webhook receiver on the same local server; the same events to
 *    `/api/v2/alerts`. Then the floor (lib/floor.mjs, core 0): a bare Node server that commits the
 *    alert and its page and sends the page the moment the commit is done; how near committing
 *    first can come to Alertmanager at all.
 * 3. Escalation lateness: 1,000 incidents declared through the API, their tier-2 steps (1 minute)
 *    then put due within one second (lib/escalation-lateness.ts); step fire time and page arrival
 *    minus due time.
 *
 * Both Tocsin phases on SQLite, then on PostgreSQL: about 3 minutes, two of them the one-minute
 * waits. --quick: fewer events, 200 incidents due 4 s after their declaration instead of a
 * minute; about 50 s, most of it two builds of Tocsin and two database set-ups.
 * --lateness-only: phase 3 alone (--sqlite-only / --postgres-only: one database); --first-only:
 * phases 1 and 2 alone;
 * --statements: with Tocsin's SQL statements per fired step; --cpu-prof: Tocsin's CPU profiles.
 */
import { loadavg } from 'node:os';
import { escalationLateness, takeStatements, type LatenessFigures } from './lib/escalation-lateness.js';
import { firstPageStages } from './lib/first-page-stages.js';
import { alertmanagerTrigger, alertmanagerWebhookConfig, firstPage, pagerDutyTrigger, type FirstPagePlan } from './lib/first-page.js';
import { pinSelf, QUICK, report, round } from './lib/harness.js';
import { startAlertmanager } from './lib/ingest-load.js';
import { startPageReceiver, type PageReceiver } from './lib/page-receiver.js';
import { startFloor } from './lib/process.js';
import { startPagingWorld, type PagingWorld } from './lib/paging-world.js';
import type { DialectName } from '../test/support/db.js';

// --gap-ms N: a pause between the one-at-a-time events (both Tocsin and the peer): a new problem
// on a server that is not still recording the previous page's send. The headline runs none.
const GAP_ARG = process.argv.indexOf('--gap-ms');
const GAP_MS = GAP_ARG > 0 ? Math.max(0, Number(process.argv[GAP_ARG + 1]) || 0) : 0;
const PLAN: FirstPagePlan = {
  ...(QUICK ? { warmup: 10, sequential: 60, concurrency: 4, perLoop: 15, timeoutMs: 5_000 } : { warmup: 20, sequential: 200, concurrency: 8, perLoop: 40, timeoutMs: 10_000 }),
  gapMs: GAP_MS,
};
const INCIDENTS = QUICK ? 200 : 1_000;
const DECLARE_CONNECTIONS = 16;
const say = (words: string) => console.error(`paging [${(performance.now() / 1000).toFixed(1)} s]: ${words}`);
const PROFILE = process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/tocsin-bench-paging-prof', '--cpu-prof-interval=50'] : [];
// --statements: Tocsin counts its SQL statements by shape (lib/statement-count.mjs); the lateness
// figures then include the statements per fired step and the commonest shapes.
const STATEMENTS = process.argv.includes('--statements');
const STATEMENT_ARGS = STATEMENTS ? ['--import', new URL('./lib/statement-count.mjs', import.meta.url).pathname] : [];
// --lateness-only: the escalation lateness on both databases, without the first page or the peer
// (about 1.5 minutes); --sqlite-only / --postgres-only narrow the databases.
const LATENESS_ONLY = process.argv.includes('--lateness-only');
// --first-only: the first page on both databases and Alertmanager's, without the escalation
// phase (about 40 s; its figures are then absent from the JSON line).
const FIRST_ONLY = process.argv.includes('--first-only');
const DIALECTS: DialectName[] = process.argv.includes('--sqlite-only') ? ['sqlite'] : process.argv.includes('--postgres-only') ? ['postgres'] : ['sqlite', 'postgres'];

async function latenessRun(world: PagingWorld, rx: PageReceiver): Promise<LatenessFigures> {
  const lateness = await escalationLateness(world, rx, { incidents: INCIDENTS, connections: DECLARE_CONNECTIONS, quick: QUICK, statements: STATEMENTS });
  say(`${world.dialect}: ${lateness.fired} tier-2 steps (due over ${lateness.due_span_ms} ms): late p50 ${lateness.late_p50_ms} ms, p99 ${lateness.late_p99_ms} ms, min ${lateness.late_min_ms} ms; pages received p99 ${lateness.received_late_p99_ms} ms after due; CPU ${lateness.cpu_us_per_step} µs per step${lateness.statements_per_step === undefined ? '' : `, ${lateness.statements_per_step} statements per step`}`);
  return lateness;
}

async function latenessOnly(dialect: DialectName, rx: PageReceiver) {
  const world = await startPagingWorld(dialect, [...PROFILE, ...STATEMENT_ARGS]);
  try {
    const lateness = await latenessRun(world, rx);
    return { lateness, lateness_event_loop_p99_ms: round(await world.tocsin.eventLoopP99Ms()), ...world.tocsin.stats() };
  } finally {
    await world.stop();
  }
}

async function tocsinRun(dialect: DialectName, rx: PageReceiver) {
  const world = await startPagingWorld(dialect, [...PROFILE, ...STATEMENT_ARGS]);
  try {
    const path = `/first/${dialect}`;
    const person = await world.person(`${rx.url}${path}`);
    const svc = await world.service(`Checkout ${dialect}`, [{ delay_minutes: 0, user: person }]);
    const cpu0 = world.tocsin.stats().cpu_s;
    if (STATEMENTS) await takeStatements(world.tocsin.pid);
    const first = await firstPage({ url: `${world.tocsin.url}/v2/enqueue`, path, body: pagerDutyTrigger(svc.routingKey), accepted: 202 }, rx, PLAN);
    const events = PLAN.warmup + PLAN.sequential + PLAN.concurrency * PLAN.perLoop;
    const firstCpuUs = round(((world.tocsin.stats().cpu_s - cpu0) / events) * 1e6, 0);
    const statements = STATEMENTS ? await takeStatements(world.tocsin.pid) : null;
    if (statements) say(`${dialect}: first page, statements per event ${round(statements.reduce((n, s) => n + s.calls, 0) / events, 1)}: ${JSON.stringify(statements.slice(0, 40).map((s) => ({ per_event: round(s.calls / events, 2), ms: s.ms, sql: s.sql })))}`);
    const firstLoopP99 = round(await world.tocsin.eventLoopP99Ms());
    const stages = { sequential: await firstPageStages(world.fresh.db, first.samples.sequential), concurrent: await firstPageStages(world.fresh.db, first.samples.concurrent) };
    say(`${dialect}: where the time goes (p50/p99 ms, one at a time): ${JSON.stringify(stages.sequential)}`);
    say(`${dialect}: first page p50 ${first.sequential.p50_ms} ms, p99 ${first.sequential.p99_ms} ms; ${PLAN.concurrency} at once: p50 ${first.concurrent.p50_ms}, p99 ${first.concurrent.p99_ms} ms`);
    const lateness = FIRST_ONLY ? null : await latenessRun(world, rx);
    const stats = world.tocsin.stats();
    return { first: { sequential: first.sequential, concurrent: first.concurrent, stages }, first_cpu_us_per_event: firstCpuUs, first_event_loop_p99_ms: firstLoopP99, lateness, cpu_s: stats.cpu_s, peak_rss_bytes: stats.peak_rss_bytes, lateness_event_loop_p99_ms: round(await world.tocsin.eventLoopP99Ms()) };
  } finally {
    await world.stop();
  }
}

async function peerRun(rx: PageReceiver) {
  const path = '/alertmanager';
  const am = await startAlertmanager('0', alertmanagerWebhookConfig(`${rx.url}${path}`));
  try {
    const first = await firstPage({ url: am.alertsUrl, path, body: alertmanagerTrigger, accepted: 200 }, rx, PLAN);
    say(`alertmanager: first page p50 ${first.sequential.p50_ms} ms, p99 ${first.sequential.p99_ms} ms; ${PLAN.concurrency} at once: p50 ${first.concurrent.p50_ms}, p99 ${first.concurrent.p99_ms} ms`);
    return { sequential: first.sequential, concurrent: first.concurrent, ...am.stats() };
  } finally {
    await am.stop();
  }
}

/** The floor (bench/lib/floor.mjs): the page sent the moment the commit that stored it is done. */
async function floorRun(rx: PageReceiver) {
  const path = '/floor';
  const floor = await startFloor(`${rx.url}${path}`);
  try {
    const first = await firstPage({ url: floor.url, path, body: pagerDutyTrigger('floor'), accepted: 202 }, rx, PLAN);
    say(`floor (bare Node, committed then sent): first page p50 ${first.sequential.p50_ms} ms, p99 ${first.sequential.p99_ms} ms; ${PLAN.concurrency} at once: p50 ${first.concurrent.p50_ms}, p99 ${first.concurrent.p99_ms} ms`);
    return { sequential: first.sequential, concurrent: first.concurrent, ...floor.stats() };
  } finally {
    await floor.stop();
  }
}

pinSelf('1');
// The machine is shared: the load says how far to trust the figures.
const loadBefore = round(loadavg()[0]!);
const rx = await startPageReceiver();
if (LATENESS_ONLY) {
  const runs: Partial<Record<DialectName, Awaited<ReturnType<typeof latenessOnly>>>> = {};
  for (const d of DIALECTS) runs[d] = await latenessOnly(d, rx);
  await rx.close();
  const all = Object.values(runs);
  report(
    'paging',
    {
      ...(runs.sqlite ? { escalation_late_p50_ms: runs.sqlite.lateness.late_p50_ms, escalation_late_p99_ms: runs.sqlite.lateness.late_p99_ms } : {}),
      ...(runs.postgres ? { escalation_late_p50_ms_postgres: runs.postgres.lateness.late_p50_ms, escalation_late_p99_ms_postgres: runs.postgres.lateness.late_p99_ms } : {}),
      early_fires: all.reduce((n, r) => n + r.lateness.early_fires + r.lateness.early_pages, 0),
      escalation_steps: INCIDENTS,
      escalation_steps_missing: all.reduce((n, r) => n + INCIDENTS - r.lateness.fired, 0),
      sqlite_synchronous: 'FULL',
      lateness_only: true,
    },
    { tocsin: runs, load_average: { before: loadBefore, after: round(loadavg()[0]!) } },
  );
  process.exit(0);
}
const alertmanager = await peerRun(rx);
const floor = await floorRun(rx);
const sqlite = await tocsinRun('sqlite', rx);
const postgres = await tocsinRun('postgres', rx);
await rx.close();
const ratio = (ours: number, theirs: number) => round(ours / theirs, 2);
report(
  'paging',
  {
    first_page_p50_ms: sqlite.first.sequential.p50_ms,
    first_page_p99_ms: sqlite.first.sequential.p99_ms,
    first_page_p50_ms_postgres: postgres.first.sequential.p50_ms,
    first_page_p99_ms_postgres: postgres.first.sequential.p99_ms,
    first_page_concurrent_p50_ms: sqlite.first.concurrent.p50_ms,
    first_page_concurrent_p99_ms: sqlite.first.concurrent.p99_ms,
    first_page_concurrent_p50_ms_postgres: postgres.first.concurrent.p50_ms,
    first_page_concurrent_p99_ms_postgres: postgres.first.concurrent.p99_ms,
    first_page_missing: sqlite.first.sequential.missing + sqlite.first.concurrent.missing + postgres.first.sequential.missing + postgres.first.concurrent.missing,
    ...(sqlite.lateness && postgres.lateness
      ? {
          escalation_late_p50_ms: sqlite.lateness.late_p50_ms,
          escalation_late_p99_ms: sqlite.lateness.late_p99_ms,
          escalation_late_p50_ms_postgres: postgres.lateness.late_p50_ms,
          escalation_late_p99_ms_postgres: postgres.lateness.late_p99_ms,
          early_fires: sqlite.lateness.early_fires + postgres.lateness.early_fires + sqlite.lateness.early_pages + postgres.lateness.early_pages,
          escalation_steps: INCIDENTS,
          escalation_steps_missing: 2 * INCIDENTS - sqlite.lateness.fired - postgres.lateness.fired,
        }
      : { first_only: true }),
    sqlite_synchronous: 'FULL',
    gap_ms_between_events: GAP_MS,
    channel: 'chat (Mattermost incoming-webhook format)',
  },
  {
    peer: { alertmanager, floor },
    ratio: {
      // How near committing before paging can come to Alertmanager at all, and Tocsin to that.
      floor_p99_vs_alertmanager: ratio(floor.sequential.p99_ms, alertmanager.sequential.p99_ms),
      first_page_p99_vs_floor: ratio(sqlite.first.sequential.p99_ms, floor.sequential.p99_ms),
      first_page_p99_vs_alertmanager: ratio(sqlite.first.sequential.p99_ms, alertmanager.sequential.p99_ms),
      first_page_p50_vs_alertmanager: ratio(sqlite.first.sequential.p50_ms, alertmanager.sequential.p50_ms),
      first_page_p99_vs_alertmanager_postgres: ratio(postgres.first.sequential.p99_ms, alertmanager.sequential.p99_ms),
      first_page_concurrent_p99_vs_alertmanager: ratio(sqlite.first.concurrent.p99_ms, alertmanager.concurrent.p99_ms),
    },
    tocsin: { sqlite, postgres },
    load_average: { before: loadBefore, after: round(loadavg()[0]!) },
  },
);
process.exit(0);
