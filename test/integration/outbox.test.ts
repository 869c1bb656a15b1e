import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/events.js';
import { findMessageByKey, listAttempts, markDelivered, ProviderError, sendLater } from '../../src/core/outbox/index.js';
import * as store from '../../src/core/outbox/store.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { fakeProvider, rig } from '../support/outbox-fixtures.js';

// The outbox on both databases: idempotent creation inside the caller's transaction, the
// status that never moves backwards, retries with backoff, then failed.

for (const dialect of DIALECTS) {
  describe(`outbox [${dialect}]`, () => {
    let fresh: FreshDatabase;
    afterEach(async () => fresh?.drop());
    const setup = async (...args: Parameters<typeof fakeProvider>) => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider(...args);
      return { provider, r: rig(fresh.db, [provider]) };
    };

    it('creates a message once per key and wakes the engine only for one due now', async () => {
      const { r } = await setup();
      const first = await r.send({ key: 'k1' });
      const again = await r.send({ key: 'k1', payload: { other: true } });
      expect(first.created).toBe(true);
      expect(again).toMatchObject({ created: false, message: { id: first.message.id, payload: { n: 1 }, status: 'pending' } });
      expect(r.wakes).toBe(1);
      await r.send({ key: 'later', dueAt: r.clock.now().getTime() + 60_000 });
      expect(r.wakes).toBe(1);
    });

    it('leaves no message when the transaction that created it fails', async () => {
      const { r } = await setup();
      await expect(
        inTransaction(r.ctx, async (tx) => {
          await sendLater(tx, { channel: 'test', key: 'rolled-back', payload: {} });
          throw new Error('use case failed after sendLater');
        }),
      ).rejects.toThrow('use case failed');
      expect(await findMessageByKey(fresh.db.kysely, 'rolled-back')).toBeUndefined();
      expect(r.wakes).toBe(0);
    });

    it('sends with the message key as idempotency key and records the attempt', async () => {
      const { r, provider } = await setup();
      provider.behave = async () => ({ providerRef: 'ref-1' });
      const { message } = await r.send({ key: 'k-send' });
      await r.cycle();
      expect(provider.calls).toEqual([{ key: 'k-send', attempt: 1 }]);
      const sent = await findMessageByKey(fresh.db.kysely, 'k-send');
      expect(sent).toMatchObject({ status: 'sent', providerRef: 'ref-1', sentAt: r.clock.now().getTime() });
      expect(await listAttempts(fresh.db.kysely, message.id)).toMatchObject([{ attempt: 1, outcome: 'sent', owner: 'test-owner' }]);
    });

    it('does not send a message before it is due', async () => {
      const { r, provider } = await setup();
      await r.send({ key: 'k-later', dueAt: r.clock.now().getTime() + 5_000 });
      await r.cycle();
      expect(provider.calls).toHaveLength(0);
      r.clock.advance(5_000);
      await r.cycle();
      expect(provider.calls).toHaveLength(1);
    });

    it('retries transient errors with exponential backoff, staying sending, then fails', async () => {
      const { r, provider } = await setup();
      provider.behave = async () => {
        throw new ProviderError('HTTP 503', 'transient', 503);
      };
      const { message } = await r.send({ key: 'k-retry', maxAttempts: 3 });
      const t0 = r.clock.now().getTime();
      await r.cycle();
      let row = await store.findMessageById(fresh.db.kysely, message.id);
      expect(row).toMatchObject({ status: 'sending', lease_owner: null, next_attempt_at: t0 + 1_000, last_error: 'HTTP 503' });
      r.clock.advance(999);
      await r.cycle();
      expect(provider.calls).toHaveLength(1);
      r.clock.advance(1);
      await r.cycle();
      expect(provider.calls).toHaveLength(2);
      row = await store.findMessageById(fresh.db.kysely, message.id);
      expect(row!.next_attempt_at).toBe(t0 + 1_000 + 2_000);
      r.clock.advance(2_000);
      await r.cycle();
      expect(provider.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
      expect(await findMessageByKey(fresh.db.kysely, 'k-retry')).toMatchObject({ status: 'failed', attempts: 3, failedAt: t0 + 3_000 });
      const attempts = await listAttempts(fresh.db.kysely, message.id);
      expect(attempts.map((a) => [a.outcome, a.responseCode])).toEqual([
        ['transient_error', 503],
        ['transient_error', 503],
        ['transient_error', 503],
      ]);
      r.clock.advance(600_000);
      await r.cycle();
      expect(provider.calls).toHaveLength(3);
    });

    it('fails a permanent error at once, and honours Retry-After on a transient one', async () => {
      const { r, provider } = await setup();
      provider.behave = async (call) => {
        throw call.key === 'k-perm' ? new ProviderError('HTTP 400', 'permanent', 400) : new ProviderError('HTTP 429', 'transient', 429, 30_000);
      };
      await r.send({ key: 'k-perm' });
      const { message } = await r.send({ key: 'k-429' });
      await r.cycle();
      expect(await findMessageByKey(fresh.db.kysely, 'k-perm')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 400' });
      const row = await store.findMessageById(fresh.db.kysely, message.id);
      expect(row).toMatchObject({ status: 'sending', next_attempt_at: r.clock.now().getTime() + 30_000 });
    });

    it('never moves a status backwards, whatever arrives late', async () => {
      const { r, provider } = await setup();
      provider.behave = async () => ({ providerRef: 'ref-d' });
      const { message } = await r.send({ key: 'k-d' });
      await r.cycle();
      const now = r.clock.now().getTime();
      expect(await markDelivered(fresh.db.kysely, { providerRef: 'ref-d' }, now)).toBe(true);
      // A late "sent" (a slow worker's answer) and a second receipt change nothing.
      expect(await store.recordSent(fresh.db.kysely, message.id, 'other', now + 1)).toBe(false);
      expect(await markDelivered(fresh.db.kysely, { id: message.id }, now + 2)).toBe(false);
      const fence = { id: message.id, owner: 'test-owner', attempt: 1 };
      expect(await store.recordFailed(fresh.db.kysely, fence, 'late', now + 3)).toBe(false);
      expect(await store.recordRetry(fresh.db.kysely, fence, now + 4, 'late', now + 4)).toBe(false);
      expect(await findMessageByKey(fresh.db.kysely, 'k-d')).toMatchObject({ status: 'delivered', deliveredAt: now, providerRef: 'ref-d' });

      provider.behave = async () => {
        throw new ProviderError('HTTP 404', 'permanent', 404);
      };
      const failed = await r.send({ key: 'k-f' });
      await r.cycle();
      expect(await markDelivered(fresh.db.kysely, { id: failed.message.id }, now + 5)).toBe(false);
      expect(await store.recordSent(fresh.db.kysely, failed.message.id, null, now + 5)).toBe(false);
      expect(await findMessageByKey(fresh.db.kysely, 'k-f')).toMatchObject({ status: 'failed', deliveredAt: null, sentAt: null });
      expect(await fresh.db.kysely.selectFrom('outbox_messages').select('id').where('status', '=', 'pending').execute()).toEqual([]);
    });

    it('rejects an unknown status in the schema', async () => {
      await setup();
      const row = await fresh.db.kysely
        .insertInto('outbox_messages')
        .values({ id: 'x', channel: 'c', key: 'x', payload: '{}', status: 'bogus' as 'sent', attempts: 0, max_attempts: 1, next_attempt_at: 0, lease_owner: null, last_error: null, provider_ref: null, created_at: 0, updated_at: 0, sent_at: null, delivered_at: null, failed_at: null })
        .execute()
        .then(() => 'inserted', () => 'rejected');
      expect(row).toBe('rejected');
    });
  });
}
