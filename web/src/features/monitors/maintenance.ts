// Maintenance windows as people set them: wall-clock times in a chosen zone, weekly on some
// days. Pure: the clock comes in as `now` (epoch ms).

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const WEEKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const WEEKDAY_LABEL: Record<Weekday, string> = { MO: 'Mon', TU: 'Tue', WE: 'Wed', TH: 'Thu', FR: 'Fri', SA: 'Sat', SU: 'Sun' };
/** Date.getUTCDay() order: Sunday is 0. */
const BY_UTC_DAY: Weekday[] = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

interface Wall {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
}

/** The wall clock in `zone` at instant `t`. */
function wallAt(t: number, zone: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(t);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: n('year'), m: n('month'), d: n('day'), h: n('hour') % 24, min: n('minute') };
}

const asUtc = (w: Wall): number => Date.UTC(w.y, w.m - 1, w.d, w.h, w.min);

/**
 * The instant the wall clock in `zone` reads `w`. In a spring-forward gap (02:30 that never
 * happens) it is the wall clock an hour later (03:30); in a fall-back overlap, one of the two.
 */
export function zonedToUtc(w: Wall, zone: string): number {
  const guess = asUtc(w);
  const offset = asUtc(wallAt(guess, zone)) - guess;
  const first = guess - offset;
  const offset2 = asUtc(wallAt(first, zone)) - first;
  return offset2 === offset ? first : guess - offset2;
}

/** "2026-03-29 02:00:00" or "2026-03-29T02:00" (a date-time picker's value) as a wall clock. */
export function parseWall(s: string): Wall | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(s);
  return m ? { y: +m[1]!, m: +m[2]!, d: +m[3]!, h: +m[4]!, min: +m[5]! } : null;
}

/** "02:30" → [2, 30]. */
export function parseTime(s: string): [number, number] | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(s);
  return m && +m[1]! < 24 && +m[2]! < 60 ? [+m[1]!, +m[2]!] : null;
}

/** "FREQ=WEEKLY;BYDAY=MO,SU": the days in week order. */
export const weeklyRule = (days: Weekday[]): string => `FREQ=WEEKLY;BYDAY=${WEEKDAYS.filter((d) => days.includes(d)).join(',')}`;

/**
 * The first occurrence at or after `now`: on one of `days` at `time` in `zone`. It is the window's
 * start, so the rule's first occurrence and its start agree however the server counts DTSTART.
 */
export function nextWeeklyStart(days: Weekday[], time: [number, number], zone: string, now: number): number | null {
  if (days.length === 0) return null;
  const today = wallAt(now, zone);
  for (let k = 0; k <= 7; k++) {
    const date = new Date(Date.UTC(today.y, today.m - 1, today.d + k));
    if (!days.includes(BY_UTC_DAY[date.getUTCDay()]!)) continue;
    const at = zonedToUtc({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), h: time[0], min: time[1] }, zone);
    if (at >= now) return at;
  }
  return null;
}

/** "Weekly on Sat, Sun at 02:00 Europe/Paris for 2 h", from the rule and the window's first start. */
export function describeRecurrence(rrule: string, startsAt: string, zone: string, durationMs: number): string {
  const byday = /BYDAY=([A-Z,]+)/.exec(rrule)?.[1]?.split(',') ?? [];
  const days = byday.map((d) => WEEKDAY_LABEL[d as Weekday] ?? d).join(', ');
  const w = wallAt(Date.parse(startsAt), zone);
  const time = `${String(w.h).padStart(2, '0')}:${String(w.min).padStart(2, '0')}`;
  const freq = /FREQ=(\w+)/.exec(rrule)?.[1]?.toLowerCase() ?? 'weekly';
  const mins = Math.round(durationMs / 60_000);
  const length = mins % 60 === 0 ? `${mins / 60} h` : mins > 60 ? `${Math.floor(mins / 60)} h ${mins % 60} min` : `${mins} min`;
  return `${freq[0]!.toUpperCase()}${freq.slice(1)}${days ? ` on ${days}` : ''} at ${time} ${zone} for ${length}`;
}
