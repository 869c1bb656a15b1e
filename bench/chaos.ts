/**
 * bench:chaos — the paging storm (test/support/paging-storm.ts) as a benchmark, on SQLite and
 * PostgreSQL: 200 incidents escalate (tier 1 at 0 min, tier 2 at 5, each person by email at 0
 * and SMS at 1) while the Tocsin server is SIGKILLed at a random moment of each round (up to
 * 1 s after it is ready) and restarted at once, its clock moved on a minute per restart so
 * escalations fall due while it is down. Pages are counted at the receiving end: a real SMTP
 * server process and a Twilio-like HTTP recorder. Goals (../shared/BENCHMARKS.md): 0 missed,
 * 0 duplicate pages, overdue steps firing within 2 s of the server being ready.
 *
 * Rounds per database: 50, `--quick` 3, or CHAOS_ROUNDS; incidents: 200, `--quick` 40, or
 * CHAOS_INCIDENTS. Tocsin runs pinned to core 0; this script and the receivers on core 1.
 */
import { DIALECTS } from '../test/support/db.js';
import { runStorm, type StormResult } from '../test/support/paging-storm.js';
import { percentile, pinSelf, QUICK, report, round } from './lib/harness.js';

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return Number(raw);
};

const ROUNDS = int('CHAOS_ROUNDS', QUICK ? 3 : 50);
const INCIDENTS = int('CHAOS_INCIDENTS', QUICK ? 40 : 200);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const spread = (xs: number[]) => {
  const s = sorted(xs);
  return { n: s.length, p50_ms: percentile(s, 50), p99_ms: percentile(s, 99), max_ms: s.at(-1) ?? NaN };
};

/** One database's run as the detail line shows it (the lists become percentiles). */
const detail = (r: StormResult) => {
  const { overdue_fire_after_ready_ms: steps, overdue_delivery_after_ready_ms: deliveries, missed_keys, unexplained_keys, ...rest } = r;
  return { ...rest, seconds: round(r.seconds, 1), overdue_steps: spread(steps), overdue_deliveries: spread(deliveries), missed_keys: missed_keys.slice(0, 20), unexplained_keys: unexplained_keys.slice(0, 20) };
};

pinSelf('1');
const started = performance.now();
const runs: StormResult[] = [];
for (const dialect of DIALECTS) {
  runs.push(await runStorm({ dialect, incidents: INCIDENTS, kills: ROUNDS, maxKillDelayMs: 1_000, jumpMs: 60_000, cpu: '0', log: (l) => process.stderr.write(`chaos [${dialect}] ${l}\n`) }));
}
const sum = (f: (r: StormResult) => number) => runs.reduce((n, r) => n + f(r), 0);
const all = (f: (r: StormResult) => number[]) => sorted(runs.flatMap(f));
const stepLate = all((r) => r.overdue_fire_after_ready_ms);
const deliveryLate = all((r) => r.overdue_delivery_after_ready_ms);
report(
  'chaos',
  {
    rounds: ROUNDS,
    databases: runs.map((r) => r.dialect),
    incidents: sum((r) => r.incidents),
    pages_expected: sum((r) => r.pages_expected),
    missed_pages: sum((r) => r.missed),
    duplicate_pages: sum((r) => r.duplicates),
    duplicates_explained: sum((r) => r.duplicates_explained),
    duplicates_unexplained: sum((r) => r.duplicates_unexplained),
    duplicates_email: sum((r) => r.duplicates_by_channel.email),
    duplicates_sms: sum((r) => r.duplicates_by_channel.sms),
    duplicates_after_timeout: sum((r) => r.duplicates_after_timeout),
    settled_by_status: sum((r) => r.settled_by_status.email + r.settled_by_status.sms),
    settled_by_journal: sum((r) => r.settled_by_journal),
    sms_status_queries: sum((r) => r.sms_status_queries),
    email_duplicates_same_message_id: sum((r) => r.email_duplicates_same_message_id),
    pages_planned_twice: sum((r) => r.pages_planned_twice),
    unexpected_receipts: sum((r) => r.unexpected),
    interrupted_attempts: sum((r) => r.interrupted_attempts),
    jobs_given_up: sum((r) => Object.values(r.failed_jobs).reduce((a, b) => a + b, 0)),
    overdue_steps: stepLate.length,
    overdue_fire_after_ready_p50_ms: percentile(stepLate, 50),
    overdue_fire_after_ready_p99_ms: percentile(stepLate, 99),
    overdue_deliveries: deliveryLate.length,
    overdue_delivery_after_ready_p50_ms: percentile(deliveryLate, 50),
    overdue_delivery_after_ready_p99_ms: percentile(deliveryLate, 99),
    drained: runs.every((r) => r.drained),
  },
  {
    ...Object.fromEntries(runs.map((r) => [r.dialect, detail(r)])),
    sqlite_synchronous: 'FULL',
    seconds: round((performance.now() - started) / 1000, 1),
  },
);
process.exit(0);
