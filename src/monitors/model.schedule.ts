// When a monitor's checks are due: fixed slots, phase + n × interval, counted from the epoch.
// Pure: the same key and interval give the same slots on every instance and after every restart,
// so a restart resumes on the old grid and the checks of many monitors spread over the interval.

/** What the scheduler schedules: a key, an interval, a timeout; `spec` is the caller's business. */
export interface Scheduled {
  /** The monitor's id; its hash fixes the phase of its slots. */
  key: string;
  intervalMs: number;
  timeoutMs: number;
  spec: unknown;
  /**
   * Confirming re-checks: a check that disagrees with the location's state (a failure while up,
   * a success while down) is followed by another `recheckMs` after it ends, off the slots, until
   * `failuresToDown` in a row agree. Absent or 0 ms: the slots only.
   */
  confirm?: { failuresToDown: number; recheckMs: number };
}

/** A monitor's confirmation settings as the scheduler takes them (`scaled`: tests' time scale); none without a re-check. */
export function confirmOf(c: { failures_to_down: number; recheck_s: number } | undefined, scaled: (ms: number) => number): Scheduled['confirm'] {
  return c && c.recheck_s > 0 ? { failuresToDown: c.failures_to_down, recheckMs: scaled(c.recheck_s * 1000) } : undefined;
}

/** One slot's times, epoch ms. */
export interface Slot {
  dueAt: number;
  startedAt: number;
  finishedAt: number;
}

/** Why a slot was not run: its previous check was still running, or the scheduler fell behind. */
export type MissedWhy = 'still_running' | 'behind';

/** setTimeout and clearTimeout, injectable so that tests can drive time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** FNV-1a (32 bit) over the key's UTF-16 code units: cheap, stable across processes and versions. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Where in its interval a monitor's slots fall: 0 ≤ phase < intervalMs. */
export function phaseOf(key: string, intervalMs: number): number {
  return keyHash(key) % intervalMs;
}

/** The first slot at or after `t`. */
export function slotAtOrAfter(phase: number, intervalMs: number, t: number): number {
  return phase + Math.ceil((t - phase) / intervalMs) * intervalMs;
}

/** The latest slot at or before `t`, counting on from `slot` (a slot on the grid, ≤ t). */
export function latestSlotUpTo(slot: number, intervalMs: number, t: number): number {
  return slot + Math.floor((t - slot) / intervalMs) * intervalMs;
}

/** A valid interval or timeout: a whole, positive number of milliseconds. */
export function isWholePositiveMs(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms > 0;
}
