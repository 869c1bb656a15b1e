import { sql } from 'kysely';
import type { Ctx, TxCtx } from './context.js';
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
export interface CommitGroupsOptions {
  /** Units in one transaction at most (default 512). */
  maxGroup?: number;
}

interface Pending {
  ctx: Ctx;
  work: (ctx: TxCtx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export interface CommitGroups {
  /** Runs `work` in the next group's transaction; resolves after that transaction commits. */
  run<T>(ctx: Ctx, work: (ctx: TxCtx) => Promise<T>): Promise<T>;
  /** Groups committed and units run so far (for `/metrics` and the bench). */
  stats(): { groups: number; units: number; largest: number };
}

export function createCommitGroups(opts: CommitGroupsOptions = {}): CommitGroups {
  const maxGroup = Math.max(1, opts.maxGroup ?? 512);
  const queue: Pending[] = [];
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

  async function commitGroup(group: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      // The first unit's ctx opens the transaction: the actor and request differ per unit, but
      // the transaction, its domain events and its after-commit work are shared.
      await inTransaction(group[0]!.ctx, async (t) => {
        for (const p of group) outcomes.push(await runInSavepoint(t, p));
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

  // One name for every unit (each is released before the next begins): varying names would be
  // as many different statements to prepare.
  async function runInSavepoint(t: TxCtx, p: Pending, name = 'group_unit') {
    const marks = { events: t.unit.events.length, afterCommit: t.unit.afterCommit.length, wake: t.unit.wake };
    await sql.raw(`savepoint ${name}`).execute(t.tx);
    try {
      const value = await p.work({ ...p.ctx, tx: t.tx, unit: t.unit });
      await sql.raw(`release savepoint ${name}`).execute(t.tx);
      return { ok: true as const, value };
    } catch (error) {
      await sql.raw(`rollback to savepoint ${name}`).execute(t.tx);
      await sql.raw(`release savepoint ${name}`).execute(t.tx);
      t.unit.events.length = marks.events;
      t.unit.afterCommit.length = marks.afterCommit;
      t.unit.wake = marks.wake;
      return { ok: false as const, error };
    }
  }

  return {
    run<T>(ctx: Ctx, work: (ctx: TxCtx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ ctx, work, resolve: resolve as (v: unknown) => void, reject });
        schedule();
      });
    },
    stats: () => ({ ...counts }),
  };
}
