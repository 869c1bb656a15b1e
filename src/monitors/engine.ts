import type { TxCtx } from '../core/context.js';
import type { EngineModule } from '../core/engine/index.js';
import type { Kernel } from '../core/module.js';
import { evaluateAll, recordOutcomes } from './evaluate.js';
import { lateSince } from './heartbeat.js';
import { decodeResult, type HeartbeatSpec } from './model.js';
import { rollupResults, type RollupBucket } from './model.uptime.js';
import { SERVER_LOCATION } from './runner.js';
import * as store from './store.js';
import type { CheckResultsTable, CheckRollupsTable } from './tables.js';

// The monitors' background work that is not a check: heartbeats that did not come, monitors to
// look at again (flapping held open, maintenance over), roll-ups and pruning. Each runs under
// the engine's lease, so with several instances exactly one does it.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SEQ_CHUNK = 500;
const REVIEW_EVERY_MS = 10_000;
const MINUTE_ROLLUPS_KEPT_MS = 3 * DAY;

/** A heartbeat whose period and grace passed records a `heartbeat_late` failure at its deadline (once: the slot is the key). */
async function lateHeartbeats(t: TxCtx, now: number, scale: number): Promise<void> {
  const late = [];
  for (const h of await store.listHeartbeats(t.tx)) {
    const spec = JSON.parse(h.spec) as HeartbeatSpec;
    const scaled = { ...spec, period_s: spec.period_s / scale, grace_s: spec.grace_s / scale };
    const deadline = lateSince(scaled, h.last_result_at === null ? null : Number(h.last_result_at), Number(h.created_at));
    if (now < deadline) continue;
    const message = `no ping within ${spec.period_s} s + ${spec.grace_s} s grace`;
    late.push({ monitor_id: h.id, monitor_seq: h.seq, location: SERVER_LOCATION.name, location_seq: SERVER_LOCATION.seq, at: deadline, outcome: { status: 'down' as const, latency_ms: 0, failure: 'heartbeat_late' as const, message } });
  }
  await recordOutcomes(t, late);
}

async function review(t: TxCtx): Promise<void> {
  const monitors = await store.needingReview(t.tx);
  if (monitors.length === 0) return;
  const states = await store.statesOf(t.tx, monitors.map((m) => m.id));
  await evaluateAll(t, monitors, new Map(monitors.map((m) => [m.id, states.filter((s) => s.monitor_id === m.id)])));
}

const toRow = (seq: number, loc: number, bucketMs: number, b: RollupBucket): CheckRollupsTable => ({
  monitor_seq: seq,
  bucket_ms: bucketMs,
  start: b.start,
  location_seq: loc,
  count: b.count,
  up: b.up,
  degraded: b.degraded,
  down: b.down,
  up_ms: Math.round(b.up_ms),
  degraded_ms: Math.round(b.degraded_ms),
  down_ms: Math.round(b.down_ms),
  unknown_ms: Math.round(b.unknown_ms),
  p50_ms: b.latency_p50,
  p95_ms: b.latency_p95,
  p99_ms: b.latency_p99,
  max_ms: b.latency_max,
});

/** A day from its hours: counts and times add up; percentiles are count-weighted means (an approximation). */
function dayOf(hours: readonly CheckRollupsTable[], start: number): CheckRollupsTable {
  const sum = (k: 'count' | 'up' | 'degraded' | 'down' | 'up_ms' | 'degraded_ms' | 'down_ms' | 'unknown_ms') => hours.reduce((s, h) => s + Number(h[k]), 0);
  const weighted = (k: 'p50_ms' | 'p95_ms' | 'p99_ms') => {
    const parts = hours.filter((h) => h[k] !== null && h.count > 0);
    const w = parts.reduce((s, h) => s + h.count, 0);
    return w === 0 ? null : Math.round(parts.reduce((s, h) => s + h[k]! * h.count, 0) / w);
  };
  const maxes = hours.map((h) => h.max_ms).filter((v): v is number => v !== null);
  const base = { monitor_seq: hours[0]!.monitor_seq, location_seq: hours[0]!.location_seq, bucket_ms: DAY, start };
  return { ...base, count: sum('count'), up: sum('up'), degraded: sum('degraded'), down: sum('down'), up_ms: sum('up_ms'), degraded_ms: sum('degraded_ms'), down_ms: sum('down_ms'), unknown_ms: sum('unknown_ms'), p50_ms: weighted('p50_ms'), p95_ms: weighted('p95_ms'), p99_ms: weighted('p99_ms'), max_ms: maxes.length ? Math.max(...maxes) : null };
}

