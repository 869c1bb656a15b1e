// Event times as a responder reads them: date and time in the reader's zone with the zone named
// ("Nov 26, 11:58:12 PM CET"; the year too when it is not this year), so a time read days later
// or relayed to someone elsewhere is unambiguous. 12- or 24-hour follows the locale, one
// convention everywhere; the exact instant stays in the element's title (ISO 8601).

export interface WhenOptions {
  /** IANA zone to read the time in; the browser's own by default. */
  timeZone?: string;
  /** BCP 47 locale; the browser's by default. */
  locale?: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();

/** Does the locale read the clock 0–23 (then "09:05", not "9:05")? */
function twentyFourHour(locale: string | undefined): boolean {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h23' || cycle === 'h24';
}

function formatter(kind: 'year' | 'this-year' | 'dated-year', o: WhenOptions): Intl.DateTimeFormat {
  const key = `${kind}|${o.locale ?? ''}|${o.timeZone ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'year'
        ? { timeZone: o.timeZone, year: 'numeric' }
        : {
            timeZone: o.timeZone,
            month: 'short',
            day: 'numeric',
            hour: twentyFourHour(o.locale) ? '2-digit' : 'numeric',
            minute: '2-digit',
            second: '2-digit',
            timeZoneName: 'short',
            ...(kind === 'dated-year' ? { year: 'numeric' } : {}),
          };
    f = new Intl.DateTimeFormat(kind === 'year' ? 'en-US' : o.locale, options);
    cache.set(key, f);
  }
  return f;
}

/**
 * `iso` as the reader should see it at `now`: "Nov 26, 23:58:12 UTC" this year (12-hour in a
 * 12-hour locale), "Dec 31, 2025, 23:58:12 UTC" in another year; "—" for none.
 */
export function formatWhen(iso: string | null | undefined, now: number, opts: WhenOptions = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const year = formatter('year', opts);
  return formatter(year.format(d) === year.format(now) ? 'this-year' : 'dated-year', opts).format(d);
}
