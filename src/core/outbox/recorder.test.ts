import { describe, expect, it } from 'vitest';
import type { Database } from '../db/index.js';
import { createRecorder } from './recorder.js';

/** A Database whose transactions only log which writes ran together (a failing write fails its transaction). */
function fakeDb() {
  const batches: string[][] = [];
  const db = {
    tx: async (fn: (tx: string[]) => Promise<void>) => {
      const batch: string[] = [];
      await new Promise((r) => setTimeout(r, 5)); // a commit takes a while
      await fn(batch);
      batches.push(batch);
    },
  } as unknown as Database;
  return { db, batches };
}

const write = (name: string, fail = false) => async (tx: unknown) => {
  if (fail) throw new Error(`${name} failed`);
  (tx as string[]).push(name);
};

describe('recorder (group commit)', () => {
  it('writes handed in together, or during a commit, share one transaction and get their results', async () => {
    const { db, batches } = fakeDb();
    const r = createRecorder(db);
    const first = [r.record(write('a')), r.record(write('b'))];
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first commit is under way
    const second = [r.record(write('c')), r.record(write('d')), r.record(async () => 42)];
    await Promise.all(first);
    expect(await Promise.all(second)).toEqual([undefined, undefined, 42]);
    expect(batches).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('retries a failed batch write by write, so only the bad one fails', async () => {
    const { db, batches } = fakeDb();
    const r = createRecorder(db);
    const results = await Promise.allSettled([r.record(write('a')), r.record(write('b')), r.record(write('bad', true)), r.record(write('c'))]);
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([['a'], ['b'], ['c']]); // the batch of four failed, then each alone
  });
});
