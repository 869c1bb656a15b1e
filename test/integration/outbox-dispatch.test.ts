import { afterEach, describe, expect, it } from 'vitest';
import { findMessageByKey, listAttempts, ProviderError, type ProviderStatus, type StatusQuery } from '../../src/core/outbox/index.js';
import * as store from '../../src/core/outbox/store.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { askableProvider, fakeProvider, gate, rig, waitFor } from '../support/outbox-fixtures.js';

// The dispatcher on both databases: per-channel concurrency and rate limits, and the reconciler
// for sends whose deadline passed with no outcome (the process died mid-send).

for (const dialect of DIALECTS) {
  describe(`outbox dispatcher [${dialect}]`, () => {
    let fresh: FreshDatabase;
    afterEach(async () => fresh?.drop());

    /** A dead process's claim of `limit` due messages (no attempt row), its deadline already passed. */
    const claimedByTheDead = async (r: ReturnType<typeof rig>, limit: number): Promise<number> => {
      const t0 = r.clock.now().getTime();
      await store.claim(fresh.db.kysely, 'due', { channel: 'test', owner: 'dead', now: t0, deadline: t0 + 10, limit });
      r.clock.advance(11);
      return t0;
    };

    it('keeps at most `concurrency` sends of a channel in flight', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider({ concurrency: 2 });
      const other = fakeProvider({ channel: 'other', concurrency: 1 });
      const r = rig(fresh.db, [provider, other]);
      const gates = Array.from({ length: 5 }, () => gate<{ providerRef?: string }>());
      let inFlight = 0;
      let peak = 0;
      provider.behave = async (call) => {
        peak = Math.max(peak, ++inFlight);
        const g = gates[Number(call.key.split(':')[1])]!;
        return g.promise.finally(() => inFlight--);
      };
      for (let i = 0; i < 5; i++) await r.send({ key: `c:${i}` });
      await r.send({ key: 'o:0', channel: 'other' });
      await r.engine.runOnce();
      expect(provider.calls.map((c) => c.key)).toEqual(['c:0', 'c:1']);
      await r.engine.runOnce();
      expect(provider.calls).toHaveLength(2);
      await waitFor('the other channel sent', () => (other.calls.length === 1 ? true : undefined));
      gates[0]!.resolve({});
      // The slot c:0 frees is filled at once (its claim shares the commit of c:0's outcome), not
      // at the next engine cycle.
      await waitFor('the next send', () => (provider.calls.length === 3 ? true : undefined));
      expect(provider.calls.map((c) => c.key)).toEqual(['c:0', 'c:1', 'c:2']);
      await waitFor('c:0 recorded', async () => ((await findMessageByKey(fresh.db.kysely, 'c:0'))?.status === 'sent' ? true : undefined));
      expect(r.dispatcher.inFlight('test')).toBe(2);
      await r.engine.runOnce();
      expect(provider.calls).toHaveLength(3);
      for (const g of gates) g.resolve({});
      for (let i = 0; i < 5 && provider.calls.length < 5; i++) await r.cycle();
      expect(provider.calls).toHaveLength(5);
      expect(peak).toBe(2);
      expect(await findMessageByKey(fresh.db.kysely, 'c:4')).toMatchObject({ status: 'sent' });
    });

    it('starts no more than `ratePerSecond` sends a second (token bucket, burst of one second)', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider({ concurrency: 10, ratePerSecond: 2 });
      const r = rig(fresh.db, [provider]);
      for (let i = 0; i < 8; i++) await r.send({ key: `r:${i}` });
      await r.cycle();
      expect(provider.calls).toHaveLength(2);
      await r.cycle();
      expect(provider.calls).toHaveLength(2);
      r.clock.advance(499);
      await r.cycle();
      expect(provider.calls).toHaveLength(2);
      r.clock.advance(1);
      await r.cycle();
      expect(provider.calls).toHaveLength(3);
      r.clock.advance(10_000); // idle time fills the bucket to its burst, no further
      await r.cycle();
      expect(provider.calls).toHaveLength(5);
    });

    it('a clean stop waits for a claim under way and its send: nothing is left `sending` for the next process to call interrupted', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider();
      const r = rig(fresh.db, [provider]);
      await r.send({ key: 'claimed-at-the-stop' });
      // A claim under way when the stop comes: a cycle's, or (the same dispatch, outside any
      // cycle) the one a finished send makes to fill its slot.
      const claiming = r.dispatcher.tick(r.ctx, r.clock.now().getTime());
      await r.dispatcher.drain();
      expect(provider.calls.map((c) => c.key)).toEqual(['claimed-at-the-stop']);
      expect(await findMessageByKey(fresh.db.kysely, 'claimed-at-the-stop')).toMatchObject({ status: 'sent', attempts: 1 });
      await claiming;
      // A page to send at once, committed while the process stops: left for the next claim.
      await r.send({ key: 'committed-while-stopping', sendNow: true });
      expect(provider.calls).toHaveLength(1);
      expect(await findMessageByKey(fresh.db.kysely, 'committed-while-stopping')).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('re-sends a send stuck past its deadline with the same key, and logs the interrupted attempt', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider({ timeoutMs: 2_000 });
      const r = rig(fresh.db, [provider]);
      const { message } = await r.send({ key: 'stuck-1' });
      const now = r.clock.now().getTime();
      // A dead process's claim: `sending` with a deadline, its attempt open, no outcome.
      const [claimed] = await store.claim(fresh.db.kysely, 'due', { channel: 'test', owner: 'dead', now, deadline: now + 3_000, limit: 1 });
      await store.insertAttempts(fresh.db.kysely, [{ message_id: claimed!.id, attempt: 1, owner: 'dead', started_at: now, finished_at: null, outcome: null, error: null, response_code: null }]);
      r.clock.advance(3_000);
      await r.cycle();
      expect(provider.calls).toHaveLength(0); // the deadline itself still belongs to the claim
      r.clock.advance(1);
      await r.cycle();
      expect(provider.calls).toEqual([{ key: 'stuck-1', attempt: 2 }]);
      expect(await findMessageByKey(fresh.db.kysely, 'stuck-1')).toMatchObject({ status: 'sent', attempts: 2 });
      const attempts = await listAttempts(fresh.db.kysely, message.id);
      expect(attempts.map((a) => [a.attempt, a.owner, a.outcome])).toEqual([
        [1, 'dead', 'interrupted'],
        [2, 'test-owner', 'sent'],
      ]);
    });

    it('asks a provider that can be asked instead of sending again', async () => {
      fresh = await freshDatabase(dialect);
      const provider = askableProvider((key) => (key === 'seen' ? { state: 'delivered', providerRef: 'p-1' } : { state: 'unknown' }));
      const { asked } = provider;
      const r = rig(fresh.db, [provider]);
      await r.send({ key: 'seen' });
      await r.send({ key: 'unseen' });
      await claimedByTheDead(r, 2);
      await r.cycle();
      expect(asked.sort()).toEqual(['seen', 'unseen']);
      expect(provider.calls.map((c) => c.key)).toEqual(['unseen']);
      expect(await findMessageByKey(fresh.db.kysely, 'seen')).toMatchObject({ status: 'delivered', providerRef: 'p-1' });
      expect(await findMessageByKey(fresh.db.kysely, 'unseen')).toMatchObject({ status: 'sent' });
    });

    it('a provider that accepted a message just before its process died is asked, and the message is sent without a second send', async () => {
      fresh = await freshDatabase(dialect);
      const asked: StatusQuery[] = [];
      const provider = fakeProvider({
        timeoutMs: 2_000,
        status: async (query): Promise<ProviderStatus> => {
          asked.push(query);
          if (query.idempotencyKey === 'broken') throw new Error('status endpoint down');
          return { state: 'accepted', providerRef: 'prv-accepted' };
        },
      });
      const r = rig(fresh.db, [provider]);
      const { message } = await r.send({ key: 'accepted', payload: { to: '+15550001111' } });
      await r.send({ key: 'broken' });
      const t0 = r.clock.now().getTime();
      // The dead process's claim: `sending` with a deadline and an open attempt; the provider had it.
      const claimed = await store.claim(fresh.db.kysely, 'due', { channel: 'test', owner: 'dead', now: t0, deadline: t0 + 3_000, limit: 2 });
      await store.insertAttempts(fresh.db.kysely, claimed.map((c) => ({ message_id: c.id, attempt: 1, owner: 'dead', started_at: t0, finished_at: null, outcome: null, error: null, response_code: null })));
      r.clock.advance(3_001);
      await r.cycle();
      expect(asked.map((q) => q.idempotencyKey).sort()).toEqual(['accepted', 'broken']);
      const q = asked.find((a) => a.idempotencyKey === 'accepted')!;
      expect(q).toMatchObject({ providerRef: null, since: t0, message: { id: message.id, payload: { to: '+15550001111' } } });
      expect(provider.calls.map((c) => c.key)).toEqual(['broken']); // asking failed: sent again, as without status()
      expect(await findMessageByKey(fresh.db.kysely, 'accepted')).toMatchObject({ status: 'sent', providerRef: 'prv-accepted', sentAt: t0 + 3_001 });
      const attempts = await listAttempts(fresh.db.kysely, message.id);
      expect(attempts.map((a) => [a.attempt, a.owner, a.outcome, a.error])).toEqual([
        [1, 'dead', 'interrupted', 'no outcome recorded before the deadline (process died or hung)'],
        [2, 'test-owner', 'confirmed', 'settled by asking the provider: accepted (prv-accepted); not sent again'],
      ]);
      expect(await findMessageByKey(fresh.db.kysely, 'broken')).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('after a timeout the retry asks the provider first; after an HTTP answer it just sends', async () => {
      fresh = await freshDatabase(dialect);
      const provider = askableProvider((key) => (key === 'timed-out' ? { state: 'delivered', providerRef: 'prv-late' } : { state: 'unknown' }));
      const { asked } = provider;
      provider.behave = async (call) => {
        if (call.attempt > 1) return {};
        // The request may have arrived: no answer came back. A 503 is the provider's answer.
        if (call.key === 'timed-out') throw new Error('timed out after 5000 ms');
        throw new ProviderError('HTTP 503', 'transient', 503);
      };
      const r = rig(fresh.db, [provider]);
      await r.send({ key: 'timed-out' });
      await r.send({ key: 'refused' });
      await r.cycle();
      expect(asked).toEqual([]);
      r.clock.advance(1_000); // the retry time (random 0: the full 1 s)
      await r.cycle();
      expect(asked).toEqual(['timed-out']);
      expect(provider.calls.map((c) => c.key).sort()).toEqual(['refused', 'refused', 'timed-out']);
      expect(await findMessageByKey(fresh.db.kysely, 'timed-out')).toMatchObject({ status: 'delivered', providerRef: 'prv-late', attempts: 2 });
      expect(await findMessageByKey(fresh.db.kysely, 'refused')).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('a claim that asks first has a deadline one provider timeout longer: the question and the send both fit', async () => {
      fresh = await freshDatabase(dialect);
      const answer = gate<ProviderStatus>();
      const provider = fakeProvider({ timeoutMs: 2_000, status: () => answer.promise });
      const r = rig(fresh.db, [provider]);
      await r.send({ key: 'asking' });
      await r.send({ key: 'first-time' });
      const t0 = await claimedByTheDead(r, 1);
      const firstTime = gate<{ providerRef?: string }>();
      provider.behave = () => firstTime.promise;
      await r.engine.runOnce();
      const deadline = async (key: string) => Number((await store.findMessageByKey(fresh.db.kysely, key))!.next_attempt_at);
      expect(await deadline('asking')).toBe(t0 + 11 + 2_000 + 1_000 + 2_000);
      expect(await deadline('first-time')).toBe(t0 + 11 + 2_000 + 1_000);
      answer.resolve({ state: 'unknown' });
      firstTime.resolve({});
      await r.dispatcher.drain();
      expect(await findMessageByKey(fresh.db.kysely, 'asking')).toMatchObject({ status: 'sent' });
    });

    it('a question to the provider takes a token of the channel\'s rate, as a send does', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider({ ratePerSecond: 2, status: async (): Promise<ProviderStatus> => ({ state: 'unknown' }) });
      const r = rig(fresh.db, [provider]);
      await r.send({ key: 'stuck:0' });
      await r.send({ key: 'stuck:1' });
      await claimedByTheDead(r, 2);
      await r.send({ key: 'fresh' });
      await r.cycle(); // the burst of 2: both stuck ones, each asked and then sent (4 requests)
      expect(provider.calls.map((c) => c.key).sort()).toEqual(['stuck:0', 'stuck:1']);
      r.clock.advance(999); // counting only sends, a token would be back after 500 ms
      await r.cycle();
      expect(provider.calls).toHaveLength(2);
      r.clock.advance(501);
      await r.cycle();
      expect(provider.calls.map((c) => c.key)).toContain('fresh');
    });

    it('sends again a message whose claims crashes interrupted, and gives up on one that keeps killing its process', async () => {
      fresh = await freshDatabase(dialect);
      const provider = fakeProvider();
      const r = rig(fresh.db, [provider]);
      const interrupt = async (key: string, times: number) => {
        for (let i = 0; i < times; i++) {
          const now = r.clock.now().getTime();
          const which = i === 0 ? 'due' : 'stuck';
          expect(await store.claim(fresh.db.kysely, which, { channel: 'test', owner: `dead_${i}`, now, deadline: now, limit: 1 })).toHaveLength(1);
          r.clock.advance(1);
        }
      };
      // A restart storm: one allowed attempt, three claims lost to crashes; still sent, once.
      await r.send({ key: 'unlucky', maxAttempts: 1 });
      await interrupt('unlucky', 3);
      await r.cycle();
      expect(provider.calls.map((c) => c.key)).toEqual(['unlucky']);
      // Interrupted more than INTERRUPTED_FLOOR (10) times: given up, not sent again.
      await r.send({ key: 'doomed', maxAttempts: 1 });
      await interrupt('doomed', 11);
      await r.cycle();
      expect(provider.calls.map((c) => c.key)).toEqual(['unlucky']);
      expect(await findMessageByKey(fresh.db.kysely, 'doomed')).toMatchObject({ status: 'failed', lastError: expect.stringContaining('interrupted') });
    });

    it('two dispatchers never claim the same message', async () => {
      fresh = await freshDatabase(dialect);
      const a = fakeProvider({ concurrency: 3 });
      const b = fakeProvider({ concurrency: 3 });
      const ra = rig(fresh.db, [a], { owner: 'a' });
      const rb = rig(fresh.db, [b], { owner: 'b' });
      for (let i = 0; i < 30; i++) await ra.send({ key: `two:${i}` });
      for (let i = 0; i < 12; i++) await Promise.all([ra.cycle(), rb.cycle()]);
      const keys = [...a.calls, ...b.calls].map((c) => c.key);
      expect(new Set(keys).size).toBe(30);
      expect(keys).toHaveLength(30);
    });
  });
}
