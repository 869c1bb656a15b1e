/**
 * The email duplicate window, measured (issue 10, docs/paging-storm.md): SMTP cannot be asked
 * whether it took a message, so an email whose 250 came back just before a crash is sent again.
 * The window is the time from the 250 reaching the process to the commit of `sent`. This script
 * sends EMAIL_WINDOW_N pages (default 400, `--quick` 100) through the real email provider to the
 * SMTP sink process, with the real dispatcher (concurrency 4, as email has), on SQLite
 * (synchronous = FULL) and PostgreSQL, and times for each send: the 250 (the provider's send
 * resolving) and the end of the first dispatcher transaction or statement that started after it
 * (on SQLite the outcome joins the recorder's next batch: recorder.ts; on PostgreSQL it is one
 * statement of its own). Prints the window's spread, how much of it was
 * waiting for a commit already under way, and the sends per second. Run with `npx tsx`.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '../src/core/clock.js';
import { makeCtx, systemActor } from '../src/core/context.js';
import type { Database } from '../src/core/db/index.js';
import { createEngine } from '../src/core/engine/index.js';
import { createEventBus, inTransaction } from '../src/core/events.js';
import { silentLogger } from '../src/core/log.js';
import { createOutboxDispatcher, sendLater, type Provider } from '../src/core/outbox/index.js';
import { createEmailProvider } from '../src/notify/providers/email.js';
import { DIALECTS, freshDatabase } from '../test/support/db.js';
import { spawnSmtpSink } from '../test/support/smtp-sink.js';
import { percentile, QUICK, report, round } from './lib/harness.js';

const N = Number(process.env.EMAIL_WINDOW_N ?? (QUICK ? 100 : 400));

interface Tx {
  start: number;
  end: number;
}

/**
 * The dispatcher's database with each transaction's start and end noted (the recorder's batches),
 * and each statement it runs outside one (PostgreSQL records an accepted send that way: one
 * autocommit statement, store.recordSentAttempt).
 */
function timed(db: Database, txs: Tx[]): Database {
  const noted = async <T>(run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await run();
    } finally {
      txs.push({ start, end: performance.now() });
    }
  };
  const kysely = new Proxy(db.kysely, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'executeQuery') return (...args: unknown[]) => noted(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { ...db, kysely, tx: (fn) => noted(() => db.tx(fn)) };
}

const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50_ms: round(percentile(s, 50)), p90_ms: round(percentile(s, 90)), p99_ms: round(percentile(s, 99)), max_ms: round(s.at(-1) ?? NaN) };
};

async function run(dialect: (typeof DIALECTS)[number]) {
  const fresh = await freshDatabase(dialect);
  const sink = await spawnSmtpSink();
  const txs: Tx[] = [];
  const accepted: number[] = [];
  const email = createEmailProvider({ smtpUrl: sink.url, from: 'Tocsin <pages@tocsin.example>', timeoutMs: 3_000, concurrency: 4 });
  const provider: Provider = {
    ...email,
    send: async (message, opts) => {
      const r = await email.send(message as never, opts);
      accepted.push(performance.now());
      return r;
    },
  };
  const bus = createEventBus();
  const engine = createEngine({ db: fresh.db, clock: systemClock, owner: `window-${dialect}`, bus });
  const dispatcher = createOutboxDispatcher({ db: timed(fresh.db, txs), owner: engine.owner, providers: [provider], wake: () => engine.trigger() });
  engine.register(dispatcher);
  const ctx = makeCtx({ clock: systemClock, db: fresh.db, bus }, systemActor('bench'), 'req_window', silentLogger);
  await inTransaction(ctx, async (tx) => {
    for (let i = 0; i < N; i++) {
      const content = { kind: 'page' as const, subject: `[SEV-2] #${i} storm`, text: `[SEV-2] #${i} storm` };
      await sendLater(tx, { channel: 'email', key: `window:${i}`, payload: { to: `p${i % 20}@example.com`, content } });
    }
  });
  const t0 = performance.now();
  engine.start();
  while (sink.messages.length < N || dispatcher.inFlight() > 0) await sleep(5);
  await engine.stop();
  await dispatcher.drain();
  const seconds = (performance.now() - t0) / 1000;
  txs.sort((a, b) => a.start - b.start);
  const windows: number[] = [];
  const waited: number[] = [];
  for (const at of accepted) {
    const mine = txs.find((t) => t.start >= at);
    if (!mine) continue;
    windows.push(mine.end - at);
    waited.push(mine.start - at); // the commit under way (and the event-loop turn) before its batch began
  }
  const commits = txs.length;
  await sink.close();
  await fresh.drop();
  return { dialect, sends: accepted.length, sends_per_s: round(accepted.length / seconds, 1), commits, sends_per_commit: round((2 * accepted.length) / commits, 2), window: spread(windows), waiting_for_batch: spread(waited), commit: spread(windows.map((w, i) => w - waited[i]!)) };
}

const runs = [];
for (const dialect of DIALECTS) runs.push(await run(dialect));
report('email-window', Object.fromEntries(runs.flatMap((r) => [[`window_p50_ms_${r.dialect}`, r.window.p50_ms], [`window_p99_ms_${r.dialect}`, r.window.p99_ms], [`sends_per_s_${r.dialect}`, r.sends_per_s]])), Object.fromEntries(runs.map((r) => [r.dialect, r])));
process.exit(0);
