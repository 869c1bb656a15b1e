/**
 * A dispatcher in its own process, for the outbox kill test and bench:outbox: `node --import
 * tsx test/support/outbox-worker.ts <dbUrl> <owner> <receiverUrl> [timeoutMs] [concurrency]`.
 * The engine runs the outbox dispatcher with the webhook provider pointed at the receiver.
 * Prints `ready <owner>` once started; SIGTERM stops it cleanly (printing `stats {...}`, its
 * event-loop delay p99); the tests SIGKILL it. With OUTBOX_WORKER_SMTP set, it sends the `email`
 * channel to that SMTP server instead. With OUTBOX_WORKER_JOURNAL set, accepted sends are noted
 * in that send journal file (src/core/outbox/journal.ts). With OUTBOX_WORKER_HOLD=accept the
 * first accepted send stops the process dead right after the journal (if any) noted it, before
 * its outcome is recorded, printing `accepted <id>`; with OUTBOX_WORKER_HOLD=handover, the first
 * send whose provider holds the whole request, printing `handed over <id>`: the moments a crash
 * makes a duplicate, held still for a test's SIGKILL.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { systemClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db/index.js';
import { createEngine } from '../../src/core/engine/index.js';
import { createLogger } from '../../src/core/log.js';
import { createOutboxDispatcher, openSendJournal, type SendJournal } from '../../src/core/outbox/index.js';
import { createEmailProvider } from '../../src/notify/providers/email.js';
import { createWebhookProvider } from '../../src/notify/providers/webhook.js';

const [url, owner, receiverUrl, timeoutArg, concurrencyArg] = process.argv.slice(2);
if (!url || !owner || !receiverUrl) {
  console.error('usage: outbox-worker.ts <dbUrl> <owner> <receiverUrl> [timeoutMs] [concurrency]');
  process.exit(2);
}

const stopDead = (line: string): void => {
  process.stdout.write(`${line}\n`); // a pipe: written before the next line
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
};

/** The journal, or none, stopping the process once the first send is noted at `moment`. */
function holding(inner: SendJournal | undefined, moment: 'accept' | 'handover'): SendJournal {
  return {
    accepted(send) {
      inner?.accepted(send);
      if (moment === 'accept') stopDead(`accepted ${send.messageId}`);
    },
    handedOver(send) {
      inner?.handedOver(send);
      if (moment === 'handover') stopDead(`handed over ${send.messageId}`);
    },
    find: (id) => inner?.find(id),
    settled: (id) => inner?.settled(id),
    refused: (id) => inner?.refused(id),
    unsettled: () => inner?.unsettled() ?? [],
    close: () => inner?.close(),
  };
}
const noted = process.env.OUTBOX_WORKER_JOURNAL ? openSendJournal(process.env.OUTBOX_WORKER_JOURNAL) : undefined;
const hold = process.env.OUTBOX_WORKER_HOLD;
// A journal that holds still must exist even without a file, so that the provider hands over.
const journal = hold === 'accept' || hold === 'handover' ? holding(noted, hold) : noted;
const smtpUrl = process.env.OUTBOX_WORKER_SMTP;

const db = openDatabase(url, { sqliteSynchronous: 'FULL' });
const timeoutMs = Number(timeoutArg ?? 1_000);
const engine = createEngine({ db, clock: systemClock, log: createLogger(process.env.OUTBOX_WORKER_LOG ?? 'silent'), owner, intervalMs: 50 });
const dispatcher = createOutboxDispatcher({
  db,
  owner,
  providers: [
    smtpUrl
      ? createEmailProvider({ smtpUrl, from: 'Tocsin <pager@tocsin.test>', timeoutMs, concurrency: Number(concurrencyArg ?? 8) })
      : createWebhookProvider({ url: receiverUrl, timeoutMs, concurrency: Number(concurrencyArg ?? 8) }),
  ],
  wake: () => engine.trigger(),
  deadlineGraceMs: 500,
  journal,
});
engine.register(dispatcher);
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
engine.start();
process.stdout.write(`ready ${owner}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await engine.stop();
    await dispatcher.drain();
    await db.close();
    // For bench:outbox: this process's event-loop delay p99 over its life.
    process.stdout.write(`stats ${JSON.stringify({ event_loop_p99_ms: loop.percentile(99) / 1e6 })}\n`);
    process.exit(0);
  })();
});
