/**
 * bench:paging's escalation figure: N incidents declared through the API on a policy whose tier 1
 * pages at once and tier 2 after one minute. Declaring 1,000 (each paging its tier 1) takes
 * Tocsin several seconds here, not one, so once declared their tier-2 due times are put inside
 * one second (each escalation's start moves earlier by at most the declarations' span, or later
 * by under a second); then the bench waits for them. Lateness = when the step fired
 * (escalation_steps.fired_at) minus when it was due (escalations.started_at + 1 min); also the
 * tier-2 page's arrival at the receiver minus its due time. Never early: both minimums >= 0.
 *
 * --quick cannot wait a minute: the window starts 4 s after the declarations instead.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, round } from './harness.js';
import { nextRun, pageToken, type PageReceiver } from './page-receiver.js';
import type { PagingWorld } from './paging-world.js';

const TIER2_MS = 60_000;

export interface LatenessFigures {
  incidents: number;
  /** How long declaring took through the API (the due times are then put inside one second). */
  declare_span_ms: number;
  due_span_ms: number;
  fired: number;
  late_p50_ms: number;
  late_p99_ms: number;
  late_max_ms: number;
  late_min_ms: number;
  early_fires: number;
  /** Tier-2 pages at the receiver, minus their due time. */
  received: number;
  received_late_p50_ms: number;
  received_late_p99_ms: number;
  received_late_max_ms: number;
  early_pages: number;
  /** From the first declaration to the first due time: 60 s and more, or a few seconds with --quick. */
  waited_from_declaration_ms: number;
  /** Tocsin's CPU from the window's start until every tier-2 page arrived, per step (the step and its page's send). */
  cpu_us_per_step: number;
  /** With --statements: every statement Tocsin ran over the same span, per step, and the commonest shapes. */
  statements_per_step?: number;
  statements_top?: { per_step: number; ms: number; sql: string }[];
}

/** With `bench:paging -- --statements`, Tocsin (lib/statement-count.mjs) writes its counts here on SIGUSR2. */
export const STATEMENTS_FILE = `/tmp/tocsin-bench-statements-${process.pid}.json`;
process.env.TOCSIN_BENCH_STATEMENTS_FILE = STATEMENTS_FILE;

/** The statements Tocsin ran since the previous call (SIGUSR2 makes it write them and start afresh). */
export async function takeStatements(pid: number): Promise<{ calls: number; ms: number; sql: string }[]> {
  process.kill(pid, 'SIGUSR2');
  await sleep(200);
  return JSON.parse(readFileSync(STATEMENTS_FILE, 'utf8')) as { calls: number; ms: number; sql: string }[];
}

