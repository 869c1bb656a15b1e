/**
 * bench:ingest — PagerDuty Events v2 triggers accepted per second through `/v2/enqueue`, one event
 * per request, 90% repeats of 10,000 dedup keys and 10% new, each answered only after its
 * transaction commits (../shared/BENCHMARKS.md, row `ingest`).
 *
 * 1. Saturation on SQLite (WAL, synchronous=FULL) and on PostgreSQL: 64 connections from core 1,
 *    Tocsin on core 0; then, on SQLite, p99 at half that rate.
 * 2. The peer: Debian's Alertmanager (GOMAXPROCS=1, core 0) takes the same stream through
 *    `/api/v2/alerts`, one alert per request. Then the floor (bench/lib/floor.mjs, core 0):
 *    the least an intake can do on Node and SQLite and still answer each event after its commit.
 * 3. One key flooding (as fast as 32 connections go, past a per-key limit of 1,000 a minute) while
 *    a second key sends 10 events a second: the second key's p99.
 * 4. SIGKILL mid-run on each database: every event answered 202 must be there after the kill.
 *
 * --quick: 3 s per phase. --flood-only: step 3 alone. --saturation-only: step 1 on SQLite alone.
 * --ratios-only: step 1 on SQLite, then the peer and the floor (the ratios alone).
 * --cpu-prof: Tocsin's CPU profiles in /tmp/tocsin-bench-ingest-prof (read with bench/lib/cpu-top.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshDatabase, type DialectName } from '../test/support/db.js';
import { createToken, createUser } from '../test/support/factories.js';
import { takeStatements } from './lib/escalation-lateness.js';
import { alertmanagerAlert, dedupStream, pagerDutyEvent, postLoad, startAlertmanager } from './lib/ingest-load.js';
import { startFloor } from './lib/process.js';
import { pinSelf, QUICK, report, ROOT, round, startTocsin, type RunningTocsin } from './lib/harness.js';

const SECONDS = QUICK ? 3 : 10;
// The quiet key sends 10 a second: 30 s gives its p99 300 samples, not 100 (where one slow commit decides it).
const FLOOD_SECONDS = QUICK ? 3 : 30;
const WARMUP_S = QUICK ? 1 : 2;
const CONNECTIONS = 64;
const STATEMENTS = process.argv.includes('--statements');
const PROFILE = [
  ...(process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/tocsin-bench-ingest-prof', '--cpu-prof-interval=50'] : []),
  ...(STATEMENTS ? ['--import', new URL('./lib/statement-count.mjs', import.meta.url).pathname] : []),
];
const UNLIMITED = { TOCSIN_INTAKE_EVENTS_PER_MINUTE: '100000000', TOCSIN_MONITOR_CHECKS: 'false' };
const say = (words: string) => console.error(`ingest [${(performance.now() / 1000).toFixed(1)} s]: ${words}`);

async function api<T>(url: string, token: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A service with a PagerDuty integration key: the routing key. */
async function routingKey(tocsin: RunningTocsin, token: string, name: string): Promise<string> {
  const service = await api<{ id: string }>(tocsin.url, token, '/services', { name });
  return (await api<{ key: string }>(tocsin.url, token, `/services/${service.id}/integration-keys`, { name: 'bench', type: 'pagerduty' })).key;
}

async function withTocsin<T>(dialect: DialectName, env: Record<string, string>, fn: (t: RunningTocsin, token: string, dedupKeys: () => Promise<string[]>) => Promise<T>): Promise<T> {
  const fresh = await freshDatabase(dialect);
  try {
    const owner = await createUser(fresh.db, { role: 'owner' });
    const token = await createToken(fresh.db, owner.id);
    const tocsin = await startTocsin({ databaseUrl: fresh.url, env, nodeArgs: PROFILE });
    // Stored as `<integration key id>:<sender's key>` (repeats match per integration key): the sender's part.
    const dedupKeys = async () => (await fresh.db.kysely.selectFrom('alerts').select('dedup_key').execute()).map((r) => r.dedup_key.slice(r.dedup_key.indexOf(':') + 1));
    try {
      return await fn(tocsin, token, dedupKeys);
    } finally {
      await tocsin.stop();
    }
  } finally {
    await fresh.drop();
  }
}

