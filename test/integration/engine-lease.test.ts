import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/clock.js';
import { makeCtx, systemActor } from '../../src/core/context.js';
import { runBatch } from '../../src/core/engine/batch.js';
import { createEngine, enqueue, findJobByKey, type JobHandler } from '../../src/core/engine/index.js';
import { claimJobs } from '../../src/core/engine/store.js';
import { createEventBus } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/log.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';
import { createEffectsTable, effectCounts, writeEffect } from '../support/engine-effects.js';
import { startProcess, waitFor, type TestProcess } from '../support/engine-process.js';

// Leases are checked inside the work's own transaction: an exclusive module's tick, and each job.

const TICK_WORKER = 'test/support/engine-tick-worker.ts';
const live: TestProcess[] = [];

for (const dialect of DIALECTS) {
  describe(`engine leases inside the transaction [${dialect}]`, () => {
    let fresh: FreshDatabase;
    afterEach(async () => {
      for (const p of live.splice(0)) await p.stop('SIGKILL');
      await fresh?.drop();
    });
    const effect = async (key: string) => (await effectCounts(fresh.db)).get(key);

    it('a tick that overruns its lease does not run twice across instances', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      // Lease 500 ms, tick 10 s: the second instance tries to take the lease while the first's tick
      // runs on (a loaded machine once took over 5 s to start it).
      const a = await startProcess(TICK_WORKER, [fresh.url, 'tick_a', '500', '10000']);
      live.push(a);
      await waitFor('a tick by a', async () => (a.lines.includes('tick tick_a 0') ? true : undefined));
      const b = await startProcess(TICK_WORKER, [fresh.url, 'tick_b', '500', '10000']);
      live.push(b);
      expect(await effect('overrun')).toBeUndefined(); // b is up while a's tick still runs, past its lease
      await waitFor('the effect', () => effect('overrun'));
      await a.stop(); // hands the lease over
      await waitFor('a tick by b after the effect', async () => (b.lines.includes('tick tick_b 1') ? true : undefined));
      await b.stop();
      expect(b.lines).not.toContain('tick tick_b 0');
      expect(await effect('overrun')).toBe(1);
    }, 60_000);

    it('fails a tick that outlives its timeout, in the report and the log, rolling its transaction back', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
      const engine = createEngine({ db: fresh.db, clock: new FakeClock(), owner: 'eng_t', tickTimeoutMs: 50, log });
      engine.register({
        name: 'hangs',
        tick: async (ctx) => {
          await writeEffect(ctx.tx, 'hangs', 'eng_t');
          await new Promise<void>(() => undefined);
        },
      });
      expect(await engine.runOnce()).toMatchObject({ failed: ['hangs'] });
      expect(lines.filter((l) => l.includes('"module":"hangs"') && l.includes('timed out after 50 ms'))).toHaveLength(1);
      expect(await effect('hangs')).toBeUndefined();
      expect((await engine.runOnce()).failed).toEqual(['hangs']); // the database is free for the next cycle
      await engine.stop();
    });

    it('a worker whose job claim was taken over runs neither the handler nor done (lock-and-verify)', async () => {
      fresh = await freshDatabase(dialect);
      await createEffectsTable(fresh.db);
      const clock = new FakeClock();
      const now = () => clock.now().getTime();
      await enqueue(fresh.db.kysely, { kind: 'test.takeover', key: 'taken', payload: {}, dueAt: now() }, now());
      const claim = (owner: string) => claimJobs(fresh.db.kysely, fresh.db.dialect, { owner, now: now(), leaseMs: 1_000, limit: 10 });
      const [stale] = await claim('slow_worker'); // claimed, then stalled past its lease ...
      clock.advance(1_001);
      expect((await claim('other_worker')).map((r) => r.id)).toEqual([stale!.id]); // ... and taken over
      let ran = 0;
      const handler: JobHandler = async (tx, job) => void (ran++, await writeEffect(tx, job.key, 'slow_worker'));
      const ctx = makeCtx({ clock, db: fresh.db, bus: createEventBus() }, systemActor('test'), 'req', silentLogger);
      await runBatch({ db: fresh.db, owner: 'slow_worker', handlers: new Map([['test.takeover', handler]]), random: () => 0 }, ctx, [stale!], now());
      expect(ran).toBe(0);
      expect(await effect('taken')).toBeUndefined();
      expect(await findJobByKey(fresh.db.kysely, 'taken')).toMatchObject({ status: 'running', lease_owner: 'other_worker', attempts: 2 });
    });
  });
}
