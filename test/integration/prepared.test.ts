import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf, prepared } from '../../src/core/db/prepared.js';
import { DIALECTS, freshDatabase, type FreshDatabase } from '../support/db.js';

// A table of the test's own: prepared statements work on any table, and this one has no FKs.
interface Probe {
  probes: { id: string; n: number; note: string | null };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const probes = (db: Kysely<any>) => db as unknown as Kysely<Probe>;

const insertProbe = prepared((db, p: { id: string; n: number; note: string | null }) =>
  probes(db).insertInto('probes').values({ id: p.id, n: p.n, note: p.note }).onConflict((oc) => oc.column('id').doNothing()),
);
// A constant written in the statement stays constant; only the stand-ins take the values.
const bump = prepared((db, p: { id: string }) =>
  probes(db).updateTable('probes').set((eb) => ({ n: eb('n', '+', 10) })).where('id', '=', p.id).where('n', '>=', 0).returning(['id', 'n']),
);
const byIds = prepared((db, p: { ids: readonly string[] }) => probes(db).selectFrom('probes').select('id').where('id', 'in', p.ids).orderBy('id'));
const byNote = prepared((db, p: { note: string; limit: number }) => probes(db).selectFrom('probes').select(['id', 'n']).where('note', '=', p.note).orderBy('id').limit(p.limit));

for (const dialect of DIALECTS) {
  describe(`prepared statements [${dialect}]`, () => {
    let fresh: FreshDatabase;
    beforeAll(async () => {
      fresh = await freshDatabase(dialect, { migrate: false });
      await sql`create table probes (id text primary key, n integer not null, note text)`.execute(fresh.db.kysely);
    });
    afterAll(() => fresh.drop());

    it('knows its database from the handle, inside a transaction too', async () => {
      expect(dialectOf(fresh.db.kysely)).toBe(dialect);
      expect(await fresh.db.tx(async (q) => dialectOf(q))).toBe(dialect);
    });

    it('binds new values on every call and keeps the constants written in the statement', async () => {
      expect(await insertProbe.affected(fresh.db.kysely, { id: 'a', n: 1, note: 'x' })).toBe(1);
      expect(await insertProbe.affected(fresh.db.kysely, { id: 'b', n: 2, note: 'x' })).toBe(1);
      expect(await insertProbe.affected(fresh.db.kysely, { id: 'c', n: 3, note: null })).toBe(1);
      // on conflict do nothing: nothing affected, nothing changed
      expect(await insertProbe.affected(fresh.db.kysely, { id: 'a', n: 99, note: 'y' })).toBe(0);
      expect(await bump.first(fresh.db.kysely, { id: 'b' })).toEqual({ id: 'b', n: 12 });
      expect(await bump.all(fresh.db.kysely, { id: 'nobody' })).toEqual([]);
      expect(await byNote.all(fresh.db.kysely, { note: 'x', limit: 5 })).toEqual([
        { id: 'a', n: 1 },
        { id: 'b', n: 12 },
      ]);
      expect(await byNote.all(fresh.db.kysely, { note: 'x', limit: 1 })).toEqual([{ id: 'a', n: 1 }]);
    });

    it('takes a list of any length, one statement per length', async () => {
      const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
      expect(ids(await byIds.all(fresh.db.kysely, { ids: ['a'] }))).toEqual(['a']);
      expect(ids(await byIds.all(fresh.db.kysely, { ids: ['c', 'a', 'zz'] }))).toEqual(['a', 'c']);
      expect(ids(await byIds.all(fresh.db.kysely, { ids: ['b'] }))).toEqual(['b']);
      // longer than the lists kept: built afresh, same answer
      const many = Array.from({ length: 40 }, (_, i) => `n${i}`).concat('b');
      expect(ids(await byIds.all(fresh.db.kysely, { ids: many }))).toEqual(['b']);
    });

    it('runs inside the caller transaction and rolls back with it', async () => {
      await expect(
        fresh.db.tx(async (q) => {
          await insertProbe.run(q, { id: 'd', n: 4, note: 'tx' });
          expect(await byNote.all(q, { note: 'tx', limit: 5 })).toEqual([{ id: 'd', n: 4 }]);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await byNote.all(fresh.db.kysely, { note: 'tx', limit: 5 })).toEqual([]);
    });

    it('refuses a value the statement has no place for (a column an insert would drop silently)', async () => {
      await expect(insertProbe.run(fresh.db.kysely, { id: 'f', n: 6, note: null, colour: 'red' } as never)).rejects.toThrow(/colour has no place/);
      expect(await byNote.all(fresh.db.kysely, { note: 'f', limit: 5 })).toEqual([]);
    });

    it('refuses a missing value instead of binding undefined, and writes nothing', async () => {
      await expect(insertProbe.run(fresh.db.kysely, { id: 'e', n: 5 } as never)).rejects.toThrow(/no value for note/);
      expect(await byNote.all(fresh.db.kysely, { note: 'e', limit: 5 })).toEqual([]);
      const { rows } = await sql<{ c: number }>`select count(*) as c from probes where id = 'e'`.execute(fresh.db.kysely);
      expect(Number(rows[0]!.c)).toBe(0);
    });
  });
}
