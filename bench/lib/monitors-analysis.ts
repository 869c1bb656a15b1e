/**
 * What bench:monitors reads out of a scheduling run. Every monitor's slots are known in advance
 * (phase + n × interval, model.schedule), so each slot due in the run is accounted for: a result
 * row, a check started but not finished when the run stopped, a check started whose result was
 * never written (lost), or no check at all (skipped: reported missed or silent). Lag is start
 * minus due for every start the runner noted; drift is each monitor's achieved interval minus
 * the set one.
 */
import { latestSlotUpTo, phaseOf, slotAtOrAfter } from '../../src/monitors/model.schedule.js';
import { percentile, round } from './harness.js';

export interface RunWindow {
  startedAt: number;
  stoppedAt: number;
  intervalMs: number;
}

export interface ScheduleFigures {
  /** Slots due from the start up to the latest slot started before the stop. */
  slots: number;
  rows: number;
  checks_started: number;
  lag_p50_ms: number;
  lag_p99_ms: number;
  lag_max_ms: number;
  /** The same from the second interval on (the first has every monitor's first slot). */
  lag_p99_ms_after_first_interval: number;
  /** Lag p99 of the slots due in each 10 s of the run: when the lag happened. */
  lag_p99_ms_by_10s: number[];
  /** Slots with no check started. */
  skipped_slots: number;
  /** Checks that finished before the stop and have no result row. */
  lost_results: number;
  /** Checks still running at the stop (the stop drops them): not misses. */
  in_flight_at_stop: number;
  /** Rows whose due time is not on their monitor's grid (should be 0). */
  off_grid_rows: number;
  /** Mean over monitors of |achieved interval - set interval|, from the noted starts. */
  drift_ms: number;
  drift_max_ms: number;
}

/** One check the runner noted: when it started and finished (0: still running at the stop). */
export interface NotedCheck {
  started: number;
  finished: number;
}

/** The runner's notes, float64 triples (seq, started, finished), grouped by monitor seq. */
export function checksBySeq(raw: Float64Array): Map<number, NotedCheck[]> {
  const out = new Map<number, NotedCheck[]>();
  for (let i = 0; i + 2 < raw.length; i += 3) {
    const seq = raw[i]!;
    const check = { started: raw[i + 1]!, finished: raw[i + 2]! };
    const list = out.get(seq);
    if (list) list.push(check);
    else out.set(seq, [check]);
  }
  for (const list of out.values()) list.sort((a, b) => a.started - b.started);
  return out;
}

const group = (rows: readonly { seq: number; at: number }[]): Map<number, Set<number>> => {
  const out = new Map<number, Set<number>>();
  for (const r of rows) {
    const set = out.get(r.seq);
    if (set) set.add(r.at);
    else out.set(r.seq, new Set([r.at]));
  }
  return out;
};

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function scheduleFigures(monitors: readonly { seq: number; id: string }[], rows: readonly { seq: number; at: number }[], checks: Map<number, NotedCheck[]>, w: RunWindow): ScheduleFigures {
  const I = w.intervalMs;
  const bySeq = group(rows);
  const phases = new Map(monitors.map((m) => [m.seq, phaseOf(m.id, I)]));
  // The latest slot any check started for before the stop: slots after it may only be waiting.
  let lastDue = -Infinity;
  for (const [seq, cs] of checks) for (const c of cs) if (c.started < w.stoppedAt) lastDue = Math.max(lastDue, latestSlotUpTo(phases.get(seq) ?? 0, I, c.started));
  const f = { slots: 0, skipped: 0, lost: 0, inFlight: 0, offGrid: 0, started: 0 };
  const lags: number[] = [];
  const later: number[] = [];
  const byTen: number[][] = [];
  const drifts: number[] = [];
  for (const { seq } of monitors) {
    const phase = phases.get(seq)!;
    const ats = bySeq.get(seq) ?? new Set<number>();
    for (const at of ats) if ((at - phase) % I !== 0) f.offGrid++;
    const cs = (checks.get(seq) ?? []).filter((c) => c.started < w.stoppedAt);
    f.started += cs.length;
    const byDue = new Map(cs.map((c) => [latestSlotUpTo(phase, I, c.started), c]));
    for (let due = slotAtOrAfter(phase, I, w.startedAt); due <= lastDue; due += I) {
      f.slots++;
      const c = byDue.get(due);
      if (c === undefined) {
        f.skipped++;
        if (process.env.BENCH_DEBUG && f.skipped <= 10) console.error('skipped', { seq, due, lastDue, startedAt: w.startedAt, stoppedAt: w.stoppedAt, checks: checks.get(seq), rows: [...ats] });
      }
      else {
        lags.push(c.started - due);
        if (due >= w.startedAt + I) later.push(c.started - due);
        (byTen[Math.floor((due - w.startedAt) / 10_000)] ??= []).push(c.started - due);
        if (!ats.has(due)) f[c.finished > 0 ? 'lost' : 'inFlight']++;
      }
    }
    if (cs.length >= 2) drifts.push(Math.abs((cs[cs.length - 1]!.started - cs[0]!.started) / (cs.length - 1) - I));
  }
  lags.sort((a, b) => a - b);
  later.sort((a, b) => a - b);
  return {
    slots: f.slots,
    rows: rows.length,
    checks_started: f.started,
    lag_p50_ms: round(percentile(lags, 50)),
    lag_p99_ms: round(percentile(lags, 99)),
    lag_max_ms: round(lags[lags.length - 1] ?? NaN),
    lag_p99_ms_after_first_interval: round(percentile(later, 99)),
    lag_p99_ms_by_10s: Array.from(byTen, (xs) => round(percentile((xs ?? []).sort((a, b) => a - b), 99), 0)),
    skipped_slots: f.skipped,
    lost_results: f.lost,
    in_flight_at_stop: f.inFlight,
    off_grid_rows: f.offGrid,
    drift_ms: round(mean(drifts)),
    drift_max_ms: round(drifts.length ? drifts.reduce((a, b) => Math.max(a, b)) : NaN),
  };
}
