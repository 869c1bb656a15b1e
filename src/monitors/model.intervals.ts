// Half-open time intervals [start, end) in epoch ms: merging and overlap. Pure.

export type Interval = readonly [start: number, end: number];

/** Sorted, non-overlapping union of the intervals; empty or inverted ones are dropped, touching ones joined. */
export function mergeIntervals(intervals: readonly Interval[]): Array<[number, number]> {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Milliseconds of [start, end) covered by `merged` (the output of mergeIntervals). */
export function overlapMs(start: number, end: number, merged: readonly Interval[]): number {
  let total = 0;
  for (const [s, e] of merged) {
    if (s >= end) break;
    total += Math.max(0, Math.min(e, end) - Math.max(s, start));
  }
  return total;
}

/** Splits [start, end) into the pieces outside `merged` and the pieces inside it. */
export function splitByIntervals(
  start: number,
  end: number,
  merged: readonly Interval[],
): { outside: Array<[number, number]>; inside: Array<[number, number]> } {
  const outside: Array<[number, number]> = [];
  const inside: Array<[number, number]> = [];
  let at = start;
  for (const [s, e] of merged) {
    if (at >= end || s >= end) break;
    if (e <= at) continue;
    if (s > at) outside.push([at, s]);
    const to = Math.min(e, end);
    inside.push([Math.max(s, at), to]);
    at = to;
  }
  if (at < end) outside.push([at, end]);
  return { outside, inside };
}
