import { CompiledQuery } from 'kysely';
import type { Ctx, TxCtx } from './context.js';
import { isTransientConflict } from './db/index.js';
import { inTransaction } from './events.js';

/**
 * Group commit: many small units of work (one inbound alert event each) share one transaction,
 * and each caller is answered only once that transaction has committed. On SQLite a commit is an
 * fsync, so one per event caps intake near 1,000 a second; one per group does not. Each unit runs
 * in a savepoint of its own, so one that fails rolls back alone (its domain events and after-
 * commit work with it) and its caller gets its error, while the rest of the group commits.
 *
 * A group takes what has queued by the time the previous one committed (no waiting to fill up:
 * under light load a unit commits within one turn of the event loop, alone), `maxGroup` at most.
 */
export interface CommitGroupsOptions<B = never> {
  /** Units in one transaction at most (default 512). */
  maxGroup?: number;
  /**
   * Work that many units of a group can share, done once, first, in the group's transaction (in
   * a savepoint of its own): given each unit's `item` in arrival order (undefined for a unit run
   * without one), it answers per unit `{ value }` when that settles the unit (its own work is not
   * run, its caller gets `value` after the commit) or undefined (the unit's work runs as usual).
   * Should it throw, every unit runs its own work. Intake counts a group's repeats this way: one
   * statement instead of one per event. A group with one such unit does not run it: sharing needs
   * two, and alone it would only add a savepoint and repeat reads the unit's own work makes again
   * (a lone event opening an incident on PostgreSQL: three round trips of about forty).
   */
  batch?: (t: TxCtx, items: readonly (B | undefined)[]) => Promise<readonly ({ value: unknown } | undefined)[]>;
}

