// IANA time zones for pickers, and what time it is for someone elsewhere (who is asleep?).

let cached: string[] | null = null;

/** Every IANA zone the browser knows, with UTC, sorted. */
export function timeZones(): string[] {
  if (cached) return cached;
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  cached = [...new Set(['UTC', ...known])].sort((a, b) => a.localeCompare(b));
  return cached;
}

const words = (text: string): string => text.toLowerCase().replace(/[\s_/-]+/g, ' ').trim();

/**
 * Does `zone` match what someone typed? Underscores, slashes and hyphens count as spaces, case is
 * ignored: "New York", "new_york" and "America/New_York" all find America/New_York.
 */
export function zoneMatches(zone: string, search: string): boolean {
  const wanted = words(search);
  return wanted === '' || words(zone).includes(wanted);
}

/** The browser's own zone, for a sensible default. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const checked = new Map<string, boolean>();

/** `zone` when the browser can read times in it, else undefined (then the browser's own zone). */
export function knownTimeZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  // Building a formatter is slow (tens of ms on a phone), and every time on a page asks.
  if (!checked.has(zone)) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      checked.set(zone, true);
    } catch {
      checked.set(zone, false);
    }
  }
  return checked.get(zone) ? zone : undefined;
}

function hourIn(zone: string, now: number): number | null {
  try {
    const h = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now);
    return Number(h);
  } catch {
    return null;
  }
}

/** "Tue 03:12" in that zone; the zone name alone when the browser does not know it. */
export function localTimeIn(zone: string, now: number, locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(now);
  } catch {
    return zone;
  }
}

/** Between 22:00 and 07:00 where they are: probably asleep, so call rather than message. */
export function isNightIn(zone: string, now: number): boolean {
  const h = hourIn(zone, now);
  return h !== null && (h >= 22 || h < 7);
}
