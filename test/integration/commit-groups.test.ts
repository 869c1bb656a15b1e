import { expect, it } from 'vitest';
import { createCommitGroups } from '../../src/core/commit-groups.js';
import type { Ctx } from '../../src/core/context.js';
import { emit, type Unit } from '../../src/core/events.js';
import { describeEachDatabase } from '../support/harness.js';

describeEachDatabase('group commit', (h) => {
  /** A ctx whose bus keeps what each committed transaction handed over. */
  function recordingCtx(): { ctx: Ctx; committed: Unit[] } {
    const committed: Unit[] = [];
    const base = h.ctx();
    return { committed, ctx: { ...base, bus: { ...base.bus, dispatch: async () => undefined, committed: (u: Unit) => void committed.push(u) } } };
  }

  const counters = async (prefix: string) =>
    (await h.db.kysely.selectFrom('counters').select(['name', 'value']).where('name', 'like', `${prefix}%`).execute()).map((r) => r.name).sort();

  it('commits many concurrent units in few transactions; a failing unit rolls back alone, with its events', async () => {
    const groups = createCommitGroups();
    const { ctx, committed } = recordingCtx();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        groups.run(ctx, async (t) => {
          await t.tx.insertInto('counters').values({ name: `gc_${String(i).padStart(3, '0')}`, value: i }).execute();
          await emit(t, 'test.unit', { i }, 0);
          if (i % 10 === 7) throw new Error(`unit ${i} refuses`);
          return i;
        }),
      ),
    );
    const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
    expect(failed).toEqual(Array.from({ length: 20 }, (_, k) => k * 10 + 7));
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value)).toHaveLength(180);
    const kept = await counters('gc_');
    expect(kept).toHaveLength(180);
    expect(kept).not.toContain('gc_007');
    // Every kept unit's event reached the bus after commit, and no failed unit's did.
    const published = committed.flatMap((u) => u.events.map((e) => (e.data as { i: number }).i)).sort((a, b) => a - b);
    expect(published).toEqual(Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 10 !== 7));
    const stats = groups.stats();
    expect(stats.units).toBe(200);
    expect(stats.groups).toBeLessThan(20);
    expect(committed).toHaveLength(stats.groups);
  });

  it('a unit that breaks a constraint fails with the database error while its group commits', async () => {
    const groups = createCommitGroups();
    const { ctx } = recordingCtx();
    const insert = (name: string) => groups.run(ctx, (t) => t.tx.insertInto('counters').values({ name, value: 1 }).execute());
    const [a, dup, b] = await Promise.allSettled([insert('gd_a'), insert('gd_a'), insert('gd_b')]);
    expect(a.status).toBe('fulfilled');
    expect(dup.status).toBe('rejected');
    expect(String((dup as PromiseRejectedResult).reason)).toMatch(/unique|duplicate|constraint/i);
    expect(b.status).toBe('fulfilled');
    expect(await counters('gd_')).toEqual(['gd_a', 'gd_b']);
  });

  it('answers a lone unit without waiting for company, and each caller only after its group committed', async () => {
    const groups = createCommitGroups({ maxGroup: 4 });
    const { ctx, committed } = recordingCtx();
    const seenAtAnswer: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        groups.run(ctx, async (t) => {
          await emit(t, 'test.unit', { i }, 0);
        }).then(() => seenAtAnswer.push(committed.flatMap((u) => u.events).length)),
      ),
    );
    // Groups of at most 4: 4 + 4 + 2, and when a caller heard back its group's events were out.
    expect(groups.stats()).toMatchObject({ groups: 3, units: 10, largest: 4 });
    expect(seenAtAnswer).toEqual([4, 4, 4, 4, 8, 8, 8, 8, 10, 10]);
    await groups.run(ctx, async () => undefined);
    expect(groups.stats().groups).toBe(4);
  });

  it('a batch step settles the units it can in one go (their work does not run); should it fail, every unit runs its own work; a lone unit runs its own', async () => {
    const { ctx } = recordingCtx();
    for (const failing of [false, true]) {
      const tag = failing ? 'gbf' : 'gbo';
      const seen: (number | undefined)[][] = [];
      const groups = createCommitGroups<number>({
        batch: async (t, items) => {
          seen.push([...items]);
          // Even items are settled here, with a row of their own written by the batch.
          for (const i of items) if (i !== undefined && i % 2 === 0) await t.tx.insertInto('counters').values({ name: `${tag}_batch_${i}`, value: i }).execute();
          if (failing) throw new Error('batch refuses');
          return items.map((i) => (i !== undefined && i % 2 === 0 ? { value: `batch ${i}` } : undefined));
        },
      });
      const unit = (i: number, item?: number) =>
        groups.run(
          ctx,
          async (t) => {
            await t.tx.insertInto('counters').values({ name: `${tag}_unit_${i}`, value: i }).execute();
            return `unit ${i}`;
          },
          item,
        );
      const answers = await Promise.all([unit(0, 0), unit(1, 1), unit(2, 2), unit(3)]);
      expect(seen).toEqual([[0, 1, 2, undefined]]);
      if (!failing) {
        expect(answers).toEqual(['batch 0', 'unit 1', 'batch 2', 'unit 3']);
        expect(await counters(`${tag}_`)).toEqual([`${tag}_batch_0`, `${tag}_batch_2`, `${tag}_unit_1`, `${tag}_unit_3`]);
      } else {
        // The batch's writes went with it; each unit did its own.
        expect(answers).toEqual(['unit 0', 'unit 1', 'unit 2', 'unit 3']);
        expect(await counters(`${tag}_`)).toEqual([`${tag}_unit_0`, `${tag}_unit_1`, `${tag}_unit_2`, `${tag}_unit_3`]);
      }
      // One unit with an item has nothing to share: the batch is not asked, its own work runs.
      expect(await unit(4, 4)).toBe('unit 4');
      expect(seen).toHaveLength(1);
    }
  });

  // Two groups (as two instances would run them) take the same two rows in opposite orders:
  // PostgreSQL breaks the deadlock by failing one unit's statement, and that unit is run again
  // once its savepoint is undone. Both callers get their answer; both writes are kept.
  it.runIf(h.dialect === 'postgres')('runs again a unit that lost a deadlock, and both callers are answered', async () => {
    await h.db.kysely.insertInto('counters').values([{ name: 'gl_x', value: 0 }, { name: 'gl_y', value: 0 }]).execute();
    const [first, second] = [createCommitGroups(), createCommitGroups()];
    const { ctx } = recordingCtx();
    let holding = 0;
    let bothHold!: () => void;
    const both = new Promise<void>((r) => (bothHold = r));
    const bump = (a: string, b: string) => async (t: Parameters<Parameters<typeof first.run>[1]>[0]) => {
      await t.tx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('name', '=', a).execute();
      if (++holding === 2) bothHold();
      await both; // each holds its first row before either asks for its second
      await t.tx.updateTable('counters').set((eb) => ({ value: eb('value', '+', 10) })).where('name', '=', b).execute();
      return `${a}${b}`;
    };
    const answers = await Promise.allSettled([first.run(ctx, bump('gl_x', 'gl_y')), second.run(ctx, bump('gl_y', 'gl_x'))]);
    const said = answers.map((a) => (a.status === 'fulfilled' ? a.value : String(a.reason)));
    expect(said, JSON.stringify(said)).toEqual(['gl_xgl_y', 'gl_ygl_x']);
    const rows = await h.db.kysely.selectFrom('counters').select(['name', 'value']).where('name', 'in', ['gl_x', 'gl_y']).orderBy('name').execute();
    expect(rows).toEqual([{ name: 'gl_x', value: 11 }, { name: 'gl_y', value: 11 }]);
  }, 20_000);
});
