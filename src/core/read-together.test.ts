import { describe, expect, it } from 'vitest';
import { readTogether } from './context.js';
import type { Q } from './db/index.js';

// Reads inside a transaction share one connection: they must go one after another (pg would
// queue them itself and warns that pg 9 will not); on the pool they go side by side.
describe('readTogether', () => {
  const tracked = () => {
    let open = 0;
    let peak = 0;
    const read = <T>(value: T) => async () => {
      peak = Math.max(peak, ++open);
      await new Promise((r) => setTimeout(r, 5));
      open--;
      return value;
    };
    return { read, peak: () => peak };
  };

  it('runs the reads one after another inside a transaction, answers in order', async () => {
    const t = tracked();
    const out = await readTogether({ isTransaction: true } as Q, [t.read(1), t.read('two'), t.read([3])] as const);
    expect(out).toEqual([1, 'two', [3]]);
    expect(t.peak()).toBe(1);
  });

  it('runs them side by side outside one', async () => {
    const t = tracked();
    const out = await readTogether({ isTransaction: false } as Q, [t.read(1), t.read(2)] as const);
    expect(out).toEqual([1, 2]);
    expect(t.peak()).toBe(2);
  });
});
