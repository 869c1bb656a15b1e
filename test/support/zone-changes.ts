// Instants where a zone's UTC offset changes, found with Luxon alone (a scan, then a
// bisection to the second), for tests that check the schedule rules at those moments.
import { IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;
const found = new Map<string, number[]>();

/** Changes of offset in a calendar year (UTC), each as the first instant of the new offset (to the second). */
export function offsetChangesIn(zone: string, year: number): number[] {
  const key = `${zone} ${year}`;
  const known = found.get(key);
  if (known) return known;
  const z = IANAZone.create(zone);
  const out: number[] = [];
  // A sample every 6 hours: no zone changed its offset twice within that.
  const step = 6 * HOUR_MS;
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += step) {
    if (z.offset(t) === z.offset(t + step)) continue;
    let [lo, hi] = [t, t + step];
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2);
      if (z.offset(mid) === z.offset(t)) lo = mid;
      else hi = mid;
    }
    out.push(Math.floor(hi / 1000) * 1000);
  }
  found.set(key, out);
  return out;
}

/** The zone's offset in ms just before an instant. */
export const offsetBefore = (zone: string, at: number): number => Math.round(IANAZone.create(zone).offset(at - 1) * 60_000);
