import { describe, expect, it } from 'vitest';
import { readOnward, type TimelinePage } from './timeline-reads.js';

type E = { seq: number };
const events = (from: number, to: number): E[] => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i }));

/** A timeline of `total` events served `size` at a time, recording each `after` asked. */
function server(total: number, size: number) {
  const asked: number[] = [];
  const page = async (after: number): Promise<TimelinePage<E>> => {
    asked.push(after);
    const items = events(after + 1, Math.min(total, after + size));
    return { items, has_more: after + items.length < total };
  };
  return { asked, page };
}

describe('readOnward', () => {
  it('reads a long timeline page by page from the start', async () => {
    const s = server(12, 5);
    expect((await readOnward([], s.page)).map((e) => e.seq)).toEqual(events(1, 12).map((e) => e.seq));
    expect(s.asked).toEqual([0, 5, 10]);
  });

  it('asks only for what came after the last event it holds, and keeps those it holds', async () => {
    const s = server(9, 5);
    const known = events(1, 7);
    const all = await readOnward(known, s.page);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all[0]).toBe(known[0]);
    expect(s.asked).toEqual([7]);
  });

  it('answers what it holds, the same array, when nothing came', async () => {
    const known = events(1, 3);
    expect(await readOnward(known, server(3, 5).page)).toBe(known);
  });

  it('drops events it already holds and stops on an empty page that claims more', async () => {
    let calls = 0;
    const confused = async (): Promise<TimelinePage<E>> => (calls++ === 0 ? { items: events(2, 4), has_more: true } : { items: [], has_more: true });
    expect((await readOnward(events(1, 2), confused)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(calls).toBe(2);
  });
});
