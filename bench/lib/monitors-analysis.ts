/**
 * What bench:monitors reads out of a scheduling run. Each result row (its `at` is the slot's due
 * time) is paired with the check the runner noted for it: per monitor, in order, the first
 * finished check that started at or after the row's due time. That gives the lag (start minus
 * due) however late a check ran; a finished check left unpaired is a result never written
 * (lost); a row left unpaired was not started by a noted check (early or foreign). Every
 * monitor's slots are known in advance (phase + n × interval, model.schedule), so a slot up to
 * the last one recorded that has neither a row nor a check in flight at the stop was skipped.
 */
import { latestSlotUpTo, phaseOf, slotAtOrAfter } from '../../src/monitors/model.schedule.js';
import { percentile, round } from './harness.js';

export interface RunWindow {
  startedAt: number;
  stoppedAt: number;
  intervalMs: number;
}

export interface ScheduleFigures {
  /** Slots due from the start up to the latest one with a result row. */
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
  /** Rows no noted check explains (should be 0). */
  unpaired_rows: number;
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

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

const groupRows = (rows: readonly { seq: number; at: number }[]): Map<number, number[]> => {
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const list = out.get(r.seq);
    if (list) list.push(r.at);
    else out.set(r.seq, [r.at]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
};

interface Paired {
  lags: { due: number; lag: number; started: number }[];
  lost: number;
  unpairedRows: number;
}

/** Rows (sorted due times) with the finished checks (sorted by start) that wrote them. */
function pair(ats: readonly number[], finished: readonly NotedCheck[]): Paired {
  const out: Paired = { lags: [], lost: 0, unpairedRows: 0 };
  let j = 0;
  for (const due of ats) {
    // A check that started before this slot was due, and was not paired with an earlier row, wrote nothing.
    for (; j < finished.length && finished[j]!.started < due; j++) out.lost++;
    if (j === finished.length) out.unpairedRows++;
    else {
      const started = finished[j++]!.started;
      out.lags.push({ due, lag: started - due, started });
    }
  }
  out.lost += finished.length - j;
  return out;
}

export function scheduleFigures(monitors: readonly { seq: number; id: string }[], rows: readonly { seq: number; at: number }[], checks: Map<number, NotedCheck[]>, w: RunWindow): ScheduleFigures {
  const I = w.intervalMs;
  const bySeq = groupRows(rows);
  const f = { slots: 0, skipped: 0, lost: 0, inFlight: 0, unpaired: 0, offGrid: 0, started: 0 };
  const lags: number[] = [];
  const later: number[] = [];
  const byTen: number[][] = [];
  const drifts: number[] = [];
  const paired = new Map<number, Paired>();
  // The latest slot recorded by a check started in the window: later ones may only be waiting.
  let lastDue = -Infinity;
  for (const { seq } of monitors) {
    const p = pair(bySeq.get(seq) ?? [], (checks.get(seq) ?? []).filter((c) => c.finished > 0));
    paired.set(seq, p);
    for (const l of p.lags) if (l.started < w.stoppedAt) lastDue = Math.max(lastDue, l.due);
  }
  for (const { seq, id } of monitors) {
    const phase = phaseOf(id, I);
    const ats = bySeq.get(seq) ?? [];
    const all = checks.get(seq) ?? [];
    const p = paired.get(seq)!;
    f.lost += p.lost;
    f.unpaired += p.unpairedRows;
    for (const { due, lag, started } of p.lags) {
      if (started >= w.stoppedAt) continue; // started after the measured window
      lags.push(lag);
      if (due >= w.startedAt + I) later.push(lag);
      (byTen[Math.floor((due - w.startedAt) / 10_000)] ??= []).push(lag);
    }
    for (const at of ats) if ((at - phase) % I !== 0) f.offGrid++;
    const running = all.filter((c) => c.finished === 0 && latestSlotUpTo(phase, I, c.started) <= lastDue).length;
    f.inFlight += running;
    const first = slotAtOrAfter(phase, I, w.startedAt);
    const slots = first <= lastDue ? Math.floor((lastDue - first) / I) + 1 : 0;
    f.slots += slots;
    f.skipped += Math.max(0, slots - ats.filter((at) => at >= first && at <= lastDue).length - running);
    const started = all.filter((c) => c.started < w.stoppedAt);
    f.started += started.length;
    if (started.length >= 2) drifts.push(Math.abs((started[started.length - 1]!.started - started[0]!.started) / (started.length - 1) - I));
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
    unpaired_rows: f.unpaired,
    lost_results: f.lost,
    in_flight_at_stop: f.inFlight,
    off_grid_rows: f.offGrid,
    drift_ms: round(mean(drifts)),
    drift_max_ms: round(drifts.length ? drifts.reduce((a, b) => Math.max(a, b)) : NaN),
  };
}
