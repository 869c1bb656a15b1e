import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { findMessageByKey, listAttempts, openSendJournal, ProviderError } from '../../src/core/outbox/index.js';
import * as store from '../../src/core/outbox/store.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { enqueueEmails, enqueueWebhooks, fakeProvider, rig, waitFor } from '../support/outbox-fixtures.js';
import { startOutboxWorker, type OutboxWorker } from '../support/outbox-process.js';
import { startReceiver, type Receiver } from '../support/outbox-receiver.js';
import { spawnSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

// The send journal (src/core/outbox/journal.ts): a provider's "accepted", or an email's hand-over
// (its final dot sent), noted in a local file before the outcome commits, so that a process
// killed in between does not send the page again.

const live = new Set<OutboxWorker>();
let dir = '';
afterEach(async () => {
  for (const w of [...live]) await w.kill('SIGKILL');
  live.clear();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`send journal [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let rx: Receiver;
    afterEach(async () => {
      await rx?.close();
      await fresh?.drop();
    });

    /**
     * A dispatcher process is SIGKILLed before it records the outcome: it stops dead right after
     * the receiver's 200 (`accept`), or right after the email's final dot left it, the SMTP
     * server's 250 unread (`handover`), and after its journal, if any, noted that. Then another
     * starts on the same database and journal.
     */
    async function killedAt(hold: 'accept' | 'handover', key: string, journal: string | undefined, smtp?: SmtpSink): Promise<{ received: number; attempts: Awaited<ReturnType<typeof listAttempts>>; sentAt: number | null; noted: string }> {
      const to = `${key.replace(/\W/g, '-')}@example.com`;
      if (smtp) await enqueueEmails(fresh.db, [{ key, to }]);
      else await enqueueWebhooks(fresh.db, [key]);
      // A send's time limit of 5 s, not 1: on a loaded machine a first SMTP exchange once took
      // longer, so attempt 2 was the one held and the journal noted `"a":2`.
      const start = (owner: string, held: boolean) =>
        startOutboxWorker({ url: fresh.url, owner, receiverUrl: rx.url, smtpUrl: smtp?.url, timeoutMs: 5_000, concurrency: 1, journal, hold: held ? hold : undefined }).then((w) => (live.add(w), w));
      const received = () => (smtp ? smtp.messages.filter((m) => m.to.includes(to)).length : (rx.counts().get(key) ?? 0));
      const first = await start(`${key}-first`, true);
      await waitFor('the send held', () => (first.stdout().includes(hold === 'accept' ? 'accepted ' : 'handed over ') ? true : undefined));
      // Held still, the sender reads nothing more; what it wrote before is the server's anyway.
      await waitFor('the server has it', () => (received() === 1 ? true : undefined));
      const noted = journal && existsSync(journal) ? readFileSync(journal, 'utf8') : '';
      await first.kill('SIGKILL');
      live.delete(first);
      const second = await start(`${key}-second`, false);
      await waitFor('the message sent', async () => ((await findMessageByKey(fresh.db.kysely, key))?.status === 'sent' ? true : undefined), 20_000);
      await sleep(300); // anything sent twice has arrived by now
      await second.kill('SIGTERM');
      live.delete(second);
      const message = (await findMessageByKey(fresh.db.kysely, key))!;
      return { received: received(), attempts: await listAttempts(fresh.db.kysely, message.id), sentAt: message.sentAt, noted };
    }

    /**
     * Without the journal: the killed attempt is `interrupted` and the message is sent again after
     * the restart. A loaded machine may time out a try in between (CI once did: a `transient_error`
     * before the `sent`); that is a retry, not a third copy (`received` says how many came).
     */
    const expectSentAgain = (attempts: { attempt: number; outcome: string | null }[]) => {
      const outcomes = attempts.map((a) => a.outcome);
      expect(outcomes[0]).toBe('interrupted');
      expect(outcomes.at(-1)).toBe('sent');
      expect(outcomes.slice(1, -1).every((o) => o === 'transient_error'), outcomes.join(', ')).toBe(true);
      expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    };

    it('a send accepted just before SIGKILL is recorded from the journal at the next start, not sent again; without the journal it goes twice', async () => {
      fresh = await freshDatabase(dialect);
      rx = await startReceiver();
      dir = mkdtempSync(join(tmpdir(), 'tocsin-journal-'));
      const journal = join(dir, 'sent.log');

      const kept = await killedAt('accept', 'journal:kept', journal);
      expect(kept.noted).toContain('"a":1'); // noted before the kill
      expect(kept.received).toBe(1);
      expect(kept.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'sent']]);
      expect(kept.sentAt).toBeGreaterThanOrEqual(rx.received.find((r) => r.key === 'journal:kept')!.at);

      const bare = await killedAt('accept', 'journal:none', undefined);
      expect(bare.received).toBe(2); // the window the journal closes
      expectSentAgain(bare.attempts);
    }, 60_000);

    it("an email whose final dot left the process just before SIGKILL, the server's 250 unread, is recorded from the journal, not sent again; without the journal it goes twice", async () => {
      fresh = await freshDatabase(dialect);
      rx = await startReceiver();
      const smtp = await spawnSmtpSink();
      try {
        dir = mkdtempSync(join(tmpdir(), 'tocsin-journal-'));
        const journal = join(dir, 'sent.log');

        const kept = await killedAt('handover', 'mail:kept', journal, smtp);
        expect(kept.noted).toMatch(/"a":1,"h":1/);
        expect(kept.received).toBe(1);
        expect(kept.attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
          [1, 'sent', 'recorded from the send journal at a restart: the provider had the whole of attempt 1 when the process stopped (its answer was not read)'],
        ]);

        const bare = await killedAt('handover', 'mail:none', undefined, smtp);
        expect(bare.received).toBe(2);
        expectSentAgain(bare.attempts);
      } finally {
        await smtp.close();
      }
    }, 60_000);

    it('a send refused after its hand-over is retried, in this process and after a restart: the hand-over does not count', async () => {
      fresh = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'tocsin-journal-'));
      const path = join(dir, 'sent.log');
      const journal = openSendJournal(path);
      // As an SMTP server that takes the data and then answers 451 (greylisting), once.
      const provider = fakeProvider({
        send: async (message, { idempotencyKey, handedOver }) => {
          provider.calls.push({ key: idempotencyKey, attempt: message.attempts });
          handedOver?.();
          if (message.attempts === 1) throw new ProviderError('451 try again later', 'transient', 451);
          return { providerRef: 'queued-2' };
        },
      });
      const r = rig(fresh.db, [provider], { journal });
      await r.cycle();
      // Another send's answer in flight keeps the file from being emptied meanwhile.
      const elsewhere = { messageId: 'obx_elsewhere', attempt: 1, providerRef: null, responseCode: 250, at: 1 };
      journal.accepted(elsewhere);
      const { message } = await r.send({ key: 'greylisted' });
      await r.cycle();
      expect(await findMessageByKey(fresh.db.kysely, 'greylisted')).toMatchObject({ status: 'sending', attempts: 1, sentAt: null });
      expect(journal.unsettled()).toEqual([elsewhere]);
      // A restart now (the retry not yet due) must not take the file's hand-over for an acceptance.
      const next = openSendJournal(path);
      expect(next.unsettled()).toEqual([elsewhere]);
      next.close();
      r.clock.advance(10 * 60_000);
      await r.cycle();
      expect(provider.calls.map((c) => c.attempt)).toEqual([1, 2]);
      expect(await findMessageByKey(fresh.db.kysely, 'greylisted')).toMatchObject({ status: 'sent', providerRef: 'queued-2' });
      expect((await listAttempts(fresh.db.kysely, message.id)).map((a) => [a.attempt, a.outcome])).toEqual([
        [1, 'transient_error'],
        [2, 'sent'],
      ]);
      journal.close();
    });

    it('a reclaimed send that the journal holds as accepted is settled without a second send, and says so', async () => {
      fresh = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'tocsin-journal-'));
      const journal = openSendJournal(join(dir, 'sent.log'));
      const provider = fakeProvider();
      const r = rig(fresh.db, [provider], { journal });
      await r.cycle(); // the journal's earlier lines (none) replayed
      const { message } = await r.send({ key: 'noted' });
      await r.send({ key: 'not-noted' });
      // As a process that died mid-send left them: claimed, attempt open, deadline passed; the
      // provider's acceptance of one of them noted in this journal.
      const t0 = r.clock.now().getTime();
      const claimed = await store.claim(fresh.db.kysely, 'due', { channel: 'test', owner: 'dead', now: t0, deadline: t0 + 10, limit: 2 });
      await store.insertAttempts(fresh.db.kysely, claimed.map((c) => ({ message_id: c.id, attempt: 1, owner: 'dead', started_at: t0, finished_at: null, outcome: null, error: null, response_code: null })));
      journal.accepted({ messageId: message.id, attempt: 1, providerRef: 'ref-1', responseCode: 200, at: t0 + 5 });
      r.clock.advance(11);
      await r.cycle();
      expect(provider.calls.map((c) => c.key)).toEqual(['not-noted']);
      expect(await findMessageByKey(fresh.db.kysely, 'noted')).toMatchObject({ status: 'sent', providerRef: 'ref-1' });
      expect(await findMessageByKey(fresh.db.kysely, 'not-noted')).toMatchObject({ status: 'sent', attempts: 2 });
      const attempts = await listAttempts(fresh.db.kysely, message.id);
      expect(attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
        [1, 'interrupted', 'no outcome recorded before the deadline (process died or hung)'],
        [2, 'confirmed', 'settled by the send journal: the provider accepted attempt 1 (ref-1); not sent again'],
      ]);
      expect(journal.unsettled()).toEqual([]);
      journal.close();
    });
  });
}
