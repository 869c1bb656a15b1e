import { runner, type Ctx } from '../core/context.js';
import { fromIso, toIso } from '../core/clock.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { occurrences } from './model.maintenance.js';
import { decodeResult } from './model.js';
import { toResultJson, type ResultJson } from './model.json.js';
import { percentile, rollupResults, uptime, type RollupBucket } from './model.uptime.js';
import { toWindow } from './maintenance.js';
import * as store from './store.js';
import type { CheckResultsTable, CheckRollupsTable, MonitorsTable } from './tables.js';

// Reading a monitor's past: raw results, uptime over a range (maintenance left out, unknown
// time not counted as up), roll-ups for charts, the 90-day bars, its events.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const RANGES = { '1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY } as const;
export type RangeName = keyof typeof RANGES;

export interface RangeInput {
  range?: RangeName;
  from?: string;
  to?: string;
  location?: string;
}

export function rangeOf(input: RangeInput, now: number, fallback: RangeName = '24h'): { from: number; to: number } {
  const to = input.to ? fromIso(input.to) : now;
  const from = input.from ? fromIso(input.from) : to - RANGES[input.range ?? fallback];
  if (Number.isNaN(from) || Number.isNaN(to)) throw new ValidationError('from and to must be RFC 3339 times', input.from ? 'from' : 'to');
  if (from >= to) throw new ValidationError('from must be before to', 'from');
  if (to - from > 400 * DAY) throw new ValidationError('A range spans at most 400 days', 'from');
  return { from, to };
}

async function load(ctx: Ctx, id: string): Promise<MonitorsTable> {
  const m = await store.findById(runner(ctx), id);
  if (!m) throw new NotFoundError('Monitor', id);
  return m;
}

async function locationNames(ctx: Ctx): Promise<{ name: (seq: number) => string; seq: (name: string) => number | undefined }> {
  const locs = await store.listLocations(runner(ctx));
  const byName = new Map(locs.map((l) => [l.name, Number(l.seq)]));
  const bySeq = new Map(locs.map((l) => [Number(l.seq), l.name]));
  return { name: (s) => bySeq.get(s) ?? `location-${s}`, seq: (n) => byName.get(n) };
}

export async function monitorResults(ctx: Ctx, id: string, input: RangeInput): Promise<ResultJson[]> {
  const m = await load(ctx, id);
  const { from, to } = rangeOf(input, ctx.clock.now().getTime(), '1h');
  const locs = await locationNames(ctx);
  const seq = input.location ? locs.seq(input.location) : undefined;
  if (input.location && seq === undefined) throw new ValidationError(`location: there is no location ${input.location}`, 'location');
  return (await store.resultsOf(runner(ctx), m.seq, from, to, seq)).map((r) => toResultJson(r, locs.name));
}

const timed = (rows: readonly CheckResultsTable[]) => rows.map((r) => ({ at: Number(r.at), status: decodeResult(r.code).status, latency_ms: r.latency_ms }));

/** Buckets of one location's results, from raw results (recent) — the same rules as the stored roll-ups. */
function bucketsFromRaw(rows: readonly CheckResultsTable[], bucketMs: number, m: MonitorsTable, until: number): RollupBucket[] {
  return rollupResults(timed(rows), bucketMs, m.interval_s * 1000, [], until);
}

const fromRollup = (r: CheckRollupsTable): RollupBucket => ({
  start: Number(r.start),
  end: Number(r.start) + r.bucket_ms,
  count: r.count,
  up: r.up,
  degraded: r.degraded,
  down: r.down,
  up_ms: Number(r.up_ms),
  degraded_ms: Number(r.degraded_ms),
  down_ms: Number(r.down_ms),
  unknown_ms: Number(r.unknown_ms),
  latency_p50: r.p50_ms,
  latency_p95: r.p95_ms,
  latency_p99: r.p99_ms,
  latency_max: r.max_ms,
});

/**
 * Buckets of `bucketMs` over the range, per location: stored roll-ups where they exist, raw
 * results for the part not rolled up yet (the roll-up job trails by minutes).
 */
