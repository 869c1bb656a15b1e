import { describe, expect, it } from 'vitest';
import { followTheSun, primarySecondaryNames, rotateByOne, weekly } from './templates.js';

describe('schedule templates', () => {
  it('weekly: one layer, everyone in order', () => {
    expect(weekly(['a', 'b'], '2026-01-05', '09:00')).toEqual([{ name: 'Weekly rotation', members: ['a', 'b'], shift: { unit: 'weeks', count: 1 }, handoff: '09:00', start_date: '2026-01-05' }]);
  });

  it('follow-the-sun: three eight-hour windows covering the day, members dealt in turn', () => {
    const layers = followTheSun(['a', 'b', 'c', 'd'], '2026-01-05');
    expect(layers.map((l) => l.members)).toEqual([['a', 'd'], ['b'], ['c']]);
    expect(layers.map((l) => l.restrictions)).toEqual([[{ start: '00:00', end: '08:00' }], [{ start: '08:00', end: '16:00' }], [{ start: '16:00', end: '00:00' }]]);
  });

  it('primary/secondary: the secondary is one member ahead', () => {
    expect(rotateByOne(['a', 'b', 'c'])).toEqual(['b', 'c', 'a']);
    expect(rotateByOne(['a'])).toEqual(['a']);
  });
});

describe('primary and secondary names', () => {
  it('adds primary and secondary to a plain name', () => {
    expect(primarySecondaryNames('Checkout')).toEqual(['Checkout primary', 'Checkout secondary']);
  });
  it('keeps a name that already says primary, in its own case and punctuation', () => {
    expect(primarySecondaryNames('Checkout primary')).toEqual(['Checkout primary', 'Checkout secondary']);
    expect(primarySecondaryNames('Checkout Primary')).toEqual(['Checkout Primary', 'Checkout Secondary']);
    expect(primarySecondaryNames('Checkout - primary ')).toEqual(['Checkout - primary ', 'Checkout secondary']);
    expect(primarySecondaryNames('Checkout (Primary)')).toEqual(['Checkout (Primary)', 'Checkout Secondary']);
  });
  it('does not strip primary from inside a word or a name that is only that word', () => {
    expect(primarySecondaryNames('Nonprimary')).toEqual(['Nonprimary primary', 'Nonprimary secondary']);
    expect(primarySecondaryNames('Primary')).toEqual(['Primary primary', 'Primary secondary']);
  });
});
