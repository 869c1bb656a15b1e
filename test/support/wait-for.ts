import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 5 s): the condition never held. */
  timeoutMs?: number;
  /** Pause between checks (default 10 ms). */
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/**
 * Polls `condition` until it holds (returns true, or a value other than false/undefined/null,
 * which is returned), instead of sleeping a fixed time and hoping the thing has happened by then.
 * Throws once `timeoutMs` has passed, naming `what`. The condition is always checked once more
 * after the deadline, so a slow machine fails only when the condition really does not hold.
 */
export async function waitFor<T>(condition: () => T | false | null | undefined | Promise<T | false | null | undefined>, opts: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 5_000, intervalMs = 10, what = 'the condition' } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = Date.now() >= deadline;
    const value = await condition();
    if (value !== false && value !== undefined && value !== null) return value;
    if (last) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