interface Pending<B> {
  ctx: Ctx;
  work: (ctx: TxCtx) => Promise<unknown>;
  item: B | undefined;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface CommitGroups<B = never> {
  /**
   * Runs `work` in the next group's transaction; resolves after that transaction commits. With
   * an `item`, the group's `batch` may settle the unit instead (see CommitGroupsOptions.batch).
   */
  run<T>(ctx: Ctx, work: (ctx: TxCtx) => Promise<T>, item?: B): Promise<T>;
  /** Groups committed and units run so far (for `/metrics` and the bench). */
  stats(): { groups: number; units: number; largest: number };
}

/** Times a unit lost to a deadlock is run again before its caller gets the error. */
const CONFLICT_RETRIES = 2;

// One name for every unit (each is released before the next begins): varying names would be
// as many different statements to prepare. Written once: they run for every unit.
const SAVEPOINT = CompiledQuery.raw('savepoint group_unit');
const RELEASE = CompiledQuery.raw('release savepoint group_unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint group_unit');
const RELEASE_AND_SAVEPOINT = CompiledQuery.raw('release savepoint group_unit; savepoint group_unit');

interface Savepoints {
  /** Starts a unit's savepoint. */
  open(): Promise<void>;
  /** The unit succeeded: its work stays. */
  done(): Promise<void>;
  /** The unit failed: its work is undone. */
  undo(): Promise<void>;
}

/**
 * A unit's savepoint. On PostgreSQL each statement is a round trip, so a unit's release is sent
 * with the next unit's savepoint as one parameterless query (two statements), and the last one is
 * released by the commit itself: one round trip per unit instead of two. SQLite (in process, and
 * one statement per prepare) releases each at once.
 */
function savepoints(t: TxCtx): Savepoints {
  if (t.db.dialect !== 'postgres') {
    return {
      open: async () => void (await t.tx.executeQuery(SAVEPOINT)),
      done: async () => void (await t.tx.executeQuery(RELEASE)),
      undo: async () => {
        await t.tx.executeQuery(ROLLBACK_TO);
        await t.tx.executeQuery(RELEASE);
      },
    };
  }
  let pending = false;
  return {
    open: async () => {
      await t.tx.executeQuery(pending ? RELEASE_AND_SAVEPOINT : SAVEPOINT);
      pending = true;
    },
    done: async () => undefined,
    undo: async () => void (await t.tx.executeQuery(ROLLBACK_TO)),
  };
}

export function createCommitGroups<B = never>(opts: CommitGroupsOptions<B> = {}): CommitGroups<B> {
  const maxGroup = Math.max(1, opts.maxGroup ?? 512);
  const queue: Pending<B>[] = [];
  let running = false;
  let scheduled = false;
  const counts = { groups: 0, units: 0, largest: 0 };

  // A group starts in the event loop's check phase, after every request that arrived in this turn
  // has queued its unit: better-sqlite3 runs a whole transaction, fsync included, without giving
  // the loop a turn, so starting at once would commit every unit alone.
  function schedule(): void {
    if (scheduled || running || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => void drainOne());
  }

  async function drainOne(): Promise<void> {
    scheduled = false;
    running = true;
    const group = queue.splice(0, maxGroup);
    try {
      await commitGroup(group);
    } finally {
      running = false;
      schedule();
    }
  }

  async function commitGroup(group: Pending<B>[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // The first unit's ctx opens the transaction: the actor and request differ per unit, but
      // the transaction, its domain events and its after-commit work are shared.
      await inTransaction(group[0]!.ctx, async (t) => {
        const sp = savepoints(t);
        const settled = await runBatch(t, sp, group);
        for (const [i, p] of group.entries()) {
          const done = settled[i];
          outcomes.push(done ? { ok: true, value: done.value } : await runUnit(t, sp, p));
        }
      });
    } catch (err) {
      // The commit itself failed (the database went away): nothing of the group was kept.
      for (const p of group) p.reject(err);
      return;
    }
    counts.groups++;
    counts.units += group.length;
    counts.largest = Math.max(counts.largest, group.length);
    group.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  /** The group's shared work, if any: what it settled, per unit; nothing when it failed. */
  async function runBatch(t: TxCtx, sp: Savepoints, group: Pending<B>[]): Promise<readonly ({ value: unknown } | undefined)[]> {
    const batch = opts.batch;
    if (!batch || group.filter((p) => p.item !== undefined).length < 2) return [];
    const r = await runInSavepoint(t, sp, t, (bt) => batch(bt, group.map((p) => p.item)));
    return r.ok ? r.value : [];
  }

  /**
   * A unit that PostgreSQL chose as a deadlock's victim is run again (its savepoint undone, so it
   * holds none of the locks it took): the other transaction goes on, and the repeat usually goes
   * through. Two instances grouping repeats of the same alerts in different requests can meet so.
   */
  async function runUnit(t: TxCtx, sp: Savepoints, p: Pending<B>) {
    let outcome = await runInSavepoint(t, sp, p.ctx, p.work);
    for (let again = 0; again < CONFLICT_RETRIES && !outcome.ok && isTransientConflict(outcome.error); again++) {
      outcome = await runInSavepoint(t, sp, p.ctx, p.work);
    }
    return outcome;
  }

  async function runInSavepoint<T>(t: TxCtx, sp: Savepoints, ctx: Ctx, work: (ctx: TxCtx) => Promise<T>) {
    const marks = { events: t.unit.events.length, afterCommit: t.unit.afterCommit.length, wake: t.unit.wake };
    await sp.open();
    try {
      const value = await work({ ...ctx, tx: t.tx, unit: t.unit });
      await sp.done();
      return { ok: true as const, value };
    } catch (error) {
      await sp.undo();
      t.unit.events.length = marks.events;
      t.unit.afterCommit.length = marks.afterCommit;
      t.unit.wake = marks.wake;
      return { ok: false as const, error };
    }
  }

  return {
    run<T>(ctx: Ctx, work: (ctx: TxCtx) => Promise<T>, item?: B): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ ctx, work, item, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    stats: () => ({ ...counts }),
  };
}