export async function bucketsOf(ctx: Ctx, m: MonitorsTable, bucketMs: number, from: number, to: number): Promise<Map<number, RollupBucket[]>> {
  const q = runner(ctx);
  const stored = await store.rollupsOf(q, m.seq, bucketMs, from - (from % bucketMs), to);
  const out = new Map<number, RollupBucket[]>();
  for (const r of stored) out.set(r.location_seq, [...(out.get(r.location_seq) ?? []), fromRollup(r)]);
  const rolledTo = stored.reduce((t, r) => Math.max(t, Number(r.start) + r.bucket_ms), from - (from % bucketMs));
  // Raw results fill in at most the last two days: older time without roll-ups shows as no data.
  const rawFrom = Math.max(rolledTo, Math.min(to, ctx.clock.now().getTime()) - 2 * DAY);
  if (rawFrom < to) {
    const raw = await store.resultsOf(q, m.seq, rawFrom, to, undefined, 200_000);
    const bySeq = new Map<number, CheckResultsTable[]>();
    for (const r of raw) bySeq.set(r.location_seq, [...(bySeq.get(r.location_seq) ?? []), r]);
    for (const [seq, rows] of bySeq) out.set(seq, [...(out.get(seq) ?? []), ...bucketsFromRaw(rows, bucketMs, m, Math.min(to, ctx.clock.now().getTime()))]);
  }
  return out;
}

async function maintenanceIntervals(ctx: Ctx, m: MonitorsTable, from: number, to: number): Promise<[number, number][]> {
  const windows = await store.windowsFor(runner(ctx), [m.id], m.service_id ? [m.service_id] : []);
  return windows.flatMap((w) => occurrences(toWindow(w), from, to));
}

export async function monitorUptime(ctx: Ctx, id: string, input: RangeInput) {
  const m = await load(ctx, id);
  const { from, to } = rangeOf(input, ctx.clock.now().getTime());
  const bucketMs = to - from <= 2 * DAY ? MINUTE : HOUR;
  const buckets = await bucketsOf(ctx, m, bucketMs, from, to);
  const maintenance = await maintenanceIntervals(ctx, m, from, to);
  const locs = await locationNames(ctx);
  // Monitor-wide uptime: a moment is down when the monitor's alert said so; per-location time is
  // the evidence. Here: the average over locations, so one bad location shows as partial downtime.
  const perLocation = [...buckets.entries()].map(([seq, b]) => ({ seq, u: uptime(b, maintenance, { from, to }), b }));
  const total = perLocation.reduce(
    (t, p) => ({ up: t.up + p.u.up_ms, degraded: t.degraded + p.u.degraded_ms, down: t.down + p.u.down_ms, unknown: t.unknown + p.u.unknown_ms, maintenance: t.maintenance + p.u.maintenance_ms }),
    { up: 0, degraded: 0, down: 0, unknown: 0, maintenance: 0 },
  );
  const n = Math.max(1, perLocation.length);
  const known = total.up + total.degraded + total.down;
  const raw = bucketMs === MINUTE ? await store.resultsOf(runner(ctx), m.seq, from, to, undefined, 200_000) : [];
  return {
    from: toIso(from)!,
    to: toIso(to)!,
    uptime_pct: known > 0 ? ((total.up + total.degraded) / known) * 100 : null,
    up_ms: Math.round(total.up / n),
    degraded_ms: Math.round(total.degraded / n),
    down_ms: Math.round(total.down / n),
    unknown_ms: Math.round(total.unknown / n),
    maintenance_ms: Math.round(total.maintenance / n),
    locations: perLocation.map((p) => latencyOf(locs.name(p.seq), p.b, raw.filter((r) => r.location_seq === p.seq))),
  };
}

/** Percentiles from raw results when the range is recent, else from the roll-ups' (count-weighted). */
function latencyOf(location: string, buckets: readonly RollupBucket[], raw: readonly CheckResultsTable[]) {
  const answered = raw.filter((r) => decodeResult(r.code).status !== 'down').map((r) => r.latency_ms).sort((a, b) => a - b);
  const count = buckets.reduce((s, b) => s + b.count, 0);
  if (answered.length > 0) return { location, count, p50_ms: percentile(answered, 50), p95_ms: percentile(answered, 95), p99_ms: percentile(answered, 99) };
  const weighted = (k: 'latency_p50' | 'latency_p95' | 'latency_p99') => {
    const parts = buckets.filter((b) => b[k] !== null && b.count > 0);
    const w = parts.reduce((s, b) => s + b.count, 0);
    return w === 0 ? null : Math.round(parts.reduce((s, b) => s + b[k]! * b.count, 0) / w);
  };
  return { location, count, p50_ms: weighted('latency_p50'), p95_ms: weighted('latency_p95'), p99_ms: weighted('latency_p99') };
}

