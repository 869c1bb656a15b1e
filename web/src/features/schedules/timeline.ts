import { addDays, startOfDay } from './zoned';
import type { Plan, Shift } from './types';

// What the timeline draws, as numbers: the range of a day, week or month in the zone read, and
// where each shift sits in it (percent from the left, percent wide).

export type Span = 'day' | 'week' | 'month';
export const SPAN_DAYS: Record<Span, number> = { day: 1, week: 7, month: 28 };

export interface Range {
  from: number;
  to: number;
}

/** The range of `span` that starts on the local day of `at` (weeks start on the day shown, not Monday). */
export function rangeOf(span: Span, at: number, zone: string): Range {
  const from = startOfDay(at, zone);
  return { from, to: addDays(from, SPAN_DAYS[span], zone) };
}

/** The previous or next range of the same span. */
export const step = (span: Span, r: Range, dir: -1 | 1, zone: string): Range => {
  const from = addDays(r.from, dir * SPAN_DAYS[span], zone);
  return { from, to: addDays(from, SPAN_DAYS[span], zone) };
};

export interface Bar {
  shift: Shift;
  left: number;
  width: number;
}

export function bars(shifts: Shift[], r: Range): Bar[] {
  const total = r.to - r.from;
  return shifts.map((shift) => {
    const start = Math.max(Date.parse(shift.start), r.from);
    const end = Math.min(Date.parse(shift.end), r.to);
    return { shift, left: ((start - r.from) / total) * 100, width: (Math.max(0, end - start) / total) * 100 };
  });
}

export interface Track {
  key: string;
  label: string;
  shifts: Shift[];
}

/** Layers top first (as they win), then the overrides, then the result. */
export const tracks = (plan: Plan): Track[] => [
  ...[...plan.layers].reverse().map((l) => ({ key: l.layer_id, label: l.name, shifts: l.shifts })),
  { key: 'overrides', label: 'Overrides', shifts: plan.overrides },
  { key: 'final', label: 'On call', shifts: plan.final },
];

/** A stable colour per person; drawn at shade 9, where white text reads at 4.5:1 or better (green-9 does not: 4.4). */
export const PALETTE = ['blue', 'teal', 'grape', 'indigo', 'cyan', 'pink', 'violet'] as const;
export function colorOf(userId: string | null): string {
  if (!userId) return 'gray';
  let h = 0;
  for (const c of userId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
