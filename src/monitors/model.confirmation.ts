// Confirmation: the seed's "two or three consecutive failures from multiple monitoring locations".
// A location is down after K consecutive failures (up again after K successes); the monitor's
// alert opens when M locations are down. Pure; results and `now` come in as arguments.

import type { Confirmation } from './model.js';
import { recordChange, settleFlapping, type FlapState } from './model.flapping.js';

export { NOT_FLAPPING, recordChange, settleFlapping, type FlapState } from './model.flapping.js';

export type LocationStatus = 'up' | 'down' | 'unknown';

export interface LocationState {
  status: LocationStatus;
  /** Consecutive results disagreeing with `status` (failures while up, successes while down). */
  streak: number;
  /** Time of the first failed check of the current failing run (kept while down). */
  first_failure_at: number | null;
  last_result_at: number | null;
}

/** A location that has not reported yet. */
export const NEW_LOCATION: LocationState = { status: 'unknown', streak: 0, first_failure_at: null, last_result_at: null };

/** One check result at one location. `degraded` counts as ok here: pass ok = status !== 'down'. */
export interface LocationResult {
  at: number;
  ok: boolean;
}

export interface AppliedResult {
  state: LocationState;
  changed: 'up' | 'down' | null;
}

const atLeastOne = (n: number): number => (Number.isFinite(n) ? Math.max(1, Math.floor(n)) : 1);

/**
 * One result at a location. K consecutive failures mark it down, K consecutive successes up again;
 * a new ('unknown') location is up on its first success, since it has nothing to recover from.
 * A result older than the last one is ignored: a slow probe's late answer must not rewrite the present.
 */
export function applyResult(state: LocationState, result: LocationResult, k: number): AppliedResult {
  if (state.last_result_at !== null && result.at < state.last_result_at) return { state, changed: null };
  const need = atLeastOne(k);
  const last_result_at = result.at;
  if (result.ok) {
    if (state.status !== 'down') {
      const state2: LocationState = { status: 'up', streak: 0, first_failure_at: null, last_result_at };
      return { state: state2, changed: state.status === 'unknown' ? 'up' : null };
    }
    const streak = state.streak + 1;
    if (streak < need) return { state: { ...state, streak, last_result_at }, changed: null };
    return { state: { status: 'up', streak: 0, first_failure_at: null, last_result_at }, changed: 'up' };
  }
  // A failure while down breaks a recovery run; the outage (and its first failure) goes on.
  if (state.status === 'down') return { state: { ...state, streak: 0, last_result_at }, changed: null };
  const streak = state.streak + 1;
  const first_failure_at = state.first_failure_at ?? result.at;
  if (streak < need) return { state: { ...state, streak, first_failure_at, last_result_at }, changed: null };
  return { state: { status: 'down', streak: 0, first_failure_at, last_result_at }, changed: 'down' };
}

/** Marks locations that have not reported within `silentAfterMs` unknown (their probe went quiet). */
export function silenceQuietLocations(
  locations: Record<string, LocationState>,
  now: number,
  silentAfterMs: number,
): Record<string, LocationState> {
  const out: Record<string, LocationState> = {};
  for (const [name, s] of Object.entries(locations)) {
    const quiet = s.last_result_at === null || now - s.last_result_at > silentAfterMs;
    out[name] = quiet ? { ...NEW_LOCATION, last_result_at: s.last_result_at } : s;
  }
  return out;
}

/**
 * M: the configured number, null meaning min(2, N); at least 1 and at most N, so a monitor on
 * fewer locations than configured still alerts when all of them agree.
 */
export function locationsToAlert(m: number | null, n: number): number {
  const wanted = m === null ? Math.min(2, n) : atLeastOne(m);
  return Math.max(1, Math.min(wanted, n));
}

export interface MonitorInput {
  locations: Record<string, LocationState>;
  /** Locations that must be down to open the alert (normally confirmation.locations_to_alert); null = min(2, number of locations). */
  m: number | null;
  alertOpen: boolean;
  flapping: FlapState;
  now: number;
  confirmation: Confirmation;
}