/** Rolls up one closed hour for one chunk of monitors into minute, hour and day buckets. */
async function rollChunk(t: TxCtx, hour: number, afterSeq: number, upToSeq: number): Promise<void> {
  const intervals = new Map((await store.intervalsOfRange(t.tx, afterSeq, upToSeq)).map((m) => [Number(m.seq), m.interval_s * 1000]));
  // An hour before gives each series its context: the result that covers the hour's first minutes.
  const raw = await store.resultsOfRange(t.tx, afterSeq, upToSeq, hour - HOUR, hour + HOUR);
  const series = new Map<string, CheckResultsTable[]>();
  for (const r of raw) series.set(`${r.monitor_seq}:${r.location_seq}`, [...(series.get(`${r.monitor_seq}:${r.location_seq}`) ?? []), r]);
  const rows: CheckRollupsTable[] = [];
  for (const list of series.values()) {
    const { monitor_seq: seq, location_seq: loc } = list[0]!;
    const timed = list.map((r) => ({ at: Number(r.at), status: decodeResult(r.code).status, latency_ms: r.latency_ms }));
    const interval = intervals.get(Number(seq)) ?? MINUTE;
    for (const bucketMs of [MINUTE, HOUR]) {
      for (const b of rollupResults(timed, bucketMs, interval, [], hour + HOUR)) if (b.start >= hour && b.start < hour + HOUR) rows.push(toRow(seq, loc, bucketMs, b));
    }
  }
  await store.upsertRollups(t.tx, rows);
  const day = Math.floor(hour / DAY) * DAY;
  const hours = await store.hourRollupsOfRange(t.tx, afterSeq, upToSeq, day, day + DAY);
  const byKey = new Map<string, CheckRollupsTable[]>();
  for (const h of hours) byKey.set(`${h.monitor_seq}:${h.location_seq}`, [...(byKey.get(`${h.monitor_seq}:${h.location_seq}`) ?? []), h]);
  await store.upsertRollups(t.tx, [...byKey.values()].map((list) => dayOf(list, day)));
}

/** One step of the roll-up job per tick: one chunk of monitors of the oldest closed hour not done. */
async function rollup(t: TxCtx, now: number, retentionMs: number): Promise<void> {
  const mark = await store.getRollupMark(t.tx);
  const saved = mark ? (JSON.parse(mark) as { hour: number; seq: number }) : null;
  const oldest = saved ? null : await store.oldestResultAt(t.tx);
  if (!saved && oldest === null) return;
  const { hour, seq } = saved ?? { hour: Math.floor(oldest! / HOUR) * HOUR, seq: 0 };
  // An hour is closed two minutes after it ends (results in flight, probes catching up).
  if (hour + HOUR + 2 * MINUTE > now) return;
  const max = await store.maxMonitorSeq(t.tx);
  const upTo = Math.min(max, seq + SEQ_CHUNK);
  await rollChunk(t, hour, seq, upTo);
  const next = upTo >= max ? { hour: hour + HOUR, seq: 0 } : { hour, seq: upTo };
  await store.putRollupMark(t.tx, JSON.stringify(next));
  if (next.seq === 0) {
    // Once an hour: raw results past retention, minute roll-ups past three days, dead workers.
    await store.pruneResults(t.tx, now - retentionMs);
    await store.pruneRollups(t.tx, MINUTE, now - MINUTE_ROLLUPS_KEPT_MS);
    await store.pruneWorkers(t.tx, now - DAY);
  }
}

export function monitorEngine(kernel: Kernel): EngineModule[] {
  const scale = kernel.config.monitorTimeScale;
  let lastReview = 0;
  return [
    { name: 'monitor-heartbeats', tick: (t, now) => lateHeartbeats(t, now, scale) },
    {
      name: 'monitor-review',
      tick: async (t, now) => {
        if (now - lastReview < REVIEW_EVERY_MS / scale) return;
        lastReview = now;
        await review(t);
      },
    },
    { name: 'monitor-rollups', tick: (t, now) => rollup(t, now, kernel.config.monitorResultRetentionDays * DAY) },
  ];
}