export async function monitorHistory(ctx: Ctx, id: string, input: RangeInput & { bucket?: 'minute' | 'hour' | 'day' }) {
  const m = await load(ctx, id);
  const { from, to } = rangeOf(input, ctx.clock.now().getTime());
  const bucketMs = { minute: MINUTE, hour: HOUR, day: DAY }[input.bucket ?? 'minute'];
  if ((to - from) / bucketMs > 5000) throw new ValidationError(`That is more than 5,000 ${input.bucket ?? 'minute'} buckets; pick a larger bucket`, 'bucket');
  const buckets = await bucketsOf(ctx, m, bucketMs, from, to);
  const locs = await locationNames(ctx);
  const items = [...buckets.entries()].flatMap(([seq, list]) =>
    list
      .filter((b) => b.end > from && b.start < to)
      .map((b) => {
        const known = b.up_ms + b.degraded_ms + b.down_ms;
        return {
          start: toIso(b.start)!,
          location: locs.name(seq),
          count: b.count,
          up: b.up,
          degraded: b.degraded,
          down: b.down,
          uptime_pct: known > 0 ? ((b.up_ms + b.degraded_ms) / known) * 100 : null,
          p50_ms: b.latency_p50,
          p95_ms: b.latency_p95,
          p99_ms: b.latency_p99,
          max_ms: b.latency_max,
        };
      }),
  );
  items.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.location.localeCompare(b.location)));
  return { bucket_ms: bucketMs, items };
}

/** One bar per day for each monitor: uptime %, downtime, and whether maintenance touched it. */
export async function uptimeBars(ctx: Ctx, ids: readonly string[], days: number) {
  const now = ctx.clock.now().getTime();
  const to = Math.floor(now / DAY) * DAY + DAY;
  const from = to - days * DAY;
  const monitors = await store.monitorsByIds(runner(ctx), ids);
  const items = [];
  for (const m of monitors) {
    const buckets = await bucketsOf(ctx, m, DAY, from, to);
    const maintenance = await maintenanceIntervals(ctx, m, from, to);
    const bars = [];
    for (let start = from; start < to; start += DAY) {
      const inDay = [...buckets.values()].flatMap((list) => list.filter((b) => b.start === start));
      const u = uptime(inDay, maintenance, { from: start, to: start + DAY });
      bars.push({ start: toIso(start)!, uptime_pct: u.uptime_pct, down_ms: u.down_ms, maintenance: maintenance.some(([a, b]) => a < start + DAY && b > start) });
    }
    items.push({ id: m.id, days: bars });
  }
  return { items };
}

export async function monitorEvents(ctx: Ctx, id: string, input: RangeInput) {
  const m = await load(ctx, id);
  const { from, to } = rangeOf(input, ctx.clock.now().getTime(), '7d');
  // A range that ends now includes what happened this millisecond (a check that just failed).
  const rows = await store.eventsOf(runner(ctx), m.id, from, input.to ? to : to + 1);
  const stored = rows.map((r) => ({ at: Number(r.at), location: r.location, kind: r.kind, message: r.message }));
  // Maintenance shows on the history as its start and end, from the windows themselves.
  const windows = await store.windowsFor(runner(ctx), [m.id], m.service_id ? [m.service_id] : []);
  const maintenance = windows.flatMap((w) =>
    occurrences(toWindow(w), from - DAY, to).flatMap(([start, end]) => [
      { at: start, location: null, kind: 'maintenance_start', message: w.title },
      { at: end, location: null, kind: 'maintenance_end', message: w.title },
    ]),
  );
  const items = [...stored, ...maintenance.filter((e) => e.at >= from && e.at < to)].sort((a, b) => b.at - a.at).slice(0, 500);
  return { items: items.map((e) => ({ ...e, at: toIso(e.at)! })) };
}
