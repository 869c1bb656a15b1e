// Flapping: an alert that opens and closes over and over pages people for every flap. Once it
// has changed state more than F times within the window it is held open until a whole window
// passes with no change. Pure; `now` comes in.

import type { Confirmation } from './model.js';

export interface FlapState {
  /** Times of alert state changes within the window (while held open: of the changes held back). */
  changes: number[];
  flapping: boolean;
  /**
   * While flapping: whether the monitor's last verdict was healthy (the alert would have closed).
   * Kept so that each held-back close and re-open counts as a change, or flapping would end after
   * one window even though the monitor keeps bouncing. Absent means false.
   */
  would_close?: boolean;
}

export const NOT_FLAPPING: FlapState = { changes: [], flapping: false };

type FlapSettings = Pick<Confirmation, 'flap_changes' | 'flap_window_s'>;

const windowMs = (cfg: FlapSettings): number => Math.max(0, cfg.flap_window_s) * 1000;

/** Changes still inside the window that ends at `now`. */
function recent(changes: readonly number[], now: number, cfg: FlapSettings): number[] {
  const since = now - windowMs(cfg);
  return changes.filter((t) => t > since && t <= now);
}

/** Records an alert state change at `now`; more than F changes within the window starts flapping. */
export function recordChange(flap: FlapState, now: number, cfg: FlapSettings): FlapState {
  const changes = [...recent(flap.changes, now, cfg), now];
  return { ...flap, changes, flapping: flap.flapping || changes.length > cfg.flap_changes };
}

/** Forgets changes older than the window; flapping ends once a whole window has passed without one. */
export function settleFlapping(flap: FlapState, now: number, cfg: FlapSettings): FlapState {
  const changes = recent(flap.changes, now, cfg);
  if (flap.flapping && changes.length === 0) return { changes, flapping: false, would_close: false };
  return { ...flap, changes };
}
