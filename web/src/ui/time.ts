// Event times as a responder reads them: the clock alone for today, the date too otherwise
// (an incident that ran past midnight, a post-mortem read days later). 24-hour clock, so 03:00
// and 15:00 cannot be confused; the exact instant stays in the element's title (ISO 8601).

export interface WhenOptions {
  /** IANA zone to read the time in; the browser's own by default. */
  timeZone?: string;
  /** BCP 47 locale; the browser's by default. */
  locale?: string;
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'day' | 'today' | 'date' | 'dated-year', o: WhenOptions): Intl.DateTimeFormat {
  const key = `${kind}|${o.locale ?? ''}|${o.timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const zone = { timeZone: o.timeZone };
    const options: Intl.DateTimeFormatOptions =
      kind === 'day'
        ? { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }
        : kind === 'today'
          ? { ...zone, ...CLOCK, second: '2-digit' }
          : kind === 'date'
            ? { ...zone, ...CLOCK, month: 'short', day: 'numeric' }
            : { ...zone, ...CLOCK, year: 'numeric', month: 'short', day: 'numeric' };
    // The calendar day is compared, not shown: a fixed locale keeps it "MM/DD/YYYY".
    f = new Intl.DateTimeFormat(kind === 'day' ? 'en-US' : o.locale, options);
    cache.set(key, f);
  }
  return f;
}

/**
 * `iso` as the reader should see it at `now`: "03:47:18" when it is today where they are,
 * "Nov 26, 23:58" on another day of this year, "Dec 31, 2025, 23:58" in another year; "—" for none.
 */
export function formatWhen(iso: string | null | undefined, now: number, opts: WhenOptions = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = formatter('day', opts);
  const [at, today] = [day.format(d), day.format(now)];
  if (at === today) return formatter('today', opts).format(d);
  return formatter(at.slice(-4) === today.slice(-4) ? 'date' : 'dated-year', opts).format(d);
}
