import { describe, expect, it } from 'vitest';
import { nextRow } from './listKeys';

describe('nextRow', () => {
  it('starts at the first row on j and the last on k when none is focused', () => {
    expect(nextRow(-1, 5, 1)).toBe(0);
    expect(nextRow(-1, 5, -1)).toBe(4);
  });
  it('moves one row and stops at either end', () => {
    expect(nextRow(2, 5, 1)).toBe(3);
    expect(nextRow(2, 5, -1)).toBe(1);
    expect(nextRow(4, 5, 1)).toBe(4);
    expect(nextRow(0, 5, -1)).toBe(0);
  });
  it('has nowhere to go in an empty list, and starts over when the list shrank under the focus', () => {
    expect(nextRow(-1, 0, 1)).toBe(-1);
    expect(nextRow(7, 3, 1)).toBe(0);
  });
});
