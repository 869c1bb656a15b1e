/**
 * bench:outbox — webhook sends through the outbox to a local HTTP receiver (a plain node http
 * server on loopback recording each request's Idempotency-Key), on SQLite and PostgreSQL:
 * sends per second with nothing killed, then kill rounds where the dispatcher's process is
 * SIGKILLed at random moments and restarted. `lost` must be 0; every duplicate must fall in
 * the window src/core/outbox/README.md documents. The dispatcher runs pinned to core 0; this
 * script (the receiver, the database checks) pins itself to core 1.
 */
import { freshDatabase, type DialectName } from '../test/support/db.js';
import { startReceiver } from '../test/support/outbox-receiver.js';
import { pinSelf, QUICK, report, round } from './lib/harness.js';
import { buildWorker, killRounds, throughput, type KillResult, type ThroughputResult } from './lib/outbox-phases.js';

const SENDS = QUICK ? 200 : 1_000;
const ROUNDS = QUICK ? 4 : 20;
const THROUGHPUT_SENDS = QUICK ? 300 : 2_000;

async function run(dialect: DialectName): Promise<{ tp: ThroughputResult; kill: KillResult }> {
  const fresh = await freshDatabase(dialect);
  const rx = await startReceiver();
  try {
    const target = { db: fresh.db, url: fresh.url, rx };
    const tp = await throughput(target, THROUGHPUT_SENDS);
    const kill = await killRounds(target, SENDS, ROUNDS);
    return { tp, kill };
  } finally {
    await rx.close();
    await fresh.drop();
  }
}

pinSelf('1');
const started = performance.now();
await buildWorker();
const sqlite = await run('sqlite');
const postgres = await run('postgres');
const both = [sqlite.kill, postgres.kill];
const sum = (f: (k: KillResult) => number) => both.reduce((n, k) => n + f(k), 0);
const detail = (r: { tp: ThroughputResult; kill: KillResult }) => ({
  ...r.kill,
  seconds: round(r.kill.seconds, 1),
  throughput: { ...r.tp, sends_per_s: round(r.tp.sends_per_s, 1), event_loop_p99_ms: round(r.tp.event_loop_p99_ms) },
});
report(
  'outbox',
  {
    rounds: ROUNDS,
    sent: sum((k) => k.sent),
    lost: sum((k) => k.lost),
    duplicates: sum((k) => k.duplicates),
    duplicates_in_window: sum((k) => k.duplicatesInWindow),
    duplicates_unexplained: sum((k) => k.duplicates - k.duplicatesInWindow),
    not_sent: sum((k) => k.notSent),
    sends_per_s_sqlite: round(sqlite.tp.sends_per_s, 1),
    sends_per_s_postgres: round(postgres.tp.sends_per_s, 1),
    kills_with_send_in_flight: sum((k) => k.kills_with_send_in_flight),
    interrupted_attempts: sum((k) => k.interrupted_attempts),
  },
  {
    sqlite: detail(sqlite),
    postgres: detail(postgres),
    sqlite_synchronous: 'FULL',
    seconds: round((performance.now() - started) / 1000, 1),
  },
);
process.exit(0);
