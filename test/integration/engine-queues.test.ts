import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { makeCtx, systemActor } from '../../src/core/context.js';
import { createEngine, enqueue, findJobByKey, schedule, type Engine, type EngineOptions } from '../../src/core/engine/index.js';
import { createEventBus, inTransaction } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/log.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts, writeEffect } from '../support/engine-effects.js';
import { waitFor } from '../support/engine-process.js';

// Job queues on the real clock: independent of each other and of the cycle, woken by commits.

for (const dialect of DIALECTS) {
  describe(`engine job queues [${dialect}]`, () => {
    let fresh: FreshDatabase;
    let engine: Engine | undefined;
    const bus = createEventBus();
    beforeEach(async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
    });
    afterEach(async () => {
      await engine?.stop();
      engine = undefined;
      await fresh.drop();
    });
    const make = (opts: Partial<EngineOptions> = {}) => (engine = createEngine({ db: fresh.db, clock: systemClock, bus, intervalMs: 60_000, ...opts }));
    const status = async (key: string) => (await findJobByKey(fresh.db.kysely, key))?.status;
    const add = (kind: string, key: string, dueAt = Date.now()) => enqueue(fresh.db.kysely, { kind, key, payload: {}, dueAt }, Date.now());

    it('a backlog of slow jobs in one queue does not hold back another queue', async () => {
      const e = make({ queues: { provider: { concurrency: 1, batchSize: 1 } } });
      e.registerJob('test.slow', async (tx, job) => void (await sleep(200), await writeEffect(tx, job.key, 'slow')), { queue: 'provider' });
      e.registerJob('test.fast', async (tx, job) => writeEffect(tx, job.key, 'fast'));
      for (let i = 0; i < 10; i++) await add('test.slow', `slow:${i}`);
      await add('test.fast', 'fast');
      e.start();
      await waitFor('the fast job', async () => ((await status('fast')) === 'done' ? true : undefined), 5_000);
      const slowDone = [...(await effectCounts(fresh.db)).keys()].filter((k) => k.startsWith('slow:')).length;
      expect(slowDone).toBeLessThanOrEqual(3); // one queue-length in, not ten
    });

    it.runIf(dialect === 'postgres')('a handler that blocks does not delay jobs of another queue', async () => {
      // PostgreSQL only: on SQLite one process has one connection, so a handler blocking inside
      // its transaction holds every writer (README: queues and SQLite).
      let release!: () => void;
      const blocked = new Promise<void>((r) => (release = r));
      const e = make();
      e.registerJob('test.blocks', async () => blocked, { queue: 'provider' });
      e.registerJob('test.fast', async (tx, job) => writeEffect(tx, job.key, 'fast'));
      await add('test.blocks', 'blocks');
      e.start();
      await waitFor('the blocking job to start', async () => ((await status('blocks')) === 'running' ? true : undefined));
      for (let i = 0; i < 5; i++) await add('test.fast', `fast:${i}`);
      e.trigger();
      for (let i = 0; i < 5; i++) await waitFor(`fast:${i}`, async () => ((await status(`fast:${i}`)) === 'done' ? true : undefined), 5_000);
      expect(await status('blocks')).toBe('running');
      release();
      await waitFor('the blocking job', async () => ((await status('blocks')) === 'done' ? true : undefined));
    });

    it('stop waits for the jobs in flight', async () => {
      const e = make();
      let began = false;
      e.registerJob('test.slow', async (tx, job) => void ((began = true), await sleep(300), await writeEffect(tx, job.key, 'slow')));
      await add('test.slow', 'inflight');
      e.start();
      await waitFor('the job to start', async () => (began ? true : undefined));
      await e.stop();
      expect(await status('inflight')).toBe('done');
    });

    it('a job due now starts within 50 ms of the commit that scheduled it', async () => {
      const e = make();
      bus.connect({ publish: () => undefined, wake: () => e.trigger() });
      const started = new Map<string, number>();
      e.registerJob('test.now', async (_tx, job) => void started.set(job.key, performance.now()));
      e.start();
      await sleep(50); // the first claim has found nothing; the queue now sleeps for the interval
      const ctx = makeCtx({ clock: systemClock, db: fresh.db, bus }, systemActor('test'), 'req', silentLogger);
      const delays: number[] = [];
      for (let i = 0; i < 7; i++) {
        await inTransaction(ctx, (tx) => schedule(tx, { kind: 'test.now', key: `now:${i}`, payload: {}, dueAt: Date.now() }));
        const committed = performance.now();
        delays.push((await waitFor(`now:${i}`, async () => started.get(`now:${i}`), 5_000)) - committed);
      }
      // The median holds the 50 ms goal; the bound on the slowest only absorbs a shared, loaded
      // machine's scheduling stalls (measured idle: 7-15 ms on SQLite, 12-30 ms on PostgreSQL).
      delays.sort((x, y) => x - y);
      expect(delays[3]).toBeLessThan(50);
      expect(delays[6]).toBeLessThan(250);
    });

    it('wakes for the next due job instead of waiting for the interval, never early', async () => {
      const e = make();
      const lateness = new Map<string, number>();
      e.registerJob('test.later', async (_tx, job) => void lateness.set(job.key, Date.now() - job.dueAt));
      const t = Date.now();
      for (const [i, ms] of [300, 600, 900].entries()) await add('test.later', `later:${i}`, t + ms);
      e.start();
      await waitFor('three jobs', async () => (lateness.size === 3 ? true : undefined), 5_000);
      // The interval is a minute: each ran when due (the bound only absorbs a loaded machine's stalls).
      for (const late of lateness.values()) {
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThan(1_000);
      }
    });
  });
}