async function declareAll(world: PagingWorld, serviceId: string, count: number, connections: number): Promise<Map<string, string>> {
  const byIncident = new Map<string, string>();
  const run = nextRun();
  let next = 0;
  const loop = async () => {
    while (next < count) {
      const token = pageToken(run, next++);
      const inc = await world.api<{ id: string }>('POST', '/incidents', { title: `Queue backlog ${token}`, severity: 'SEV-1', service_ids: [serviceId] });
      byIncident.set(inc.id, token);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return byIncident;
}

/**
 * Puts every tier-2 due time inside one second starting at `windowStart`, spread evenly: each
 * escalation's start and its pending step job move together, so the engine, which reads due
 * times from the database (its queues sleep at most one interval), sees a consistent plan.
 */
async function alignDueTimes(world: PagingWorld, escalationIds: string[], windowStart: number): Promise<Map<string, number>> {
  const dueOf = new Map(escalationIds.map((id, i) => [id, windowStart + Math.floor((i * 1000) / escalationIds.length)]));
  const jobs = await world.fresh.db.kysely.selectFrom('jobs').select(['id', 'payload']).where('kind', '=', 'paging.step').where('status', '=', 'pending').execute();
  await world.fresh.db.tx(async (q) => {
    for (const [id, due] of dueOf) await q.updateTable('escalations').set({ started_at: due - TIER2_MS }).where('id', '=', id).execute();
    for (const j of jobs) {
      const due = dueOf.get((JSON.parse(j.payload) as { escalation_id: string }).escalation_id);
      if (due !== undefined) await q.updateTable('jobs').set({ due_at: due }).where('id', '=', j.id).where('status', '=', 'pending').execute();
    }
  });
  return dueOf;
}

export async function escalationLateness(world: PagingWorld, rx: PageReceiver, o: { incidents: number; connections: number; quick: boolean; statements?: boolean }): Promise<LatenessFigures> {
  const tier2Path = `/tier2/${world.dialect}`;
  const first = await world.person(`${rx.url}/tier1/${world.dialect}`);
  const second = await world.person(`${rx.url}${tier2Path}`);
  const svc = await world.service(`Queue ${world.dialect}`, [{ delay_minutes: 0, user: first }, { delay_minutes: 1, user: second }]);
  const t0 = Date.now();
  const byIncident = await declareAll(world, svc.id, o.incidents, o.connections);
  const declareSpan = Date.now() - t0;
  const k = world.fresh.db.kysely;
  const escalations = await k.selectFrom('escalations').select(['id', 'incident_id', 'started_at']).where('service_id', '=', svc.id).execute();
  const firstDue = Math.min(...escalations.map((e) => Number(e.started_at))) + TIER2_MS;
  // Declared in order, so the first due time is the earliest; --quick does not wait for it.
  const windowStart = o.quick ? Date.now() + 4_000 : Math.max(firstDue, Date.now() + 5_000);
  const dueOf = await alignDueTimes(world, escalations.map((e) => e.id), windowStart);

  const rows = async () =>
    k.selectFrom('escalation_steps as s').innerJoin('escalations as e', 'e.id', 's.escalation_id')
      .select(['e.incident_id', 'e.started_at', 's.fired_at']).where('e.service_id', '=', svc.id).where('s.position', '=', 2).where('s.round', '=', 0).execute();
  const lastDue = Math.max(...dueOf.values());
  // Counting starts well before the window (the declarations' pages have long left by then).
  await sleep(Math.max(0, windowStart - 1_000 - Date.now()));
  if (o.statements) await takeStatements(world.tocsin.pid);
  const cpu0 = world.tocsin.stats().cpu_s;
  await sleep(Math.max(0, lastDue - Date.now()));
  // Wait for every tier-2 page at the receiver, up to 30 s past the last due time.
  await rx.waitForCount(tier2Path, o.incidents, Math.max(0, lastDue + 30_000 - Date.now()));
  const cpuUs = (world.tocsin.stats().cpu_s - cpu0) * 1e6;
  const statements = o.statements ? await takeStatements(world.tocsin.pid) : null;
  const fired = await rows();

  const late = fired.map((r) => Number(r.fired_at) - (Number(r.started_at) + TIER2_MS)).sort((a, b) => a - b);
  const dueByToken = new Map(fired.map((r) => [byIncident.get(r.incident_id)!, Number(r.started_at) + TIER2_MS]));
  const received = [...dueByToken].flatMap(([token, due]) => {
    const a = rx.arrival(tier2Path, token);
    return a ? [a.epochMs - due] : [];
  }).sort((a, b) => a - b);
  const dues = [...dueOf.values()];
  return {
    incidents: o.incidents,
    declare_span_ms: declareSpan,
    due_span_ms: Math.max(...dues) - Math.min(...dues),
    fired: fired.length,
    late_p50_ms: round(percentile(late, 50)),
    late_p99_ms: round(percentile(late, 99)),
    late_max_ms: round(late[late.length - 1] ?? NaN),
    late_min_ms: round(late[0] ?? NaN),
    early_fires: late.filter((l) => l < 0).length,
    received: received.length,
    received_late_p50_ms: round(percentile(received, 50)),
    received_late_p99_ms: round(percentile(received, 99)),
    received_late_max_ms: round(received[received.length - 1] ?? NaN),
    early_pages: received.filter((l) => l < 0).length,
    waited_from_declaration_ms: windowStart - (firstDue - TIER2_MS),
    cpu_us_per_step: round(cpuUs / Math.max(1, fired.length), 0),
    ...(statements
      ? {
          statements_per_step: round(statements.reduce((n, s) => n + s.calls, 0) / Math.max(1, fired.length), 1),
          statements_top: statements.slice(0, 30).map((s) => ({ per_step: round(s.calls / Math.max(1, fired.length), 2), ms: s.ms, sql: s.sql })),
        }
      : {}),
  };
}
