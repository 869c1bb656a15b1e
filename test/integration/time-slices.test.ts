import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/core/db/index.js';
import { SLICE_MS } from '../../src/core/db/time-slices.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';

// A long transaction lets the event loop run (src/core/db/time-slices.ts): on SQLite its
// statements are synchronous, so without the slices no I/O callback ran until it ended (an
// SMTP answer waited unread, a page's HTTP answer waited). On PostgreSQL every statement is I/O.

interface Probe {
  slices: { n: number; tx: string };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const probes = (db: Kysely<any>) => db as unknown as Kysely<Probe>;

for (const dialect of DIALECTS) {
  describe(`long transactions and the event loop [${dialect}]`, () => {
    let fresh: FreshDatabase;
    beforeAll(async () => {
      fresh = await freshDatabase(dialect, { migrate: false });
      await sql`create table slices (n integer not null, tx text not null)`.execute(fresh.db.kysely);
    });
    afterAll(() => fresh.drop());

    it('lets callbacks run while it works, and keeps its statements to itself', async () => {
      const turns: number[] = [];
      let inserted = 0;
      let done = false;
      const tick = () => {
        turns.push(inserted);
        if (!done) setImmediate(tick);
      };
      setImmediate(tick);
      let otherSaw = -1;
      let other: Promise<void> | undefined;
      await fresh.db.tx(async (tx) => {
        // Until callbacks have had several turns midway (with the slices, a few SLICE_MS), or
        // far past that without them. A bound in wall time failed once on a loaded machine: the
        // process, preempted, saw 40 ms pass in only a slice or two of statements.
        while ((turns.filter((n) => n > 0).length < 5 || inserted < 500) && inserted < 100_000) {
          await probes(tx).insertInto('slices').values({ n: inserted, tx: 'long' }).execute();
          inserted++;
          // A second transaction asked for meanwhile waits for this one (one connection on
          // SQLite, the rows' visibility on PostgreSQL): it sees all of it or none.
          other ??= turns.length > 1 ? startOther() : undefined;
        }
      });
      done = true;
      await other;
      const midway = turns.filter((n) => n > 0 && n < inserted);
      expect(midway.length).toBeGreaterThanOrEqual(3);
      expect(otherSaw).toBe(inserted);
      const rows = await probes(fresh.db.kysely).selectFrom('slices').select((eb) => eb.fn.countAll<number>().as('n')).where('tx', '=', 'long').executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(inserted);

      function startOther(): Promise<void> {
        return fresh.db.tx(async (t) => {
          if (dialect === 'postgres') await sql`lock table slices in exclusive mode`.execute(t);
          const r = await probes(t).selectFrom('slices').select((eb) => eb.fn.countAll<number>().as('n')).where('tx', '=', 'long').executeTakeFirstOrThrow();
          otherSaw = Number(r.n);
        });
      }
    });

    /** How many turns of the event loop came while a transaction of `statements` inserts ran. */
    async function turnsDuring(db: Database, statements: number): Promise<number> {
      let inserted = 0;
      let done = false;
      const midway: number[] = [];
      const tick = () => {
        if (inserted > 0 && !done) midway.push(inserted);
        if (!done) setImmediate(tick);
      };
      setImmediate(tick);
      const started = performance.now();
      await db.tx(async (tx) => {
        while (performance.now() - started < SLICE_MS * 10 || inserted < statements) {
          await probes(tx).insertInto('slices').values({ n: inserted, tx: 'turns' }).execute();
          inserted++;
        }
      });
      done = true;
      return midway.length;
    }

    it.runIf(dialect === 'sqlite')('runs to its end while another handle in this process has the file open: that handle would wait for the lock in this thread', async () => {
      const second = openDatabase(fresh.url);
      try {
        expect(await turnsDuring(fresh.db, 500)).toBe(0);
      } finally {
        await second.close();
      }
      // Alone again: sliced. At least one turn, not a count: on a loaded machine the 40 ms pass
      // mostly while this thread waits for the core, and then few statements start a new slice.
      expect(await turnsDuring(fresh.db, 500)).toBeGreaterThan(0);
    });
  });
}
