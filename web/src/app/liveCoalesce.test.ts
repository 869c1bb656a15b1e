import { describe, expect, it } from 'vitest';
import { coalesceRefreshes, type Timers } from './liveCoalesce';

/** Timers driven by hand: `advance` runs what falls due. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      queue.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clear: (id) => (queue = queue.filter((t) => t.id !== id)),
    now: () => now,
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of queue.filter((x) => x.at <= now)) {
      queue = queue.filter((x) => x !== t);
      t.fn();
    }
  };
  return { timers, advance };
}

describe('coalesceRefreshes', () => {
  it('refreshes the first event at once, and a burst after it once, with every key it asked for', () => {
    const { timers, advance } = fakeTimers();
    const calls: unknown[][] = [];
    const c = coalesceRefreshes((keys) => calls.push(keys), 1000, timers);
    c.add([['incidents']]);
    expect(calls).toEqual([[['incidents']]]);
    for (let i = 0; i < 200; i++) {
      advance(2);
      c.add([['incidents'], ['incidents', 'inc_1', 'timeline']]);
    }
    c.add([['monitors']]);
    expect(calls).toHaveLength(1);
    advance(1000);
    expect(calls).toEqual([[['incidents']], [['incidents'], ['incidents', 'inc_1', 'timeline'], ['monitors']]]);
  });

  it('refreshes at once again after a quiet interval, and nothing when nothing came', () => {
    const { timers, advance } = fakeTimers();
    const calls: unknown[][] = [];
    const c = coalesceRefreshes((keys) => calls.push(keys), 1000, timers);
    c.add([['a']]);
    advance(5000);
    expect(calls).toHaveLength(1);
    c.add([['b']]);
    expect(calls).toEqual([[['a']], [['b']]]);
  });

  it('drops what is pending when cancelled', () => {
    const { timers, advance } = fakeTimers();
    const calls: unknown[][] = [];
    const c = coalesceRefreshes((keys) => calls.push(keys), 1000, timers);
    c.add([['a']]);
    c.add([['b']]);
    c.cancel();
    advance(2000);
    expect(calls).toEqual([[['a']]]);
  });
});