async function saturation(dialect: DialectName) {
  return withTocsin(dialect, UNLIMITED, async (tocsin, token, dedupKeys) => {
    const key = await routingKey(tocsin, token, 'Checkout');
    const next = dedupStream(1);
    const url = `${tocsin.url}/v2/enqueue`;
    await postLoad({ url, body: () => pagerDutyEvent(key, next()), seconds: WARMUP_S, connections: CONNECTIONS });
    if (STATEMENTS) await takeStatements(tocsin.pid);
    const cpu0 = tocsin.stats().cpu_s;
    const full = await postLoad({ url, body: () => pagerDutyEvent(key, next()), seconds: SECONDS, connections: CONNECTIONS });
    const cpuS = tocsin.stats().cpu_s - cpu0;
    if (STATEMENTS) {
      const statements = await takeStatements(tocsin.pid);
      say(`${dialect}: statements per event ${round(statements.reduce((n, s) => n + s.calls, 0) / full.accepted, 2)}: ${JSON.stringify(statements.slice(0, 30).map((s) => ({ per_event: round(s.calls / full.accepted, 3), ms: s.ms, sql: s.sql })))}`);
    }
    say(`${dialect}: ${full.events_per_s} events/s, p99 ${full.p99_ms} ms, ${full.other} not accepted`);
    const half = await postLoad({ url, body: () => pagerDutyEvent(key, next()), seconds: SECONDS, connections: 32, rate: Math.max(1, Math.round(full.events_per_s / 2)) });
    say(`${dialect}: at ${Math.round(full.events_per_s / 2)}/s p99 ${half.p99_ms} ms`);
    const alerts = (await dedupKeys()).length;
    return { full, half, cpu_us_per_event: round((cpuS / full.accepted) * 1e6, 0), alerts_open: alerts, event_loop_p99_ms: round(await tocsin.eventLoopP99Ms()) };
  });
}

async function peer() {
  const am = await startAlertmanager('0');
  try {
    const next = dedupStream(1);
    await postLoad({ url: am.alertsUrl, body: () => alertmanagerAlert(next()), seconds: WARMUP_S, connections: CONNECTIONS });
    const full = await postLoad({ url: am.alertsUrl, body: () => alertmanagerAlert(next()), seconds: SECONDS, connections: CONNECTIONS });
    say(`alertmanager: ${full.events_per_s} alerts/s, p99 ${full.p99_ms} ms`);
    return { ...full, peak_rss_bytes: am.stats().peak_rss_bytes };
  } finally {
    await am.stop();
  }
}

/** The floor: a bare Node server that only counts or stores each event, committed before its answer. */
async function floor() {
  const server = await startFloor();
  try {
    const next = dedupStream(1);
    await postLoad({ url: server.url, body: () => pagerDutyEvent('floor', next()), seconds: WARMUP_S, connections: CONNECTIONS });
    const cpu0 = server.stats().cpu_s;
    const full = await postLoad({ url: server.url, body: () => pagerDutyEvent('floor', next()), seconds: SECONDS, connections: CONNECTIONS });
    say(`floor (bare Node, one commit per group, synchronous=FULL): ${full.events_per_s} events/s, p99 ${full.p99_ms} ms`);
    return { ...full, cpu_us_per_event: round(((server.stats().cpu_s - cpu0) / full.accepted) * 1e6, 0) };
  } finally {
    await server.stop();
  }
}

/** Runs bench/lib/steady-sender.mjs pinned to core 1 at a higher priority than this process. */
async function steadySender(url: string, bodies: string[], rate: number): Promise<{ accepted: number; other: number; p50_ms: number; p99_ms: number; max_ms: number }> {
  const child = spawn('taskset', ['-c', '1', process.execPath, join(ROOT, 'bench/lib/steady-sender.mjs'), url, String(rate)], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    setPriority(child.pid!, -5);
  } catch {
    say('could not raise the quiet sender above the flood (not root): its figure includes the generator');
  }
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(JSON.stringify(bodies));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`steady-sender exited with ${code}`);
  return JSON.parse(out.trim()) as { accepted: number; other: number; p50_ms: number; p99_ms: number; max_ms: number };
}

/** Key A floods past its limit (1,000 events a minute); key B sends 10 a second: B's latency. */
async function flood() {
  return withTocsin('sqlite', { TOCSIN_MONITOR_CHECKS: 'false', TOCSIN_INTAKE_EVENTS_PER_MINUTE: '1000' }, async (tocsin, token) => {
    const a = await routingKey(tocsin, token, 'Noisy');
    const b = await routingKey(tocsin, token, 'Quiet');
    const url = `${tocsin.url}/v2/enqueue`;
    const nextA = dedupStream(2);
    const nextB = dedupStream(3);
    // The quiet key's sender is a process of its own, ahead of this one on core 1: measured from
    // here, the flood's generator (autocannon, saturating core 1) delayed the quiet requests.
    const [noisy, quiet] = await Promise.all([
      postLoad({ url, body: () => pagerDutyEvent(a, nextA()), seconds: FLOOD_SECONDS, connections: 32 }),
      steadySender(url, Array.from({ length: FLOOD_SECONDS * 10 }, () => pagerDutyEvent(b, nextB())), 10),
    ]);
    say(`flood: noisy key ${noisy.accepted} accepted, ${noisy.other} refused; quiet key p99 ${quiet.p99_ms} ms, ${quiet.other} refused`);
    return { noisy, quiet };
  });
}

