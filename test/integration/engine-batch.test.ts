import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { createEngine, enqueue, findJobByKey, type Engine } from '../../src/core/engine/index.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts, writeEffect } from '../support/engine-effects.js';

const HOUR = 3_600_000;
const RETENTION = 24 * HOUR;

for (const dialect of DIALECTS) {
  describe(`engine batches and pruning [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let engine: Engine;
    const clock = new FakeClock();
    const now = () => clock.now().getTime();
    const add = (key: string, extra: { kind?: string; dueAt?: number; maxAttempts?: number } = {}) =>
      enqueue(fresh.db.kysely, { kind: extra.kind ?? 'test.batch', key, payload: {}, dueAt: extra.dueAt ?? now(), maxAttempts: extra.maxAttempts }, now());
    const job = async (key: string) => findJobByKey(fresh.db.kysely, key);

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      engine = createEngine({ db: fresh.db, clock, owner: 'eng_b', jobBatchSize: 10, jobRetentionMs: RETENTION, pruneBatchSize: 2, random: () => 0 });
      engine.registerJob('test.batch', async (tx, j) => {
        await writeEffect(tx, j.key, 'eng_b');
        if (j.key.startsWith('bad')) throw new Error('planned failure');
      });
    });
    afterAll(async () => {
      await engine?.stop();
      await fresh?.drop();
    });

    it('a failing job in a batch rolls back only its own work and records its failure', async () => {
      for (const k of ['ok:1', 'bad:1', 'ok:2', 'bad:2', 'ok:3']) await add(k, { maxAttempts: k === 'bad:2' ? 1 : 5 });
      await engine.runOnce();
      const effects = await effectCounts(fresh.db);
      expect(['ok:1', 'ok:2', 'ok:3', 'bad:1', 'bad:2'].map((k) => effects.get(k))).toEqual([1, 1, 1, undefined, undefined]);
      expect(await job('ok:2')).toMatchObject({ status: 'done', attempts: 1 });
      expect(await job('bad:1')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'planned failure', due_at: now() + 1_000 });
      expect(await job('bad:2')).toMatchObject({ status: 'failed', attempts: 1, last_error: 'planned failure' });
    });

    it('prunes finished jobs after the retention, in bounded batches, and nothing else', async () => {
      await fresh.db.kysely.updateTable('jobs').set({ status: 'done', finished_at: now() }).where('key', '=', 'bad:1').execute();
      clock.advance(RETENTION - 1);
      await add('recent');
      await add('waiting', { dueAt: now() + 365 * 24 * HOUR });
      await engine.runOnce(); // 'recent' done now; the first five finished one retention ago
      expect(await job('recent')).toMatchObject({ status: 'done' });
      const left = async () => (await fresh.db.kysely.selectFrom('jobs').select('key').orderBy('key').execute()).map((r) => r.key);
      expect(await left()).toHaveLength(7);
      clock.advance(2);
      await engine.runOnce();
      expect(await left()).toHaveLength(5); // two per cycle
      await engine.runOnce();
      await engine.runOnce();
      expect(await left()).toEqual(['recent', 'waiting']);
      clock.advance(RETENTION);
      await engine.runOnce();
      expect(await left()).toEqual(['waiting']); // pending jobs are never pruned
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`jobs run together [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let engine: Engine;
    const clock = new FakeClock();
    const now = () => clock.now().getTime();
    const calls: string[][] = [];
    const add = (key: string, kind = 'test.together') => enqueue(fresh.db.kysely, { kind, key, payload: { key }, dueAt: now(), maxAttempts: 5 }, now());

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      engine = createEngine({ db: fresh.db, clock, owner: 'eng_t', jobBatchSize: 10, random: () => 0 });
      const write = async (tx: Parameters<typeof writeEffect>[0], key: string) => {
        await writeEffect(tx, key, 'eng_t');
        if (key.startsWith('bad')) throw new Error(`planned failure of ${key}`);
      };
      engine.registerJob('test.together', async (tx, j) => void (calls.push([j.key]), await write(tx, j.key)), {
        together: async (tx, jobs) => {
          calls.push(jobs.map((j) => j.key));
          for (const j of jobs) await write(tx, j.key);
        },
      });
      engine.registerJob('test.alone', async (tx, j) => void (calls.push([j.key]), await writeEffect(tx, j.key, 'eng_t')));
    });
    afterAll(async () => {
      await engine?.stop();
      await fresh?.drop();
    });

    it("a batch's jobs of a kind that runs together are one call; the others run alone", async () => {
      for (const k of ['t:1', 't:2', 'a:1', 't:3']) await add(k, k.startsWith('a') ? 'test.alone' : 'test.together');
      await engine.runOnce();
      expect(calls.sort()).toEqual([['a:1'], ['t:1', 't:2', 't:3']]);
      const effects = await effectCounts(fresh.db);
      expect(['t:1', 't:2', 't:3', 'a:1'].map((k) => effects.get(k))).toEqual([1, 1, 1, 1]);
      for (const k of ['t:1', 't:2', 't:3', 'a:1']) expect(await findJobByKey(fresh.db.kysely, k)).toMatchObject({ status: 'done', attempts: 1 });
    });

    it('when the call for them all throws, its work is rolled back and each job runs alone: only the bad one fails', async () => {
      calls.length = 0;
      for (const k of ['t:4', 'bad:5', 't:6']) await add(k);
      await engine.runOnce();
      expect(calls).toEqual([['t:4', 'bad:5', 't:6'], ['t:4'], ['bad:5'], ['t:6']]);
      const effects = await effectCounts(fresh.db);
      // Once each: the together call's writes were rolled back with it.
      expect(['t:4', 'bad:5', 't:6'].map((k) => effects.get(k))).toEqual([1, undefined, 1]);
      expect(await findJobByKey(fresh.db.kysely, 't:6')).toMatchObject({ status: 'done', attempts: 1 });
      expect(await findJobByKey(fresh.db.kysely, 'bad:5')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'planned failure of bad:5' });
    });
  });
}
