import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { openDatabase, type Database } from '../../src/core/db/index.js';
import { createEngine, enqueue, findJobByKey, type Engine } from '../../src/core/engine/index.js';
import { claimJobs, findLease } from '../../src/core/engine/store.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts, writeEffect } from '../support/engine-effects.js';
import { startProcess, type TestProcess } from '../support/engine-process.js';
import { waitFor } from '../support/wait-for.js';

const PAIR_WORKER = 'test/support/pair-worker.ts';
const JOB_LEASE_MS = 10_000;
const MODULE_LEASE_MS = 30_000;

for (const dialect of DIALECTS) {
  describe(`engine across instances [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let second: Database;
    const clock = new FakeClock();
    const engines: Engine[] = [];
    const runs = new Map<string, string[]>(); // job key → owners that ran its handler
    const now = () => clock.now().getTime();

    function makeEngine(db: Database, owner: string): Engine {
      const engine = createEngine({ db, clock, owner, jobLeaseMs: JOB_LEASE_MS, moduleLeaseMs: MODULE_LEASE_MS, jobBatchSize: 4, random: () => 0 });
      engine.registerJob('test.effect', async (tx, job) => {
        runs.set(job.key, [...(runs.get(job.key) ?? []), owner]);
        await sleep(2); // let the other instance's queries interleave
        await writeEffect(tx, job.key, owner);
      });
      engines.push(engine);
      return engine;
    }

    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      // PostgreSQL: a second pool, as a second instance would have. SQLite: better-sqlite3 is
      // synchronous, so two handles in one process would block each other's event loop on
      // the file lock; share the handle here. These tests are about leases on a fake clock;
      // real concurrency between engines is the child-process test below.
      second = dialect === 'postgres' ? openDatabase(fresh.url) : fresh.db;
    });
    afterAll(async () => {
      for (const e of engines) await e.stop();
      if (second !== fresh.db) await second.close();
      await fresh?.drop();
    });

    it('two engines never run the same module at once; a stopped one hands its lease over', async () => {
      let active = 0;
      let maxActive = 0;
      const ranBy: string[] = [];
      const module = (owner: string) => ({
        name: 'exclusive-test',
        tick: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          ranBy.push(owner);
          await sleep(10);
          active--;
        },
      });
      const a = makeEngine(fresh.db, 'eng_c');
      const b = makeEngine(second, 'eng_d');
      a.register(module('eng_c'));
      b.register(module('eng_d'));
      await a.runOnce(); // a takes the lease first
      for (let i = 0; i < 5; i++) {
        const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
        expect(ra.ran).toContain('exclusive-test');
        expect(rb.skipped).toContain('exclusive-test');
      }
      expect(maxActive).toBe(1);
      expect(new Set(ranBy)).toEqual(new Set(['eng_c']));
      await a.stop(); // releases the lease: b need not wait for it to expire
      expect((await b.runOnce()).ran).toContain('exclusive-test');
      expect(await findLease(fresh.db.kysely, 'exclusive-test')).toMatchObject({ owner: 'eng_d' });
      await b.stop();
    });

    it('takes over a module lease once the holder stops renewing it', async () => {
      const a = makeEngine(fresh.db, 'eng_e');
      const b = makeEngine(second, 'eng_f');
      const ranBy: string[] = [];
      a.register({ name: 'takeover', tick: async () => void ranBy.push('a') });
      b.register({ name: 'takeover', tick: async () => void ranBy.push('b') });
      await a.runOnce(); // then "a" dies without releasing
      clock.advance(MODULE_LEASE_MS);
      expect((await b.runOnce()).skipped).toContain('takeover'); // held until its expiry instant
      clock.advance(1);
      expect((await b.runOnce()).ran).toContain('takeover');
      expect(ranBy).toEqual(['a', 'b']);
    });

    it('reclaims a job whose worker died after claiming it', async () => {
      const b = makeEngine(second, 'eng_g');
      await enqueue(fresh.db.kysely, { kind: 'test.effect', key: 'orphan', payload: {}, dueAt: now() }, now());
      const [claimed] = await claimJobs(fresh.db.kysely, fresh.db.dialect, { owner: 'dead', now: now(), leaseMs: JOB_LEASE_MS, limit: 10 });
      expect(claimed).toMatchObject({ key: 'orphan', attempts: 1 });
      clock.advance(JOB_LEASE_MS);
      await b.runOnce();
      expect(await findJobByKey(fresh.db.kysely, 'orphan')).toMatchObject({ status: 'running', lease_owner: 'dead' });
      clock.advance(1);
      await b.runOnce();
      // Its batch died with its worker: reclaimed alone, and that loss does not count against it.
      expect(await findJobByKey(fresh.db.kysely, 'orphan')).toMatchObject({ status: 'done', attempts: 2, lone_losses: 0 });
      expect(runs.get('orphan')).toEqual(['eng_g']);
    });

    it('gives up on a job that lost its lease while running alone as often as it may be attempted', async () => {
      const b = makeEngine(second, 'eng_h');
      await enqueue(fresh.db.kysely, { kind: 'test.effect', key: 'poison', payload: {}, dueAt: now(), maxAttempts: 1 }, now());
      const claim = (owner: string, which: 'due' | 'lost') => claimJobs(fresh.db.kysely, fresh.db.dialect, { owner, now: now(), leaseMs: JOB_LEASE_MS, limit: 10, which });
      expect(await claim('dead', 'due')).toHaveLength(1); // its batch died: says nothing about it
      clock.advance(JOB_LEASE_MS + 1);
      expect(await claim('dead_again', 'lost')).toHaveLength(1); // reclaimed alone, and died again
      clock.advance(JOB_LEASE_MS + 1);
      await b.runOnce();
      const row = await findJobByKey(fresh.db.kysely, 'poison');
      expect(row).toMatchObject({ status: 'failed', attempts: 3, lone_losses: 1 });
      expect(row?.last_error).toMatch(/lost its lease 1 times running alone/);
      expect(runs.get('poison')).toBeUndefined();
    });

  });

  // Two engines in two processes on one database (on SQLite: two writers on the file; on
  // PostgreSQL: two pools), racing to claim the same due jobs on the real clock.
  describe(`two engine processes [${dialect}]`, () => {
    let fresh: FreshDatabase;
    const workers: TestProcess[] = [];
    beforeAll(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
    });
    afterAll(async () => {
      for (const w of workers) await w.stop();
      await fresh?.drop();
    });

    it('two engines never run the same job twice', async () => {
      const a = await startProcess(PAIR_WORKER, [fresh.url, 'eng_a']);
      workers.push(a);
      const b = await startProcess(PAIR_WORKER, [fresh.url, 'eng_b']);
      workers.push(b);
      // 25 waves of 4 jobs, each wave a race between the two processes to claim it.
      const keys = Array.from({ length: 100 }, (_v, i) => `pair:${i}`);
      const waves = Array.from({ length: 25 }, (_v, w) => keys.slice(w * 4, w * 4 + 4));
      // Each wave is due at one instant: both processes sleep until it (their next due job) and
      // wake together to claim it. (On SQLite the race is for the file's write lock.)
      // A second ahead and 60 ms apart: on a loaded machine a process that had not yet seen the
      // jobs by the first wave (it polls every 100 ms) lost every race, and the test proved nothing.
      const first = Date.now() + 1_000;
      await fresh.db.tx(async (tx) => {
        for (const [w, wave] of waves.entries()) {
          for (const k of wave) await enqueue(tx, { kind: 'test.effect', key: k, payload: {}, dueAt: first + w * 60 }, Date.now());
        }
      });
      await waitFor(
        async () => (await fresh.db.kysely.selectFrom('jobs').select('id').where('status', '!=', 'done').execute()).length === 0,
        { timeoutMs: 20_000, what: 'every job to be done' },
      );
      await a.stop();
      await b.stop();
      const ranBy = new Map<string, string[]>(); // job key → processes whose handler ran it
      for (const [owner, w] of [['eng_a', a], ['eng_b', b]] as const) {
        for (const line of w.lines) if (line.startsWith('ran ')) ranBy.set(line.slice(4), [...(ranBy.get(line.slice(4)) ?? []), owner]);
      }
      expect([...ranBy.entries()].filter(([, owners]) => owners.length !== 1)).toEqual([]);
      expect([...ranBy.keys()].sort()).toEqual([...keys].sort());
      const share = [...ranBy.values()].flat().filter((o) => o === 'eng_a').length;
      expect(share, `eng_a ran ${share} of ${keys.length}`).toBeGreaterThan(0); // both shared the work
      expect(share, `eng_a ran ${share} of ${keys.length}`).toBeLessThan(keys.length);
      const effects = await effectCounts(fresh.db);
      expect(keys.every((k) => effects.get(k) === 1)).toBe(true);
    });
  });
}
