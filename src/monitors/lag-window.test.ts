import { describe, expect, it } from 'vitest';
import { LagWindow } from './lag-window.js';

describe('lag window', () => {
  it('summarises the recent samples of the last minute only, in bounded memory', () => {
    const w = new LagWindow(100, 60_000);
    for (let i = 1; i <= 100; i++) w.record(i, 1000);
    expect(w.summary(1000)).toEqual({ p50: 50, p99: 99, max: 100 });
    for (let i = 0; i < 50; i++) w.record(5000, 2000); // the ring overwrites the oldest 50
    expect(w.summary(2000)).toEqual({ p50: 100, p99: 5000, max: 5000 });
    expect(w.summary(62_000)).toEqual({ p50: 5000, p99: 5000, max: 5000 }); // the first ones aged out
    expect(w.summary(70_000)).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
