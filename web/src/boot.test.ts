import { describe, expect, it } from 'vitest';
import { earlyPaths, HOME_INCIDENTS } from './boot';
import { incidentListPath } from './features/incidents/api';
import { listFiltersOf, readFilters } from './features/incidents/listFilters';

describe('what boot.ts asks for before the app starts', () => {
  it('asks for the plain incident list exactly as the list page will, so the page takes that answer', () => {
    const plain = readFilters(new URLSearchParams(''));
    expect(HOME_INCIDENTS).toBe(incidentListPath(listFiltersOf(plain, plain.q), null));
  });

  it('asks on the signed-in home only, and for the list only when no filter is in the address', () => {
    expect(earlyPaths('/incidents', '')).toEqual(['/me', HOME_INCIDENTS]);
    expect(earlyPaths('/', '')).toEqual(['/me', HOME_INCIDENTS]);
    expect(earlyPaths('/incidents', '?view=all')).toEqual(['/me']);
    expect(earlyPaths('/sign-in', '')).toEqual([]);
    expect(earlyPaths('/incidents/42', '')).toEqual([]);
  });
});
