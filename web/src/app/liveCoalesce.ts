import type { QueryKey } from '@tanstack/react-query';

// During a storm the server sends an incident event per alert that joins, hundreds a second, and
// each asked every open page to refetch what it shows: a refetch started, cancelled by the next
// event, started again, all of it load on the server when it matters most, while the page never
// finished one. What the events ask to refresh is gathered and refreshed at most once per
// interval instead: the first at once (one change shows without delay), the rest together.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>), now: () => Date.now() };

export interface Coalescer {
  /** Query keys a live event asks to refresh. */
  add(keys: readonly QueryKey[]): void;
  /** Drops what is gathered and the pending refresh (the page is going away). */
  cancel(): void;
}

/** Calls `refresh` with the distinct keys gathered, at most once per `everyMs`. */
export function coalesceRefreshes(refresh: (keys: QueryKey[]) => void, everyMs: number, timers: Timers = realTimers): Coalescer {
  const pending = new Map<string, QueryKey>();
  let timer: unknown;
  let last = Number.NEGATIVE_INFINITY;
  const run = () => {
    timer = undefined;
    last = timers.now();
    const keys = [...pending.values()];
    pending.clear();
    refresh(keys);
  };
  return {
    add(keys) {
      for (const k of keys) pending.set(JSON.stringify(k), k);
      if (timer !== undefined) return;
      const wait = last + everyMs - timers.now();
      if (wait <= 0) run();
      else timer = timers.set(run, wait);
    },
    cancel() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      pending.clear();
    },
  };
}
