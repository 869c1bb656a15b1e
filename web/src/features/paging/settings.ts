import type { PagingSettings, UrgencySetting } from './api';

// A service's paging settings in words: pure, tested beside this file.

export const URGENCY_LOOK: Record<UrgencySetting, { label: string; hint: string }> = {
  high: { label: 'High', hint: 'pages at once, day or night' },
  low: { label: 'Low', hint: 'pages within business hours, waits otherwise' },
  none: { label: 'None', hint: 'no page, a tracked incident only' },
};

export const ISO_DAYS = [
  { value: 1, short: 'Mon' },
  { value: 2, short: 'Tue' },
  { value: 3, short: 'Wed' },
  { value: 4, short: 'Thu' },
  { value: 5, short: 'Fri' },
  { value: 6, short: 'Sat' },
  { value: 7, short: 'Sun' },
] as const;

/** "Mon–Fri" for a run of days, "Mon, Wed, Fri" otherwise. */
export function daysSentence(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const name = (d: number) => ISO_DAYS[d - 1]?.short ?? String(d);
  if (sorted.length === 7) return 'every day';
  const run = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  return run ? `${name(sorted[0]!)}–${name(sorted[sorted.length - 1]!)}` : sorted.map(name).join(', ');
}

/** "Business hours: Mon–Fri 09:00–17:00 (Europe/Paris)". */
export const businessHoursSentence = (h: PagingSettings['business_hours']): string => `Business hours: ${daysSentence(h.days)} ${h.start}–${h.end} (${h.time_zone})`;
