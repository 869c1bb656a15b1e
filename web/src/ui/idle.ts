import { startTransition, useEffect, useState } from 'react';

// Work nobody needs for the first screen (the live feed, toasts, the phone menu, the scope filters)
// waits until the page has shown its content and the browser is idle, so the incident list paints
// sooner and the main thread stays free meanwhile.

/** Runs `fn` when the main thread is idle (at the latest after `timeoutMs`); returns a cancel. */
export function whenIdle(fn: () => void, timeoutMs = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => fn(), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  // Safari has no requestIdleCallback: a moment after the current work.
  const t = setTimeout(fn, 300);
  return () => clearTimeout(t);
}

let shown = false;
const waiting = new Set<() => void>();
/** Idle work starts after this long even when no page says it is shown (the session check failed). */
const SHOWN_AT_THE_LATEST_MS = 4_000;

/** The page has put up its content (rows, an empty state, an error): idle work may start. */
export function markFirstScreen(): void {
  if (shown) return;
  shown = true;
  for (const fn of waiting) fn();
  waiting.clear();
}

function afterFirstScreen(fn: () => void): () => void {
  if (shown) {
    fn();
    return () => undefined;
  }
  if (waiting.size === 0) setTimeout(markFirstScreen, SHOWN_AT_THE_LATEST_MS);
  waiting.add(fn);
  return () => waiting.delete(fn);
}

/** Runs `fn` once the page has shown its content and then the browser is idle; returns a cancel. */
export function whenShownAndIdle(fn: () => void): () => void {
  let cancelIdle = () => undefined as void;
  const cancelWait = afterFirstScreen(() => {
    cancelIdle = whenIdle(fn);
  });
  return () => {
    cancelWait();
    cancelIdle();
  };
}

let reached = false;

/**
 * False until the browser was idle after the page showed its content (`markFirstScreen`); true
 * from then on, for every caller.
 */
export function useIdle(): boolean {
  const [idle, setIdle] = useState(reached);
  useEffect(() => {
    if (idle) return;
    return whenShownAndIdle(() => {
      reached = true;
      setIdle(true);
    });
  }, [idle]);
  return idle;
}

const imported = new Map<() => Promise<unknown>, unknown>();

/**
 * The module `load` brings, imported at the first idle moment (or at once when `now`); null until
 * it has arrived. `load` must be a constant (`() => import('./x')` at module level): it is the key.
 * Rendering its component only once loaded swaps the wrapped element once, with no fallback between.
 */
export function useIdleImport<M>(load: () => Promise<M>, now = false): M | null {
  const idle = useIdle();
  const [mod, setMod] = useState<M | null>(() => (imported.get(load) as M | undefined) ?? null);
  const wanted = idle || now;
  useEffect(() => {
    if (!wanted || mod) return;
    let live = true;
    load().then(
      (m) => {
        imported.set(load, m);
        if (live) setMod(() => m);
      },
      () => undefined, // offline: the page works without it
    );
    return () => {
      live = false;
    };
  }, [wanted, mod, load]);
  return mod;
}

/**
 * How many of `total` items to render: `first` at first, then `step` more in each following task
 * (as an interruptible transition), so a long list is put on screen in short tasks rather than
 * one long one, and is complete a moment later.
 */
export function useGrowingCount(total: number, first: number, step: number): number {
  const [count, setCount] = useState(first);
  useEffect(() => {
    if (count >= total) return;
    const t = setTimeout(() => startTransition(() => setCount((c) => c + step)), 0);
    return () => clearTimeout(t);
  }, [count, total, step]);
  return count;
}
