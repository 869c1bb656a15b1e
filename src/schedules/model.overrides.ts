// The final result: the top layer with someone, then overrides over all. Pure.

import { joinTouching } from './model.rotation.js';
import type { Override, Shift } from './model.types.js';

/** Overrides as the calendar draws them: each cut to [from, to), by start. */
export function overrideShifts(overrides: readonly Override[], from: number, to: number): Shift[] {
  return overrides
    .filter((o) => o.end > from && o.start < to && o.end > o.start)
    .map((o) => ({ start: Math.max(o.start, from), end: Math.min(o.end, to), user_id: o.user_id, layer_id: null, override_id: o.id }))
    .sort((a, b) => a.start - b.start);
}

/**
 * One sweep over every edge of every layer shift and override. In each piece between two edges:
 * the top layer with someone (layers bottom to top); then the last override in the list that
 * applies (one for the whole schedule, or one that `replaces` the person the layers put there).
 * A person who is not in `active` leaves a gap: their turn is uncovered, never handed to a lower
 * layer or the next member, so it is seen and fixed.
 */
export function finalShifts(layers: readonly Shift[][], overrides: readonly Override[], from: number, to: number, active: ReadonlySet<string> | null): Shift[] {
  const edges = new Set<number>([from, to]);
  for (const shifts of layers) for (const s of shifts) edges.add(s.start).add(s.end);
  const byStart = overrides
    .map((o, index) => ({ o, index }))
    .filter(({ o }) => o.end > from && o.start < to && o.end > o.start)
    .sort((a, b) => a.o.start - b.o.start);
  for (const { o } of byStart) edges.add(Math.max(from, o.start)).add(Math.min(to, o.end));
  const points = [...edges].sort((a, b) => a - b);

  const at = layers.map(() => 0);
  let open: typeof byStart = [];
  let next = 0;
  const out: Shift[] = [];
  const isActive = (user: string) => active === null || active.has(user);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    let base: Shift | null = null;
    for (let l = layers.length - 1; l >= 0 && base === null; l--) {
      const shifts = layers[l]!;
      while (at[l]! < shifts.length && shifts[at[l]!]!.end <= a) at[l]!++;
      const s = shifts[at[l]!];
      if (s && s.start <= a) base = s;
    }
    while (next < byStart.length && byStart[next]!.o.start <= a) open.push(byStart[next++]!);
    open = open.filter(({ o }) => o.end > a);
    let winner: { o: Override; index: number } | null = null;
    for (const c of open) {
      const applies = c.o.replaces === null || c.o.replaces === base?.user_id;
      if (applies && (winner === null || c.index > winner.index)) winner = c;
    }
    const piece: Shift = winner
      ? { start: a, end: b, user_id: winner.o.user_id, layer_id: null, override_id: winner.o.id }
      : { start: a, end: b, user_id: base?.user_id ?? null, layer_id: base?.layer_id ?? null, override_id: null };
    out.push(piece.user_id === null || isActive(piece.user_id) ? piece : gap(a, b));
  }
  return joinTouching(out);
}

const gap = (start: number, end: number): Shift => ({ start, end, user_id: null, layer_id: null, override_id: null });
