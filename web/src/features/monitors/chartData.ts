import type { ResponseTimes } from './historyApi';

/** uPlot's columns: x in epoch seconds, then one y column per location (null where it has none). */
export interface ChartData {
  locations: string[];
  columns: [number[], ...(number | null)[][]];
  /** Raw results are single checks at different instants per location: join them with lines. */
  spanGaps: boolean;
}

/** Per-location median response times from the history's buckets, or each check's from raw results. */
export function chartData(rt: ResponseTimes): ChartData | null {
  const points =
    rt.kind === 'history'
      ? rt.history.items.filter((b) => b.p50_ms !== null).map((b) => ({ at: b.start, location: b.location, ms: b.p50_ms! }))
      : rt.kind === 'results'
        ? rt.results.map((r) => ({ at: r.at, location: r.location, ms: r.latency_ms }))
        : [];
  if (points.length === 0) return null;
  const locations = [...new Set(points.map((p) => p.location))].sort();
  const xs = [...new Set(points.map((p) => Date.parse(p.at) / 1000))].sort((a, b) => a - b);
  const row = new Map(xs.map((x, i) => [x, i]));
  const ys = locations.map(() => xs.map((): number | null => null));
  for (const p of points) ys[locations.indexOf(p.location)]![row.get(Date.parse(p.at) / 1000)!] = p.ms;
  return { locations, columns: [xs, ...ys], spanGaps: rt.kind === 'results' };
}

/** A colour per location, distinct in both schemes (Mantine's palette, shade 6). */
const PALETTE = ['indigo', 'teal', 'orange', 'grape', 'cyan', 'lime', 'pink', 'yellow'];
export const locationColor = (i: number): string => PALETTE[i % PALETTE.length]!;
