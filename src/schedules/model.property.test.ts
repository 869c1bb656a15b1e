// Properties of planOnCall over random layers, members, zones, restrictions and overrides, checked
// against small oracles built on Luxon's DateTime (not on the model's own clock).
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planOnCall, type Layer, type Override, type Restriction, type Schedule, type Shift } from './model.js';
import { joinTouching } from './model.rotation.js';
import { offsetBefore, offsetChangesIn } from '../../test/support/zone-changes.js';

const H = 3_600_000;
const D = 24 * H;
/** Real zones: DST north and south, half-hour and 45-minute offsets, a 30-minute DST, and zones whose rules changed. */
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Europe/Moscow',
  'Pacific/Apia',
  'America/St_Johns',
  'Africa/Casablanca',
];
const PEOPLE = ['ana', 'ben', 'cy', 'dee', 'eli', 'fay'];
const RUNS = { numRuns: 150 };
/** Property runs take seconds on a busy machine; the default 5 s would fail them for the wrong reason. */
const TIMEOUT = 30_000;

const pad = (n: number) => String(n).padStart(2, '0');
/** Any quarter hour, and often one near the small hours when clocks change (02:30 may not exist, 01:30 may happen twice). */
const clockText = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${pad(h)}:${pad(m)}`),
  fc.constantFrom('00:00', '00:30', '01:30', '02:00', '02:15', '02:30', '03:00'),
);
const shiftArb = fc.oneof(
  fc.record({ unit: fc.constant('hours' as const), count: fc.integer({ min: 1, max: 48 }) }),
  fc.record({ unit: fc.constant('days' as const), count: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ unit: fc.constant('weeks' as const), count: fc.integer({ min: 1, max: 3 }) }),
);
const restrictionArb: fc.Arbitrary<Restriction> = fc
  .record({
    start: clockText,
    end: fc.oneof(clockText, fc.constant('24:00')),
    days: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), { nil: undefined }),
  })
  .filter((r) => r.start !== r.end && !(r.start === '00:00' && r.end === '24:00'))
  .map((r) => (r.days === undefined ? { start: r.start, end: r.end } : { start: r.start, end: r.end, days: r.days as Restriction['days'] }));

/**
 * A range [from, to) between 2010 and 2030, up to 40 days: anywhere, or often starting in a month
 * when clocks change somewhere (March, April, September, October, November, December for Apia).
 */
const rangeArb = fc.record({
  from: fc
    .oneof(
      fc.integer({ min: Date.UTC(2010, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.tuple(fc.integer({ min: 2010, max: 2029 }), fc.constantFrom(2, 3, 8, 9, 10, 11), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 })).map(([y, m, d, h]) => Date.UTC(y, m, d, h)),
    )
    .map((t) => Math.floor(t / 60_000) * 60_000),
  length: fc.integer({ min: 1, max: 40 * 24 }).map((h) => h * H),
});

const layerArb = (opts: { restricted: boolean; minMembers?: number }) =>
  fc.record({
    members: fc.uniqueArray(fc.constantFrom(...PEOPLE), { minLength: opts.minMembers ?? 1, maxLength: 5 }),
    shift: shiftArb,
    handoff: clockText,
    startDaysBefore: fc.integer({ min: -5, max: 400 }),
    restrictions: opts.restricted ? fc.array(restrictionArb, { minLength: 1, maxLength: 3 }) : fc.constant(undefined),
    endsAfter: fc.option(fc.integer({ min: 1, max: 50 * 24 }).map((h) => h * H), { nil: undefined }),
  });

type LayerDraft = { members: string[]; shift: Layer['shift']; handoff: string; startDaysBefore: number; restrictions?: Restriction[]; endsAfter?: number };

function toLayer(id: string, d: LayerDraft, zone: string, from: number): Layer {
  const start = DateTime.fromMillis(from - d.startDaysBefore * D, { zone }).toISODate()!;
  const l: Layer = { id, name: id, members: d.members, shift: d.shift, handoff: d.handoff, start_date: start };
  if (d.restrictions) l.restrictions = d.restrictions;
  if (d.endsAfter !== undefined) l.ends_at = from + d.endsAfter;
  return l;
}

const scheduleOf = (zone: string, layers: Layer[], overrides: Override[] = []): Schedule => ({ id: 's', name: 's', time_zone: zone, layers, overrides });

// ---- Oracles (Luxon's DateTime) ----

const local = (t: number, zone: string) => DateTime.fromMillis(t, { zone });

const oracleMemo = new Map<string, number>();
/**
 * The instant of a local date and time: the first one when it occurs twice; when it does not
 * occur, the first instant after it whose local time is later (found minute by minute).
 */
function oracleInstant(zone: string, date: string, time: string): number {
  const key = `${zone} ${date} ${time}`;
  const known = oracleMemo.get(key);
  if (known !== undefined) return known;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const z = IANAZone.create(zone);
  const wallOf = (t: number) => t + Math.round(z.offset(t) * 60_000);
  const offsets = new Set<number>();
  for (let k = -15; k <= 15; k += 3) offsets.add(Math.round(z.offset(wall + k * H) * 60_000));
  let result = Infinity;
  for (const o of offsets) if (wallOf(wall - o) === wall) result = Math.min(result, wall - o);
  if (result === Infinity) {
    for (let t = wall - Math.max(...offsets); ; t += 60_000) {
      if (wallOf(t) > wall) {
        result = t;
        break;
      }
    }
  }
  oracleMemo.set(key, result);
  return result;
}

const addDays = (date: string, n: number) => DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: n }).toISODate()!;

/** Whether an instant lies in one of the restriction windows (local wall clock), per the rules' text. */
function inWindows(t: number, zone: string, restrictions: readonly Restriction[]): boolean {
  const dt = local(t, zone);
  const minute = dt.hour * 60 + dt.minute;
  const today = dt.weekday;
  const yesterday = today === 1 ? 7 : today - 1;
  const mins = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return restrictions.some((r) => {
    const [s, e] = [mins(r.start), mins(r.end)];
    const on = (d: number) => !r.days || (r.days as number[]).includes(d);
    if (s < e) return on(today) && minute >= s && minute < e;
    return (on(today) && minute >= s) || (on(yesterday) && minute < e);
  });
}

/** Near a change of offset the wall clock repeats or skips; the window oracle reads wall time and is not asked there. */
const nearChange = (t: number, zone: string) => IANAZone.create(zone).offset(t - 3 * H) !== IANAZone.create(zone).offset(t + 3 * H);

const samples = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => Math.floor(from + ((to - from) * (i + 0.5)) / n));
const covering = (shifts: readonly Shift[], t: number) => shifts.find((s) => s.start <= t && s.end > t);

/** Every whole turn starts where the oracle says turn k starts, ends where k + 1 starts, and is members[k]'s. */
function expectTurns(zone: string, l: Layer, from: number, to: number) {
  const { shifts } = planOnCall(scheduleOf(zone, [l]), from, to).layers[0]!;
  const n = l.members.length;
  const { unit, count } = l.shift;
  const days = unit === 'weeks' ? 7 * count : count;
  const first = oracleInstant(zone, l.start_date, l.handoff);
  const startOf = (k: number) => (unit === 'hours' ? first + k * count * H : oracleInstant(zone, addDays(l.start_date, k * days), l.handoff));
  for (const s of shifts) {
    if (s.start === from || s.end === to) continue; // cut by the range: not a whole turn
    const dayNumber = DateTime.fromISO(local(s.start, zone).toISODate()!, { zone: 'UTC' }).diff(DateTime.fromISO(l.start_date, { zone: 'UTC' }), 'days').days;
    const guess = unit === 'hours' ? Math.round((s.start - first) / (count * H)) : Math.round(dayNumber / days);
    const k = [guess, guess - 1, guess + 1].find((c) => startOf(c) === s.start);
    expect(k, `turn starting ${new Date(s.start).toISOString()}`).toBeDefined();
    // A day that never happened (Apia skipped 30 December 2011) is a turn of no length; when the
    // turn after it is the same person's, the two are one shift.
    let next = k! + 1;
    while (startOf(next + 1) === startOf(next) && l.members[(next + 1) % n] === l.members[k! % n]) next += 2;
    expect(s.end).toBe(startOf(next));
    expect(s.user_id).toBe(l.members[k! % n]);
    if (unit === 'hours') expect(s.end - s.start).toBe(count * H);
  }
}

function expectSortedDisjoint(shifts: readonly Shift[]) {
  for (const [i, s] of shifts.entries()) {
    expect(s.end).toBeGreaterThan(s.start);
    if (i > 0) expect(s.start).toBeGreaterThanOrEqual(shifts[i - 1]!.end);
  }
}

describe('planOnCall, properties over random schedules', () => {
  it('a layer without restrictions has no gaps or overlaps from its first hand-off (or from) to its end (or to)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), layerArb({ restricted: false }), rangeArb, (zone, draft, { from, length }) => {
        const l = toLayer('l', draft, zone, from);
        const to = from + length;
        const { shifts } = planOnCall(scheduleOf(zone, [l]), from, to).layers[0]!;
        const first = oracleInstant(zone, l.start_date, l.handoff);
        const end = Math.min(to, l.ends_at ?? Infinity);
        if (Math.max(from, first) >= end) {
          expect(shifts).toEqual([]);
          return;
        }
        expectSortedDisjoint(shifts);
        expect(shifts[0]!.start).toBe(Math.max(from, first));
        expect(shifts.at(-1)!.end).toBe(end);
        for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('members take turns in order; N days or weeks are N calendar days in the zone, N hours are N real hours', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), layerArb({ restricted: false, minMembers: 2 }), rangeArb, (zone, draft, { from, length }) => {
        expectTurns(zone, toLayer('l', { ...draft, endsAfter: undefined }, zone, from), from, from + length);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('the same with every hand-off within an hour or two of a change of the clocks (skipped, repeated, or Apia’s lost day)', () => {
    const DST_ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'Africa/Casablanca', 'America/St_Johns'];
    const arb = fc.record({
      zone: fc.constantFrom(...DST_ZONES, 'Pacific/Apia'),
      year: fc.integer({ min: 2010, max: 2029 }),
      pick: fc.nat(),
      minutes: fc.integer({ min: -8, max: 8 }).map((q) => q * 15),
      members: fc.uniqueArray(fc.constantFrom(...PEOPLE), { minLength: 2, maxLength: 4 }),
      shift: fc.oneof(fc.record({ unit: fc.constant('days' as const), count: fc.integer({ min: 1, max: 3 }) }), fc.record({ unit: fc.constant('hours' as const), count: fc.integer({ min: 1, max: 30 }) })),
      daysBefore: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(arb, ({ zone, year, pick, minutes, members, shift, daysBefore }) => {
        const changes = offsetChangesIn(zone, zone === 'Pacific/Apia' ? 2011 : year);
        fc.pre(changes.length > 0);
        const at = changes[pick % changes.length]!;
        // The hand-off: the wall time at the change, give or take; the rotation starts a few days before.
        const wall = DateTime.fromMillis(at + offsetBefore(zone, at) + minutes * 60_000, { zone: 'UTC' });
        const start = wall.minus({ days: daysBefore }).toISODate()!;
        const l: Layer = { id: 'l', name: 'l', members, shift, handoff: wall.toFormat('HH:mm'), start_date: start };
        expectTurns(zone, l, at - 10 * D, at + 10 * D);
      }),
      // Found by a random run: two people, daily turns at midnight from the day before Apia's lost
      // day; the first person's turn runs on across the day that never was into their next one.
      { ...RUNS, examples: [[{ zone: 'Pacific/Apia', year: 2010, pick: 1141404719, minutes: 0, members: ['ben', 'ana'], shift: { unit: 'days' as const, count: 1 }, daysBefore: 1 }]] },
    );
  }, TIMEOUT);

  it('restrictions clip turns to their windows: someone exactly inside them, the turn keeping its owner', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), layerArb({ restricted: true }), rangeArb, (zone, draft, { from, length }) => {
        const l = toLayer('l', draft, zone, from);
        const to = from + length;
        const free = { ...l, restrictions: undefined };
        const restricted = planOnCall(scheduleOf(zone, [l]), from, to).layers[0]!.shifts;
        const unrestricted = planOnCall(scheduleOf(zone, [free]), from, to).layers[0]!.shifts;
        expectSortedDisjoint(restricted);
        for (const t of samples(from, to, 40)) {
          if (nearChange(t, zone)) continue;
          const got = covering(restricted, t);
          const turn = covering(unrestricted, t);
          expect(got !== undefined, `at ${new Date(t).toISOString()}`).toBe(turn !== undefined && inWindows(t, zone, l.restrictions!));
          if (got) expect(got.user_id).toBe(turn!.user_id);
        }
      }),
      RUNS,
    );
  }, TIMEOUT);

  const scheduleArb = fc
    .record({
      zone: fc.constantFrom(...ZONES),
      layers: fc.array(fc.oneof(layerArb({ restricted: false }), layerArb({ restricted: true })), { minLength: 1, maxLength: 3 }),
      range: rangeArb,
      overrides: fc.array(
        fc.record({
          user_id: fc.constantFrom(...PEOPLE),
          replaces: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
          startAt: fc.double({ min: -0.2, max: 1.1, noNaN: true }),
          hours: fc.integer({ min: 1, max: 24 * 7 }),
        }),
        { maxLength: 6 },
      ),
    })
    .map(({ zone, layers, range, overrides }) => {
      const { from, length } = range;
      const s = scheduleOf(
        zone,
        layers.map((d, i) => toLayer(`l${i}`, d, zone, from)),
        overrides.map((o, i) => {
          const start = Math.floor((from + o.startAt * length) / 60_000) * 60_000;
          return { id: `o${i}`, user_id: o.user_id, replaces: o.replaces, start, end: start + o.hours * H };
        }),
      );
      return { s, from, to: from + length };
    });

  it('the final result covers [from, to) with no gap or overlap, merged, and is the top layer with someone under the overrides', () => {
    fc.assert(
      fc.property(scheduleArb, ({ s, from, to }) => {
        const plan = planOnCall(s, from, to);
        const { final } = plan;
        expect(final[0]!.start).toBe(from);
        expect(final.at(-1)!.end).toBe(to);
        for (let i = 1; i < final.length; i++) {
          const [a, b] = [final[i - 1]!, final[i]!];
          expect(b.start).toBe(a.end);
          expect([a.user_id, a.layer_id, a.override_id]).not.toEqual([b.user_id, b.layer_id, b.override_id]);
        }
        for (const t of samples(from, to, 60)) {
          let base: Shift | undefined;
          for (let l = plan.layers.length - 1; l >= 0 && !base; l--) base = covering(plan.layers[l]!.shifts, t);
          const winner = s.overrides.filter((o) => o.start <= t && o.end > t && (o.replaces === null || o.replaces === base?.user_id)).at(-1);
          const got = covering(final, t)!;
          if (winner) expect([got.user_id, got.override_id, got.layer_id]).toEqual([winner.user_id, winner.id, null]);
          else expect([got.user_id, got.layer_id, got.override_id]).toEqual([base?.user_id ?? null, base?.layer_id ?? null, null]);
        }
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('an override for the whole schedule covers exactly its range (the last one in the list)', () => {
    fc.assert(
      fc.property(scheduleArb, ({ s, from, to }) => {
        const o = { id: 'last', user_id: 'zed', replaces: null, start: from + Math.floor((to - from) / 3), end: from + Math.floor((2 * (to - from)) / 3) + 1 };
        const final = planOnCall({ ...s, overrides: [...s.overrides, o] }, from, to).final;
        const mine = final.filter((x) => x.override_id === 'last');
        expect(mine).toEqual([{ start: o.start, end: o.end, user_id: 'zed', layer_id: null, override_id: 'last' }]);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('the result for [T1, T3) is [T1, T2) joined with [T2, T3)', () => {
    fc.assert(
      fc.property(scheduleArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ s, from, to }, cut) => {
        const mid = Math.floor(from + (to - from) * cut);
        const whole = planOnCall(s, from, to);
        const [left, right] = [planOnCall(s, from, mid), planOnCall(s, mid, to)];
        expect(joinTouching([...left.final, ...right.final])).toEqual(whole.final);
        whole.layers.forEach((l, i) => expect(joinTouching([...left.layers[i]!.shifts, ...right.layers[i]!.shifts])).toEqual(l.shifts));
      }),
      RUNS,
    );
  }, TIMEOUT);
});
