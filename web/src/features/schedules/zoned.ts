// Wall-clock times in an IANA zone without a date library: what the timeline and the override
// form need (a local "YYYY-MM-DDTHH:mm" to an instant and back, the start of a local day).

const parts = new Map<string, Intl.DateTimeFormat>();

function fmt(zone: string): Intl.DateTimeFormat {
  let f = parts.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    parts.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at `ms`: [year, month, day, hour, minute, second]. */
function wall(ms: number, zone: string): number[] {
  const p = Object.fromEntries(fmt(zone).formatToParts(ms).map((x) => [x.type, x.value]));
  return [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number);
}

/** How far `zone` is ahead of UTC at `ms`. */
export function offsetMs(ms: number, zone: string): number {
  const [y, mo, d, h, mi, s] = wall(ms, zone) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-29T02:30" for the `datetime-local` input, in `zone`. */
export function toLocalInput(ms: number, zone: string): string {
  const [y, mo, d, h, mi] = wall(ms, zone) as [number, number, number, number, number];
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
}

/** The instant a local "YYYY-MM-DDTHH:mm" names in `zone`; a time the day skips moves forward. NaN when malformed. */
export function fromLocalInput(local: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return NaN;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  const first = guess - offsetMs(guess, zone);
  return guess - offsetMs(first, zone);
}

/** Midnight of the local day `ms` falls on, in `zone`. */
export const startOfDay = (ms: number, zone: string): number => fromLocalInput(`${toLocalInput(ms, zone).slice(0, 10)}T00:00`, zone);

/** `days` local days after `ms`'s day start: days are 23, 24 or 25 hours across DST. */
export function addDays(dayStart: number, days: number, zone: string): number {
  const [y, mo, d] = wall(dayStart + 12 * 3_600_000, zone) as [number, number, number];
  const next = new Date(Date.UTC(y, mo - 1, d + days));
  return fromLocalInput(`${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}T00:00`, zone);
}
