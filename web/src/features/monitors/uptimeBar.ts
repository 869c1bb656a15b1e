import { formatPct } from './presentation';
import type { UptimeDay } from './types';

// The 90-day bar: one mark per day, its colour from that day's uptime, and the sentence a screen
// reader hears instead of the marks.

export type DayTone = 'up' | 'minor' | 'major' | 'none' | 'maintenance';

/** Below this a day with downtime is red rather than amber. */
const MAJOR_BELOW_PCT = 99;

export function dayTone(d: UptimeDay): DayTone {
  if (d.uptime_pct === null) return d.maintenance ? 'maintenance' : 'none';
  if (d.down_ms <= 0) return d.maintenance ? 'maintenance' : 'up';
  return d.uptime_pct < MAJOR_BELOW_PCT ? 'major' : 'minor';
}

/** The mean of the days with data, so a monitor a week old is not "7.8% over 90 days". */
export function overallPct(days: UptimeDay[]): number | null {
  const known = days.filter((d) => d.uptime_pct !== null);
  if (known.length === 0) return null;
  return known.reduce((sum, d) => sum + d.uptime_pct!, 0) / known.length;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "99.95% over 90 days, 2 days with downtime"; "No checks in the last 90 days". */
export function barSummary(days: UptimeDay[]): string {
  const pct = overallPct(days);
  if (pct === null) return `No checks in the last ${days.length} days`;
  const down = days.filter((d) => d.down_ms > 0).length;
  const known = days.filter((d) => d.uptime_pct !== null).length;
  const span = known < days.length ? `${plural(known, 'day', 'days')} with data` : `${days.length} days`;
  return `${formatPct(pct)} over ${span}, ${down === 0 ? 'no downtime' : plural(down, 'day with downtime', 'days with downtime')}`;
}

/** "2 h 5 min", "40 s": how long a day was down. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/** One day's tooltip, dated in UTC as the server counts days: "Mar 3, 2026 — 99.2% up, 11 min down". */
export function dayLabel(d: UptimeDay, locale?: string): string {
  const date = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(d.start));
  if (d.uptime_pct === null) return `${date} — no data${d.maintenance ? ' (maintenance)' : ''}`;
  const parts = [`${formatPct(d.uptime_pct)} up`];
  if (d.down_ms > 0) parts.push(`${formatDuration(d.down_ms)} down`);
  if (d.maintenance) parts.push('maintenance');
  return `${date} — ${parts.join(', ')}`;
}
