import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from './ids.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const madeAt = (id: string) => [...id.slice(id.indexOf('_') + 1, id.indexOf('_') + 10)].reduce((ms, c) => ms * 32 + ALPHABET.indexOf(c), 0);

afterEach(() => void vi.useRealTimers());

describe('ids', () => {
  it('are the prefix, the time made and 12 random characters, URL-safe', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 3, 4, 5, 678) });
    const id = newId('alt');
    expect(id).toMatch(/^alt_[0-9a-hjkmnp-tv-z]{21}$/);
    expect(madeAt(id)).toBe(Date.UTC(2026, 11, 2, 3, 4, 5, 678));
  });

  it('sort in the order they were made, across milliseconds and years', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const made: string[] = [];
    for (const step of [1, 1, 999, 86_400_000, 365 * 86_400_000, 1]) {
      made.push(newId('inc'), newId('inc'));
      vi.advanceTimersByTime(step);
    }
    // Ids of the same millisecond are in random order; across milliseconds, in time order.
    const byMs = made.map(madeAt);
    expect([...made].sort().map(madeAt)).toEqual([...byMs].sort((a, b) => a - b));
    expect(newId('x') > made.at(-1)!.replace('inc', 'x')).toBe(true);
  });

  it('do not repeat among many made in the same millisecond', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const ids = new Set(Array.from({ length: 100_000 }, () => newId('evt')));
    expect(ids.size).toBe(100_000);
  });
});
