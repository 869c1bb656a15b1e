import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { createEngine, enqueue, findJobByKey, type Engine } from '../../src/core/engine/index.js';
import { isClaimable } from '../../src/core/engine/model.js';
import { claimJobs } from '../../src/core/engine/store.js';
import type { JobStatus } from '../../src/core/db/schema.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts, writeEffect } from '../support/engine-effects.js';

let seq = 0;
const key = (label: string) => `${label}:${++seq}`; // unique within a test; no test relies on another's

for (const dialect of DIALECTS) {
  describe(`engine jobs [${dialect}]`, () => {
    // Every test has its own database, clock and engine: none depends on another having run
    // (or on what another left in the jobs table), so they pass in any order and alone.
    let fresh: FreshDatabase;
    let clock: FakeClock;
    let engine: Engine;
    // Handlers look at this to decide how to behave; keyed by job key.
    let failuresLeft: Map<string, number>;
    const now = () => clock.now().getTime();

    beforeEach(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      clock = new FakeClock();
      failuresLeft = new Map();
      engine = createEngine({ db: fresh.db, clock, owner: 'eng_a', jobLeaseMs: 10_000, random: () => 0 });
      engine.registerJob<{ note: string }>('test.effect', async (tx, job) => {
        await writeEffect(tx, job.key, 'eng_a');
        const left = failuresLeft.get(job.key) ?? 0;
        if (left > 0) {
          failuresLeft.set(job.key, left - 1);
          throw new Error(`planned failure, ${left - 1} left`);
        }
      });
    });
    afterEach(async () => {
      await engine?.stop();
      await fresh?.drop();
    });

    const job = async (k: string) => (await findJobByKey(fresh.db.kysely, k))!;

    it('enqueues once per key; a second enqueue returns the existing job', async () => {
      const k = key('idem');
      const first = await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: { note: 'one' }, dueAt: now() }, now());
      const second = await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: { note: 'two' }, dueAt: now() + 5 }, now());
      expect(first.created).toBe(true);
      expect(second).toMatchObject({ created: false, job: { id: first.job.id, payload: { note: 'one' }, status: 'pending' } });
      await engine.runOnce();
      const third = await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: {}, dueAt: now() }, now());
      expect(third).toMatchObject({ created: false, job: { status: 'done' } });
    });

    it('joins the caller transaction: a rollback leaves no job', async () => {
      const k = key('tx');
      await expect(
        fresh.db.tx(async (tx) => {
          await enqueue(tx, { kind: 'test.effect', key: k, payload: {}, dueAt: now() }, now());
          throw new Error('caller rolls back');
        }),
      ).rejects.toThrow('caller rolls back');
      expect(await findJobByKey(fresh.db.kysely, k)).toBeUndefined();
    });

    it('runs a job when it is due and not before', async () => {
      const k = key('due');
      await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: {}, dueAt: now() + 60_000 }, now());
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'pending', attempts: 0 });
      clock.advance(60_000);
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'done', attempts: 1, finished_at: now(), lease_owner: null });
      expect((await effectCounts(fresh.db)).get(k)).toBe(1);
    });

    it('claims exactly the jobs the model calls claimable', async () => {
      const t = now();
      const states: [JobStatus, number, number | null][] = [
        ['pending', t - 1, null], ['pending', t, null], ['pending', t + 1, null],
        ['running', t - 5, t + 1], ['running', t - 5, t], ['running', t - 5, t - 1],
        ['done', t - 5, null], ['failed', t - 5, null],
      ];
      const keys: string[] = [];
      for (const [status, due_at, lease_until] of states) {
        const k = key('claim');
        keys.push(k);
        await enqueue(fresh.db.kysely, { kind: 'none', key: k, payload: {}, dueAt: due_at }, t);
        await fresh.db.kysely.updateTable('jobs').set({ status, lease_until, lease_owner: status === 'running' ? 'other' : null }).where('key', '=', k).execute();
      }
      const claimed = await claimJobs(fresh.db.kysely, fresh.db.dialect, { owner: 'probe', now: t, leaseMs: 1_000, limit: 100 });
      const expected = keys.filter((_k, i) => isClaimable({ status: states[i]![0], due_at: states[i]![1], lease_until: states[i]![2] }, t));
      expect(claimed.map((r) => r.key).sort()).toEqual(expected.sort());
      expect(claimed.every((r) => r.status === 'running' && r.lease_owner === 'probe' && r.lease_until === t + 1_000)).toBe(true);
    });

    it('claims no more than the batch size, oldest due first', async () => {
      const t = now();
      for (let i = 0; i < 12; i++) await enqueue(fresh.db.kysely, { kind: 'none', key: `batch:${i}`, payload: {}, dueAt: t - 100 + i }, t);
      const claimed = await claimJobs(fresh.db.kysely, fresh.db.dialect, { owner: 'probe', now: t, leaseMs: 1_000, limit: 4 });
      expect(claimed.map((r) => r.key)).toEqual(['batch:0', 'batch:1', 'batch:2', 'batch:3']);
    });

    it('retries with exponential backoff, rolling back each failed attempt', async () => {
      const k = key('retry');
      failuresLeft.set(k, 2);
      await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: {}, dueAt: now() }, now());
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'pending', attempts: 1, due_at: now() + 1_000, last_error: 'planned failure, 1 left' });
      clock.advance(999);
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ attempts: 1 });
      clock.advance(1);
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'pending', attempts: 2, due_at: now() + 2_000 });
      clock.advance(2_000);
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'done', attempts: 3, last_error: null });
      expect((await effectCounts(fresh.db)).get(k)).toBe(1); // the failed attempts' writes rolled back
    });

    it('fails for good after maxAttempts, keeping the last error', async () => {
      const k = key('fail');
      failuresLeft.set(k, 99);
      await enqueue(fresh.db.kysely, { kind: 'test.effect', key: k, payload: {}, dueAt: now(), maxAttempts: 3 }, now());
      for (let i = 0; i < 5; i++) {
        await engine.runOnce();
        clock.advance(10_000);
      }
      expect(await job(k)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'planned failure, 96 left', lease_owner: null });
      expect((await job(k)).finished_at).not.toBeNull();
      expect((await effectCounts(fresh.db)).get(k)).toBeUndefined();
    });

    it('fails an unknown kind with a clear error', async () => {
      const k = key('unknown');
      await enqueue(fresh.db.kysely, { kind: 'no.such.kind', key: k, payload: {}, dueAt: now(), maxAttempts: 2 }, now());
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'pending', last_error: 'no handler registered for job kind "no.such.kind" on this instance' });
      clock.advance(1_000);
      await engine.runOnce();
      expect(await job(k)).toMatchObject({ status: 'failed', attempts: 2 });
    });
  });
}
