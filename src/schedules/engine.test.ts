import { describe, expect, it } from 'vitest';
import { handoffsBetween } from './engine.js';
import type { Shift } from './rules.js';

const shift = (start: number, end: number, user_id: string | null): Shift => ({ start, end, user_id, layer_id: 'l', override_id: null });

describe('hand-offs between two looks', () => {
  const final = [shift(0, 10, 'a'), shift(10, 20, 'b'), shift(20, 30, 'b'), shift(30, 40, null), shift(40, 50, 'a')];

  it('are the instants where the person changes, after the last look and up to now', () => {
    expect(handoffsBetween(final, 0, 50)).toEqual([
      { at: 10, from: 'a', to: 'b' },
      { at: 30, from: 'b', to: null },
      { at: 40, from: null, to: 'a' },
    ]);
  });

  it('leave out what the last look saw and what is still ahead', () => {
    expect(handoffsBetween(final, 10, 39)).toEqual([{ at: 30, from: 'b', to: null }]);
  });
});