export interface MonitorVerdict {
  /** true = open the alert, false = close it, null = no change. */
  open: boolean | null;
  /** With open: true, when the outage began (see startedAt). */
  started_at?: number;
  flapping: FlapState;
  reason: string;
}

/**
 * When the outage began: the earliest moment at which M locations were all failing, i.e. the M-th
 * earliest first failure among the down locations (each down location is still in its failing
 * run). It is a failed check's time, never the confirmation time. With M = 1 it is the earliest.
 */
export function startedAt(down: readonly LocationState[], m: number, now: number): number {
  const firsts = down.map((s) => s.first_failure_at ?? now).sort((a, b) => a - b);
  return firsts[Math.min(m, firsts.length) - 1] ?? now;
}

/**
 * The alert opens when at least M locations are down. It closes when fewer than M could be down
 * even if every silent ('unknown') location were: down + unknown < M. So closing needs positive
 * evidence (locations confirmed up with K successes), a silent probe never closes an alert, and
 * one broken location cannot hold an M ≥ 2 alert open forever. While flapping a close is held back.
 */
export function evaluateMonitor(input: MonitorInput): MonitorVerdict {
  const states = Object.values(input.locations);
  const n = states.length;
  const counts: Counts = {
    n,
    m: locationsToAlert(input.m, n),
    down: states.filter((s) => s.status === 'down'),
    unknown: states.filter((s) => s.status === 'unknown').length,
  };
  const flap = settleFlapping(input.flapping, input.now, input.confirmation);
  return input.alertOpen ? whileOpen(counts, flap, input) : whileClosed(counts, flap, input);
}

interface Counts {
  n: number;
  m: number;
  down: LocationState[];
  unknown: number;
}

const tally = (c: Counts): string => `${c.down.length} of ${c.n} locations down, ${c.m} needed`;

function whileClosed(c: Counts, flap: FlapState, { now, confirmation: cfg }: MonitorInput): MonitorVerdict {
  if (c.down.length >= c.m) {
    const flapping = recordChange(flap, now, cfg);
    return { open: true, started_at: startedAt(c.down, c.m, now), flapping, reason: `${tally(c)}: alert opens` };
  }
  if (c.n === 0) return { open: null, flapping: flap, reason: 'no locations check this monitor, so nothing can confirm an outage' };
  const known = c.n - c.unknown;
  if (known < c.m) {
    const why = `only ${known} of ${c.n} locations are reporting and ${c.m} must confirm an outage, so no alert can open`;
    return { open: null, flapping: flap, reason: why };
  }
  return { open: null, flapping: flap, reason: tally(c) };
}

function whileOpen(c: Counts, flap: FlapState, { now, confirmation: cfg }: MonitorInput): MonitorVerdict {
  if (c.down.length >= c.m) {
    // While held open, a bounce back to down is a change too (a re-page held back).
    const flapping = flap.flapping && flap.would_close ? { ...recordChange(flap, now, cfg), would_close: false } : flap;
    return { open: null, flapping, reason: `${tally(c)}: alert stays open` };
  }
  if (c.down.length + c.unknown >= c.m) {
    const why = `${c.down.length} down and ${c.unknown} silent of ${c.n}: cannot confirm recovery while ${c.m} could still be down`;
    return { open: null, flapping: flap, reason: why };
  }
  if (flap.flapping) {
    const flapping = flap.would_close ? flap : { ...recordChange(flap, now, cfg), would_close: true };
    return { open: null, flapping, reason: `flapping: held open until ${cfg.flap_window_s} s pass without a change` };
  }
  const changed = recordChange(flap, now, cfg);
  if (changed.flapping) {
    const why = `flapping (more than ${cfg.flap_changes} changes in ${cfg.flap_window_s} s): held open instead of closing`;
    return { open: null, flapping: { ...changed, would_close: true }, reason: why };
  }
  return { open: false, flapping: changed, reason: `${tally(c)}: recovered, alert closes` };
}
