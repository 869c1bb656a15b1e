/**
 * The two phases of bench:outbox on one database: a clean run for sends per second, and the
 * kill rounds (the dispatcher process SIGKILLed at random moments, restarted each round).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/core/db/index.js';
import { bundleForNode } from '../../test/support/bundle.js';
import { auditDelivery, type Audit } from '../../test/support/outbox-audit.js';
import { enqueueWebhooks } from '../../test/support/outbox-fixtures.js';
import { startOutboxWorker, type OutboxWorker } from '../../test/support/outbox-process.js';
import type { Receiver } from '../../test/support/outbox-receiver.js';
import { ROOT } from './harness.js';
import { procStats } from './process.js';

/** Send timeout of the worker's webhook provider; a killed send is reconciled 250 ms after it. */
const TIMEOUT_MS = 500;
const CONCURRENCY = 8;

export interface Target {
  db: Database;
  url: string;
  rx: Receiver;
}

const BUNDLE = join(ROOT, '.tmp', 'bench-outbox-worker.mjs');

/** Bundles test/support/outbox-worker.ts once, so the 40-odd worker starts of a run cost a plain node start. */
export async function buildWorker(): Promise<void> {
  await bundleForNode(join(ROOT, 'test/support/outbox-worker.ts'), BUNDLE);
}

const start = (t: Target, owner: string): Promise<OutboxWorker> =>
  startOutboxWorker({ url: t.url, owner, receiverUrl: t.rx.url, timeoutMs: TIMEOUT_MS, concurrency: CONCURRENCY, cpu: '0', cwd: ROOT, bundle: BUNDLE });

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench:outbox timed out waiting for ${what}`);
    await sleep(5);
  }
}

const unsent = async (db: Database): Promise<number> => {
  const row = await db.kysely.selectFrom('outbox_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '!=', 'sent').executeTakeFirstOrThrow();
  return Number(row.n);
};

export interface ThroughputResult {
  sends_per_s: number;
  cpu_s: number;
  peak_rss_bytes: number;
  event_loop_p99_ms: number;
}

/** `n` messages due at once; one worker, never killed; from its ready line to all recorded `sent`. */
export async function throughput(t: Target, n: number): Promise<ThroughputResult> {
  const keys = Array.from({ length: n }, (_v, i) => `tp:${i}`);
  await enqueueWebhooks(t.db, keys, 250);
  const worker = await start(t, 'tp');
  const ready = performance.now();
  await until('every message sent', async () => (await unsent(t.db)) === 0);
  const seconds = (performance.now() - ready) / 1000;
  const stats = procStats(worker.child.pid!);
  await worker.kill('SIGTERM');
  const line = /stats (\{.*\})/.exec(worker.stdout())?.[1];
  const loop = line ? (JSON.parse(line) as { event_loop_p99_ms: number }).event_loop_p99_ms : NaN;
  return { sends_per_s: n / seconds, cpu_s: stats.cpu_s, peak_rss_bytes: stats.peak_rss_bytes, event_loop_p99_ms: loop };
}

export interface KillResult extends Audit {
  rounds: number;
  kills_with_send_in_flight: number;
  interrupted_attempts: number;
  seconds: number;
}

/**
 * `rounds` rounds: enqueue n / rounds messages, start a worker, SIGKILL it at a random moment
 * in its first 300 ms of sending, start the next. A last worker then finishes everything.
 */
export async function killRounds(t: Target, n: number, rounds: number): Promise<KillResult> {
  const keys = Array.from({ length: n }, (_v, i) => `kill:${i}`);
  const per = Math.ceil(n / rounds);
  const t0 = performance.now();
  let inFlightAtKill = 0;
  for (let r = 0; r < rounds; r++) {
    await enqueueWebhooks(t.db, keys.slice(r * per, (r + 1) * per), 250);
    const worker = await start(t, `k${r}`);
    await sleep(Math.floor(Math.random() * 300));
    const sending = await t.db.kysely.selectFrom('outbox_messages').select('id').where('lease_owner', '=', worker.owner).where('status', '=', 'sending').execute();
    await worker.kill('SIGKILL');
    if (sending.length > 0) inFlightAtKill++;
  }
  const last = await start(t, 'survivor');
  await until('every message sent after the kills', async () => (await unsent(t.db)) === 0);
  await last.kill('SIGTERM');
  const seconds = (performance.now() - t0) / 1000;
  // Let late requests from killed workers' sockets land before counting (none expected).
  await sleep(100);
  const audit = await auditDelivery(t.db, keys, t.rx.counts());
  const interrupted = await t.db.kysely.selectFrom('outbox_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'interrupted').executeTakeFirstOrThrow();
  return { ...audit, rounds, kills_with_send_in_flight: inFlightAtKill, interrupted_attempts: Number(interrupted.n), seconds };
}
