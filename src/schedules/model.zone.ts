// Wall clocks of IANA zones for the schedule rules. Pure.
//
// "Wall time" is a local date and time written as epoch ms as if it were UTC, so calendar
// arithmetic (N days later, 08:00 that day) has no DST in it; a ZoneClock turns wall times into
// instants and back. It learns the zone's offset changes once per range (a sample a day, then a
// bisection to the millisecond), because asking Intl for every instant would make a year slow.

import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** No zone is further than this from UTC (Pacific/Kiritimati is +14). */
const MAX_OFFSET_MS = 15 * HOUR_MS;
/** Zones never changed offset twice within a day; a daily sample finds every change. */
const SAMPLE_MS = DAY_MS;
/** How far the clock reaches when asked outside what it knows, so later questions stay cheap. */
const EXTEND_MS = 60 * DAY_MS;

/** The zone's canonical name (europe/berlin → Europe/Berlin), or null when there is no such zone. */
export function canonicalZone(name: string): string | null {
  if (!IANAZone.isValidZone(name)) return null;
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/** From `at` on (to the next entry), the zone is `offset` ms ahead of UTC. */
interface Stretch {
  at: number;
  offset: number;
}

export class ZoneClock {
  private readonly zone: IANAZone;
  private stretches: Stretch[] = [];
  private lo = 0;
  private hi = 0;

  constructor(
    readonly name: string,
    from: number,
    to: number,
  ) {
    this.zone = IANAZone.create(name);
    if (!this.zone.isValid) throw new RangeError(`unknown time zone ${name}`);
    this.lo = from - MAX_OFFSET_MS - DAY_MS;
    this.hi = Math.max(this.lo, to) + MAX_OFFSET_MS + DAY_MS;
    this.stretches = this.scan(this.lo, this.hi);
  }

  /** Whether [from, to] lies within what the clock knows, give or take `slack`. */
  covers(from: number, to: number, slack: number): boolean {
    return from >= this.lo - slack && to <= this.hi + slack;
  }

  /** Ms the zone's wall clock is ahead of UTC at an instant. */
  offset(instant: number): number {
    const i = this.indexAt(instant); // first: it may replace the stretches
    return this.stretches[i]!.offset;
  }

  /** The stretch an instant falls in. */
  private indexAt(instant: number): number {
    if (instant < this.lo || instant > this.hi) this.extend(instant);
    const s = this.stretches;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]!.at <= instant) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  wall(instant: number): number {
    return instant + this.offset(instant);
  }

  /**
   * The instant a wall time names. A time the clocks skip (02:30 on a spring-forward night) is the
   * next instant that exists, the moment of the change (03:00); a time they pass twice (clocks
   * going back) is the first.
   */
  instant(wall: number): number {
    const i = this.indexAt(wall - MAX_OFFSET_MS);
    // No change within the widest offset either side: the usual case, one subtraction.
    if (i === this.indexAt(wall + MAX_OFFSET_MS)) return wall - this.stretches[i]!.offset;
    let first = Infinity;
    for (const o of this.offsetsNear(wall)) {
      const t = wall - o;
      if (this.wall(t) === wall && t < first) first = t;
    }
    if (first !== Infinity) return first;
    // Skipped: the first change after which the clock reads later than `wall`.
    for (const at of this.changesBetween(wall - MAX_OFFSET_MS, wall + MAX_OFFSET_MS)) {
      if (this.wall(at - 1) < wall && this.wall(at) > wall) return at;
    }
    return wall - this.offset(wall); // unreachable for real zones; keeps the function total
  }

  private offsetsNear(wall: number): number[] {
    const out = new Set<number>([this.offset(wall - MAX_OFFSET_MS)]);
    for (const at of this.changesBetween(wall - MAX_OFFSET_MS, wall + MAX_OFFSET_MS)) out.add(this.offset(at));
    return [...out];
  }

  /** Instants in (a, b] where the offset changes. */
  private changesBetween(a: number, b: number): number[] {
    const first = this.indexAt(a);
    const last = this.indexAt(b);
    return this.stretches.slice(first + 1, last + 1).map((s) => s.at);
  }

  private rawOffset(instant: number): number {
    return Math.round(this.zone.offset(instant) * MINUTE_MS);
  }

  /** Stretches covering [a, b], the first starting at a. */
  private scan(a: number, b: number): Stretch[] {
    const out: Stretch[] = [{ at: a, offset: this.rawOffset(a) }];
    let prevT = a;
    let prev = out[0]!.offset;
    for (let t = Math.min(a + SAMPLE_MS, b); ; t = Math.min(t + SAMPLE_MS, b)) {
      const o = this.rawOffset(t);
      if (o !== prev) {
        // The first instant in (prevT, t] with the new offset.
        let lo = prevT;
        let hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.rawOffset(mid) === prev) lo = mid;
          else hi = mid;
        }
        out.push({ at: hi, offset: o });
        prev = o;
      }
      prevT = t;
      if (t >= b) return out;
    }
  }

  private extend(instant: number): void {
    if (!Number.isFinite(instant)) throw new RangeError('an instant must be a finite number');
    if (instant < this.lo) {
      const lo = instant - EXTEND_MS;
      const left = this.scan(lo, this.lo);
      this.stretches = joinStretches(left, this.stretches);
      this.lo = lo;
    }
    if (instant > this.hi) {
      const hi = instant + EXTEND_MS;
      this.stretches = joinStretches(this.stretches, this.scan(this.hi, hi));
      this.hi = hi;
    }
  }
}

function joinStretches(left: Stretch[], right: Stretch[]): Stretch[] {
  const out = [...left];
  for (const s of right) {
    const last = out[out.length - 1]!;
    if (s.at <= last.at) continue;
    if (s.offset !== last.offset) out.push(s);
  }
  return out;
}

/** Minutes after midnight of "HH:MM" (24:00 only when `allowEndOfDay`), or null when it is not such a time. */
export function parseClock(text: unknown, allowEndOfDay = false): number | null {
  if (typeof text !== 'string') return null;
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60 || (minutes === 24 * 60 && !allowEndOfDay)) return null;
  return minutes;
}

/** Wall ms of midnight starting "YYYY-MM-DD", or null when it is not a real date (2026-02-30). */
export function parseLocalDate(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

/** "YYYY-MM-DD" of a wall time. */
export const localDate = (wall: number): string => new Date(wall).toISOString().slice(0, 10);
/** ISO weekday (1 = Monday) of a wall time; 1970-01-01 was a Thursday. */
export const isoWeekday = (wall: number): number => ((((Math.floor(wall / DAY_MS) + 3) % 7) + 7) % 7) + 1;