/** Sends new events from 32 loops until killed; every 202 answer's key must be stored. */
async function killRun(dialect: DialectName) {
  return withTocsin(dialect, UNLIMITED, async (tocsin, token, dedupKeys) => {
    const key = await routingKey(tocsin, token, 'Killed');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    const answered: string[] = [];
    let n = 0;
    let stop = false;
    const one = (dedup: string) =>
      new Promise<number>((resolve) => {
        const req = http.request(`${tocsin.url}/v2/enqueue`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        });
        req.on('error', () => resolve(0));
        req.end(pagerDutyEvent(key, dedup));
      });
    const loop = async () => {
      while (!stop) {
        const dedup = `kill-${n++}`;
        if ((await one(dedup)) === 202) answered.push(dedup);
      }
    };
    const loops = Array.from({ length: 32 }, loop);
    await sleep(QUICK ? 1_000 : 3_000);
    const exited = new Promise((r) => tocsin.child.once('exit', r));
    tocsin.child.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    const stored = new Set(await dedupKeys());
    const lost = answered.filter((k) => !stored.has(k)).length;
    say(`${dialect}: killed after ${answered.length} answered events; ${lost} of them lost`);
    return { answered: answered.length, sent: n, lost };
  });
}

pinSelf('1');
if (process.argv.includes('--flood-only')) {
  const alone = await flood();
  report('ingest', { other_key_p99_ms_during_flood: alone.quiet.p99_ms }, { tocsin: { flooding: alone } });
  process.exit(0);
}
const sqlite = await saturation('sqlite');
if (process.argv.includes('--saturation-only')) {
  report('ingest', { events_per_s_sqlite: sqlite.full.events_per_s, p99_ms_half_load: sqlite.half.p99_ms, cpu_us_per_event_sqlite: sqlite.cpu_us_per_event }, { tocsin: { sqlite } });
  process.exit(0);
}
/** Tocsin on SQLite against the peer; what answering after a commit allows at all on this core (the floor), and how much of it Tocsin reaches. */
const ratios = (tocsinPerS: number, alertmanagerPerS: number, floorPerS: number) => ({
  throughput_vs_alertmanager: round(tocsinPerS / alertmanagerPerS, 2),
  floor_vs_alertmanager: round(floorPerS / alertmanagerPerS, 2),
  throughput_vs_floor: round(tocsinPerS / floorPerS, 2),
});
if (process.argv.includes('--ratios-only')) {
  const [alertmanager, bare] = [await peer(), await floor()];
  const ratio = ratios(sqlite.full.events_per_s, alertmanager.events_per_s, bare.events_per_s);
  report('ingest', { events_per_s_sqlite: sqlite.full.events_per_s, cpu_us_per_event_sqlite: sqlite.cpu_us_per_event }, { peer: { alertmanager, floor: bare }, ratio });
  process.exit(0);
}
const postgres = await saturation('postgres');
const alertmanager = await peer();
const bare = await floor();
const flooding = await flood();
const killed = { sqlite: await killRun('sqlite'), postgres: await killRun('postgres') };
report(
  'ingest',
  {
    events_per_s_sqlite: sqlite.full.events_per_s,
    events_per_s_postgres: postgres.full.events_per_s,
    p99_ms_half_load: sqlite.half.p99_ms,
    p99_ms_half_load_postgres: postgres.half.p99_ms,
    p99_ms_full_load_sqlite: sqlite.full.p99_ms,
    other_key_p99_ms_during_flood: flooding.quiet.p99_ms,
    lost_after_kill: killed.sqlite.lost + killed.postgres.lost,
    answered_before_kill: killed.sqlite.answered + killed.postgres.answered,
    cpu_us_per_event_sqlite: sqlite.cpu_us_per_event,
    cpu_us_per_event_postgres: postgres.cpu_us_per_event,
    sqlite_synchronous: 'FULL',
  },
  {
    peer: { alertmanager, floor: bare },
    ratio: {
      ...ratios(sqlite.full.events_per_s, alertmanager.events_per_s, bare.events_per_s),
      throughput_vs_alertmanager_postgres: round(postgres.full.events_per_s / alertmanager.events_per_s, 2),
    },
    tocsin: { sqlite, postgres, flooding, killed },
  },
);
process.exit(0);
