import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { auditDelivery } from '../support/outbox-audit.js';
import { enqueueWebhooks, waitFor } from '../support/outbox-fixtures.js';
import { startOutboxWorker, type OutboxWorker } from '../support/outbox-process.js';
import { startReceiver, type Receiver } from '../support/outbox-receiver.js';

// Durability (DESIGN.md): a real dispatcher process killed with SIGKILL mid-send and restarted
// delivers every message at least once; a key arrives twice only when an attempt's outcome was
// never recorded (the window documented in src/core/outbox/README.md).

const live = new Set<OutboxWorker>();
afterEach(async () => {
  for (const w of [...live]) await w.kill('SIGKILL');
  live.clear();
});

for (const dialect of DIALECTS) {
  describe(`outbox survives SIGKILL mid-send [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let rx: Receiver;
    afterEach(async () => {
      await rx?.close();
      await fresh?.drop();
    });

    it('every message reaches the receiver at least once across kills and restarts', async () => {
      fresh = await freshDatabase(dialect);
      rx = await startReceiver();
      rx.answer = () => ({ status: 200, delayMs: 40 }); // received, not yet answered: the window is open
      const keys = Array.from({ length: 40 }, (_v, i) => `kill:${i}`);
      await enqueueWebhooks(fresh.db, keys);
      const start = (owner: string) => startOutboxWorker({ url: fresh.url, owner, receiverUrl: rx.url, timeoutMs: 1_000, concurrency: 4 }).then((w) => (live.add(w), w));
      for (let round = 0; round < 3; round++) {
        const worker = await start(`w${round}`);
        await waitFor('a send in flight', async () =>
          fresh.db.kysely.selectFrom('outbox_messages').select('id').where('status', '=', 'sending').where('lease_owner', '=', worker.owner).executeTakeFirst(),
        );
        await sleep(Math.floor(Math.random() * 60)); // anywhere from just after the claim to mid-request
        await worker.kill('SIGKILL');
        live.delete(worker);
      }
      const survivor = await start('survivor');
      await waitFor(
        'every message sent',
        async () => {
          const open = await fresh.db.kysely.selectFrom('outbox_messages').select('id').where('status', '!=', 'sent').execute();
          return open.length === 0 ? true : undefined;
        },
        30_000,
      );
      await survivor.kill('SIGTERM');

      const audit = await auditDelivery(fresh.db, keys, rx.counts());
      expect(audit).toMatchObject({ sent: keys.length, lost: 0, notSent: 0 });
      expect(audit.duplicatesInWindow).toBe(audit.duplicates);
      const interrupted = await fresh.db.kysely.selectFrom('outbox_attempts').select('message_id').where('outcome', '=', 'interrupted').execute();
      expect(interrupted.length).toBeGreaterThanOrEqual(1);
    }, 90_000);
  });
}
