import { describe, expect, it } from 'vitest';
import { nextOnCall, onCallAt, planOnCall, scheduleWarnings, shiftsFor, turnsIn, validateSchedule, type Layer, type Override, type Schedule } from './model.js';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const D = 24 * H;

function layer(over: Partial<Layer> = {}): Layer {
  return { id: 'l1', name: 'Primary', members: ['ana', 'ben', 'cy'], shift: { unit: 'days', count: 1 }, handoff: '09:00', start_date: '2026-01-01', ...over };
}
function schedule(time_zone: string, layers: Layer[], overrides: Override[] = []): Schedule {
  return { id: 's1', name: 'Ops', time_zone, layers, overrides };
}
/** The final shifts as [start ISO, end ISO, user], readable in a failure. */
function readable(s: Schedule, from: string, to: string) {
  return shiftsFor(s, at(from), at(to)).map((x): [string, string, string | null] => [new Date(x.start).toISOString(), new Date(x.end).toISOString(), x.user_id]);
}
const iso = (ms: number) => new Date(ms).toISOString();

describe('DST nights: calendar days follow the wall clock, hours are real hours', () => {
  it('America/New_York spring-forward: a 02:30 hand-off on 2026-03-08 (no 02:30) happens at 03:00 EDT', () => {
    const s = schedule('America/New_York', [layer({ handoff: '02:30', start_date: '2026-03-01' })]);
    expect(readable(s, '2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z')).toEqual([
      ['2026-03-07T12:00:00.000Z', '2026-03-08T07:00:00.000Z', 'ana'], // from 02:30 EST on the 7th
      ['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z', 'ben'], // 03:00 EDT to 02:30 EDT
      ['2026-03-09T06:30:00.000Z', '2026-03-09T12:00:00.000Z', 'cy'],
    ]);
  });

  it('America/New_York spring-forward: a day shift across the change lasts 23 real hours, a week 167', () => {
    const day = schedule('America/New_York', [layer({ start_date: '2026-03-07' })]);
    const [first] = shiftsFor(day, at('2026-03-07T14:00:00Z'), at('2026-03-10T00:00:00Z'));
    expect([iso(first!.start), iso(first!.end), (first!.end - first!.start) / H]).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', 23]);
    const week = schedule('America/New_York', [layer({ shift: { unit: 'weeks', count: 1 }, start_date: '2026-03-02' })]);
    const [w] = shiftsFor(week, at('2026-03-02T14:00:00Z'), at('2026-03-12T00:00:00Z'));
    expect((w!.end - w!.start) / H).toBe(167);
  });

  it('America/New_York spring-forward: a 12-hour shift stays 12 real hours, so its hand-offs move to 10:00 and 22:00 EDT', () => {
    const s = schedule('America/New_York', [layer({ shift: { unit: 'hours', count: 12 }, start_date: '2026-03-07' })]);
    const shifts = shiftsFor(s, at('2026-03-07T14:00:00Z'), at('2026-03-09T14:00:00Z'));
    expect(shifts.map((x) => (x.end - x.start) / H)).toEqual([12, 12, 12, 12]);
    expect(iso(shifts[2]!.start)).toBe('2026-03-08T14:00:00.000Z'); // 10:00 EDT
  });

  it('America/New_York fall-back: a 01:30 hand-off on 2026-11-01 (twice) is the first one, 01:30 EDT', () => {
    const s = schedule('America/New_York', [layer({ handoff: '01:30', start_date: '2026-10-30' })]);
    expect(readable(s, '2026-10-31T05:30:00Z', '2026-11-02T06:30:00Z')).toEqual([
      ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', 'ben'],
      ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z', 'cy'], // 25 real hours: 01:30 EDT to 01:30 EST
    ]);
  });

  it('America/New_York fall-back: a day shift across the change lasts 25 real hours', () => {
    const s = schedule('America/New_York', [layer({ start_date: '2026-10-31' })]);
    const [first] = shiftsFor(s, at('2026-10-31T13:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect([iso(first!.end), (first!.end - first!.start) / H]).toEqual(['2026-11-01T14:00:00.000Z', 25]);
  });

  it('Europe/Berlin: 02:30 on 2026-03-29 moves to 03:00 CEST; on 2026-10-25 it is the first 02:30 (CEST)', () => {
    const s = schedule('Europe/Berlin', [layer({ handoff: '02:30', start_date: '2026-03-01' })]);
    const spring = shiftsFor(s, at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z')).map((x) => iso(x.start));
    expect(spring).toEqual(['2026-03-28T12:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    const autumn = shiftsFor(s, at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'));
    expect(autumn.map((x) => iso(x.start))).toEqual(['2026-10-24T12:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    expect((autumn[1]!.end - autumn[1]!.start) / H).toBe(25);
  });

  it('Australia/Sydney: DST ends 2026-04-05 (02:30 twice: the first, AEDT) and starts 2026-10-04 (no 02:30: 03:00 AEDT)', () => {
    const s = schedule('Australia/Sydney', [layer({ handoff: '02:30', start_date: '2026-03-01' })]);
    const april = shiftsFor(s, at('2026-04-04T00:00:00Z'), at('2026-04-06T00:00:00Z')).map((x) => iso(x.start));
    expect(april).toEqual(['2026-04-04T00:00:00.000Z', '2026-04-04T15:30:00.000Z', '2026-04-05T16:30:00.000Z']);
    const october = shiftsFor(s, at('2026-10-03T00:00:00Z'), at('2026-10-05T00:00:00Z')).map((x) => iso(x.start));
    expect(october).toEqual(['2026-10-03T00:00:00.000Z', '2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z']);
  });

  it('restriction windows follow the wall clock too: 08:00-16:00 in Berlin is 07:00-15:00 UTC in winter, 06:00-14:00 in summer', () => {
    const s = schedule('Europe/Berlin', [layer({ restrictions: [{ start: '08:00', end: '16:00' }] })]);
    expect(readable(s, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z').map(([a, , u]) => `${a.slice(5, 16)} ${u}`)).toEqual([
      '03-28T00:00 null',
      '03-28T07:00 ben',
      '03-28T08:00 cy', // the 09:00 CET hand-off, inside the window
      '03-28T15:00 null',
      '03-29T06:00 cy',
      '03-29T07:00 ana', // 09:00 CEST
      '03-29T14:00 null',
    ]);
  });
});

describe('zones that changed their rules', () => {
  it('Europe/Moscow left DST for good on 2014-10-26 (+4 to +3): that day shift lasts 25 hours, March 2015 has no change', () => {
    const s = schedule('Europe/Moscow', [layer({ start_date: '2014-10-01' })]);
    const [october] = shiftsFor(s, at('2014-10-25T05:00:00Z'), at('2014-10-27T00:00:00Z'));
    expect([iso(october!.start), iso(october!.end)]).toEqual(['2014-10-25T05:00:00.000Z', '2014-10-26T06:00:00.000Z']);
    const march = shiftsFor(s, at('2015-03-28T06:00:00Z'), at('2015-03-31T06:00:00Z'));
    expect(march.map((x) => (x.end - x.start) / H)).toEqual([24, 24, 24]);
  });

  it('America/Sao_Paulo dropped DST in 2019: 00:30 on 2018-11-04 did not exist (01:00 -02), on 2019-11-03 it did (-03)', () => {
    const s = schedule('America/Sao_Paulo', [layer({ handoff: '00:30', start_date: '2018-01-01' })]);
    const y2018 = shiftsFor(s, at('2018-11-03T12:00:00Z'), at('2018-11-04T12:00:00Z'));
    expect(iso(y2018[1]!.start)).toBe('2018-11-04T03:00:00.000Z');
    const y2019 = shiftsFor(s, at('2019-11-02T12:00:00Z'), at('2019-11-03T12:00:00Z'));
    expect(iso(y2019[1]!.start)).toBe('2019-11-03T03:30:00.000Z');
  });

  it('Pacific/Apia skipped 2011-12-30 whole: that turn starts at the first instant of the 31st and lasts 9 hours', () => {
    const s = schedule('Pacific/Apia', [layer({ start_date: '2011-12-28' })]);
    expect(readable(s, '2011-12-29T19:00:00Z', '2011-12-31T19:00:00Z')).toEqual([
      ['2011-12-29T19:00:00.000Z', '2011-12-30T10:00:00.000Z', 'ben'], // 09:00 -10 on the 29th
      ['2011-12-30T10:00:00.000Z', '2011-12-30T19:00:00.000Z', 'cy'], // 00:00 +14 on the 31st
      ['2011-12-30T19:00:00.000Z', '2011-12-31T19:00:00.000Z', 'ana'], // 09:00 +14 on the 31st
    ]);
  });
});

describe('rotation, layers and overrides', () => {
  it('finds the turn years after the start by arithmetic: day 1461 of a 3-person daily rotation is the first member again', () => {
    const s = schedule('UTC', [layer({ start_date: '2026-01-01' })]);
    expect(onCallAt(s, at('2030-01-01T12:00:00Z'))?.user_id).toBe(['ana', 'ben', 'cy'][1461 % 3]);
    expect(onCallAt(s, at('2025-12-31T12:00:00Z'))).toMatchObject({ end: at('2026-01-01T09:00:00Z'), user_id: null, layer_id: null, override_id: null });
  });

  it('the top layer wins where it has someone; outside its windows the lower layer shows', () => {
    const s = schedule('UTC', [layer({ members: ['ana'] }), layer({ id: 'l2', members: ['ben'], restrictions: [{ start: '08:00', end: '16:00', days: [1, 2, 3, 4, 5] }] })]);
    expect(readable(s, '2026-01-09T00:00:00Z', '2026-01-10T00:00:00Z')).toEqual([
      ['2026-01-09T00:00:00.000Z', '2026-01-09T08:00:00.000Z', 'ana'],
      ['2026-01-09T08:00:00.000Z', '2026-01-09T16:00:00.000Z', 'ben'],
      ['2026-01-09T16:00:00.000Z', '2026-01-10T00:00:00.000Z', 'ana'],
    ]);
    // Saturday: the Monday-to-Friday window is closed.
    expect(readable(s, '2026-01-10T00:00:00Z', '2026-01-11T00:00:00Z')).toEqual([['2026-01-10T00:00:00.000Z', '2026-01-11T00:00:00.000Z', 'ana']]);
  });

  it('a restriction past midnight (22:00-06:00) belongs to the day it starts on', () => {
    const s = schedule('UTC', [layer({ members: ['ana'], restrictions: [{ start: '22:00', end: '06:00', days: [5] }] })]);
    expect(readable(s, '2026-01-09T00:00:00Z', '2026-01-11T00:00:00Z')).toEqual([
      ['2026-01-09T00:00:00.000Z', '2026-01-09T22:00:00.000Z', null],
      ['2026-01-09T22:00:00.000Z', '2026-01-10T06:00:00.000Z', 'ana'],
      ['2026-01-10T06:00:00.000Z', '2026-01-11T00:00:00.000Z', null],
    ]);
  });

  it('follow the sun: each layer keeps its team 09:00-17:00 in its own zone through their DST changes', () => {
    const team = (id: string, zone: string, member: string): Layer => layer({ id, members: [member], time_zone: zone, restrictions: [{ start: '09:00', end: '17:00' }] });
    const s = schedule('UTC', [team('apac', 'Australia/Sydney', 'syd'), team('emea', 'Europe/London', 'lon'), team('amer', 'America/New_York', 'nyc')]);
    const covered = (from: string, to: string) => readable(s, from, to).filter(([, , u]) => u !== null).map(([a, , u]) => `${a.slice(11, 16)} ${u}`);
    expect(covered('2026-01-14T00:00:00Z', '2026-01-15T00:00:00Z')).toEqual(['00:00 syd', '09:00 lon', '14:00 nyc', '22:00 syd']);
    expect(covered('2026-07-15T00:00:00Z', '2026-07-16T00:00:00Z')).toEqual(['00:00 syd', '08:00 lon', '13:00 nyc', '23:00 syd']);
  });

  it('an override for the whole schedule wins over every layer; one that replaces a person applies only to their time', () => {
    const s = schedule('UTC', [layer({ start_date: '2026-01-01' })], [
      { id: 'o1', user_id: 'dee', replaces: 'ben', start: at('2026-01-02T00:00:00Z'), end: at('2026-01-04T00:00:00Z') },
      { id: 'o2', user_id: 'eli', replaces: null, start: at('2026-01-03T20:00:00Z'), end: at('2026-01-03T22:00:00Z') },
    ]);
    const plan = planOnCall(s, at('2026-01-02T00:00:00Z'), at('2026-01-04T00:00:00Z'));
    expect(plan.final.map((x) => [iso(x.start).slice(0, 16), x.user_id, x.override_id])).toEqual([
      ['2026-01-02T00:00', 'ana', null],
      ['2026-01-02T09:00', 'dee', 'o1'], // ben's turn, covered by dee
      ['2026-01-03T09:00', 'cy', null],
      ['2026-01-03T20:00', 'eli', 'o2'],
      ['2026-01-03T22:00', 'cy', null],
    ]);
    expect(plan.overrides.map((o) => o.override_id)).toEqual(['o1', 'o2']);
    expect(plan.layers[0]!.shifts.map((x) => x.user_id)).toEqual(['ana', 'ben', 'cy']);
  });

  it('the later override in the list wins where two overlap', () => {
    const o = (id: string, user_id: string, start: string, end: string): Override => ({ id, user_id, replaces: null, start: at(start), end: at(end) });
    const s = schedule('UTC', [layer()], [o('o1', 'dee', '2026-02-01T00:00:00Z', '2026-02-01T10:00:00Z'), o('o2', 'eli', '2026-02-01T04:00:00Z', '2026-02-01T06:00:00Z')]);
    expect(readable(s, '2026-02-01T00:00:00Z', '2026-02-01T10:00:00Z').map(([a, , u]) => `${a.slice(11, 16)} ${u}`)).toEqual(['00:00 dee', '04:00 eli', '06:00 dee']);
  });

  it('a layer that ends hands over to the layer below; before its first hand-off a layer has nobody', () => {
    const s = schedule('UTC', [layer({ id: 'old', members: ['ana'] }), layer({ id: 'new', members: ['ben'], start_date: '2026-03-01', ends_at: at('2026-03-03T00:00:00Z') })]);
    expect(readable(s, '2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z').map(([a, , u]) => `${a.slice(0, 16)} ${u}`)).toEqual([
      '2026-03-01T00:00 ana',
      '2026-03-01T09:00 ben',
      '2026-03-03T00:00 ana',
    ]);
  });

  it('onCallAt answers the whole shift; nextOnCall the person’s current or next one', () => {
    const s = schedule('UTC', [layer({ shift: { unit: 'weeks', count: 1 }, start_date: '2026-01-05' })]);
    expect(onCallAt(s, at('2026-01-14T03:00:00Z'))).toMatchObject({ user_id: 'ben', start: at('2026-01-12T09:00:00Z'), end: at('2026-01-19T09:00:00Z'), layer_id: 'l1' });
    expect(nextOnCall(s, 'cy', at('2026-01-06T00:00:00Z'), 60 * D)).toMatchObject({ start: at('2026-01-19T09:00:00Z'), end: at('2026-01-26T09:00:00Z') });
    expect(nextOnCall(s, 'ana', at('2026-01-06T00:00:00Z'), 60 * D)?.start).toBe(at('2026-01-05T09:00:00Z'));
    expect(nextOnCall(s, 'cy', at('2026-01-06T00:00:00Z'), 5 * D)).toBeNull();
    expect(nextOnCall(s, 'zoe', at('2026-01-06T00:00:00Z'), 60 * D)).toBeNull();
  });

  it('an empty or backwards range has no shifts', () => {
    const s = schedule('UTC', [layer()]);
    expect(planOnCall(s, 10, 10)).toEqual({ layers: [{ layer_id: 'l1', shifts: [] }], overrides: [], final: [] });
    expect(shiftsFor(s, 20, 10)).toEqual([]);
  });
});

describe('people who are no longer active', () => {
  const s = schedule('UTC', [layer({ members: ['ana'] }), layer({ id: 'l2', members: ['ben', 'cy'] })]);

  it('their turns are gaps, never handed to the next member or a lower layer', () => {
    const final = shiftsFor(s, at('2026-01-02T09:00:00Z'), at('2026-01-04T09:00:00Z'), { activeUserIds: ['ana', 'ben'] });
    expect(final.map((x) => [iso(x.start).slice(0, 10), x.user_id])).toEqual([
      ['2026-01-02', null], // cy's turn
      ['2026-01-03', 'ben'],
    ]);
  });

  it('are warned about, with the field to fix and each gap', () => {
    const warnings = scheduleWarnings(s, ['ana', 'ben'], at('2026-01-02T09:00:00Z'), at('2026-01-04T09:00:00Z'));
    expect(warnings.map((w) => [w.kind, w.field ?? null, w.user_ids ?? null])).toEqual([
      ['inactive_member', 'layers[1].members[1]', null],
      ['gap', null, ['cy']],
    ]);
    expect(warnings[1]!.message).toBe('Nobody is on call from 2026-01-02 09:00 to 2026-01-03 09:00 (UTC): it is the turn of cy, no longer active');
  });

  it('an override by someone who left is a gap too, and an override can cover a leaver’s turn', () => {
    const withOverrides = schedule('UTC', s.layers, [
      { id: 'o1', user_id: 'dee', replaces: 'cy', start: at('2026-01-02T09:00:00Z'), end: at('2026-01-02T21:00:00Z') },
      { id: 'o2', user_id: 'zed', replaces: null, start: at('2026-01-03T09:00:00Z'), end: at('2026-01-03T10:00:00Z') },
    ]);
    const active = ['ana', 'ben', 'dee'];
    expect(readable2(withOverrides, active)).toEqual(['09:00 dee', '21:00 null', '10:00 ben']); // cy's turn then zed's override: one gap
    const warnings = scheduleWarnings(withOverrides, active, at('2026-01-02T09:00:00Z'), at('2026-01-04T09:00:00Z'));
    expect(warnings.map((w) => [w.kind, w.user_ids ?? w.user_id])).toEqual([
      ['inactive_member', 'cy'],
      ['inactive_override', 'zed'],
      ['gap', ['cy', 'zed']],
    ]);
  });
});

function readable2(s: Schedule, active: string[]) {
  return shiftsFor(s, at('2026-01-02T09:00:00Z'), at('2026-01-04T09:00:00Z'), { activeUserIds: active }).map((x) => `${iso(x.start).slice(11, 16)} ${x.user_id}`);
}

describe('turnsIn', () => {
  it("counts each layer's turns over the range, about", () => {
    const s = schedule('UTC', [layer({ shift: { unit: 'hours', count: 8 } }), layer({ id: 'l2', shift: { unit: 'weeks', count: 1 } }), layer({ id: 'l3', shift: { unit: 'days', count: 2 } })]);
    // 28 days: 84 eight-hour turns, 4 weeks, 14 two-day turns.
    expect(turnsIn(s, at('2026-01-01T00:00:00Z'), at('2026-01-29T00:00:00Z'))).toBe(84 + 4 + 14);
    expect(turnsIn(s, at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('validateSchedule', () => {
  const good = () => schedule('Europe/Berlin', [layer({ restrictions: [{ start: '08:00', end: '24:00', days: [1, 2] }] })], [{ id: 'o1', user_id: 'ana', replaces: null, start: at('2026-01-01T00:00:00Z'), end: at('2026-01-02T00:00:00Z') }]);
  const fields = (s: Schedule) => {
    const r = validateSchedule(s);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };

  it('accepts a good schedule and gives zone names back canonical', () => {
    const r = validateSchedule({ ...good(), time_zone: 'europe/berlin', layers: [layer({ time_zone: 'america/new_york' })] });
    expect(r.ok && [r.value.time_zone, r.value.layers[0]!.time_zone]).toEqual(['Europe/Berlin', 'America/New_York']);
  });

  it.each([
    ['an unknown zone', (s: Schedule) => ({ ...s, time_zone: 'Mars/Olympus' }), 'time_zone'],
    ['an unknown layer zone', (s: Schedule) => ({ ...s, layers: [layer({ time_zone: 'Europe/Atlantis' })] }), 'layers[0].time_zone'],
    ['no layers', (s: Schedule) => ({ ...s, layers: [] }), 'layers'],
    ['a layer with no members', (s: Schedule) => ({ ...s, layers: [layer({ members: [] })] }), 'layers[0].members'],
    ['a member that is not an id', (s: Schedule) => ({ ...s, layers: [layer({ members: ['ana', ''] })] }), 'layers[0].members[1]'],
    ['a shift of zero', (s: Schedule) => ({ ...s, layers: [layer({ shift: { unit: 'days', count: 0 } })] }), 'layers[0].shift.count'],
    ['a negative shift', (s: Schedule) => ({ ...s, layers: [layer({ shift: { unit: 'hours', count: -8 } })] }), 'layers[0].shift.count'],
    ['a fractional shift', (s: Schedule) => ({ ...s, layers: [layer({ shift: { unit: 'weeks', count: 1.5 } })] }), 'layers[0].shift.count'],
    ['an endless shift', (s: Schedule) => ({ ...s, layers: [layer({ shift: { unit: 'weeks', count: 1000 } })] }), 'layers[0].shift.count'],
    ['an unknown unit', (s: Schedule) => ({ ...s, layers: [layer({ shift: { unit: 'months', count: 1 } as never })] }), 'layers[0].shift.unit'],
    ['a bad hand-off', (s: Schedule) => ({ ...s, layers: [layer({ handoff: '24:00' })] }), 'layers[0].handoff'],
    ['a hand-off without minutes', (s: Schedule) => ({ ...s, layers: [layer({ handoff: '9' })] }), 'layers[0].handoff'],
    ['a start date that is not a date', (s: Schedule) => ({ ...s, layers: [layer({ start_date: '2026-02-30' })] }), 'layers[0].start_date'],
    ['two layers with one id', (s: Schedule) => ({ ...s, layers: [layer(), layer()] }), 'layers[1].id'],
    ['a window of no length', (s: Schedule) => ({ ...s, layers: [layer({ restrictions: [{ start: '08:00', end: '08:00' }] })] }), 'layers[0].restrictions[0].end'],
    ['a window with no days', (s: Schedule) => ({ ...s, layers: [layer({ restrictions: [{ start: '08:00', end: '16:00', days: [] }] })] }), 'layers[0].restrictions[0].days'],
    ['a day that is not a weekday', (s: Schedule) => ({ ...s, layers: [layer({ restrictions: [{ start: '08:00', end: '16:00', days: [8 as never] }] })] }), 'layers[0].restrictions[0].days'],
    ['a bad window start', (s: Schedule) => ({ ...s, layers: [layer({ restrictions: [{ start: '8am', end: '16:00' }] })] }), 'layers[0].restrictions[0].start'],
    ['a layer that ends before its first hand-off', (s: Schedule) => ({ ...s, layers: [layer({ ends_at: at('2026-01-01T08:00:00Z') })] }), 'layers[0].ends_at'],
    ['too many layers', (s: Schedule) => ({ ...s, layers: Array.from({ length: 21 }, (_, i) => layer({ id: `l${i}` })) }), 'layers'],
    ['too many members', (s: Schedule) => ({ ...s, layers: [layer({ members: Array.from({ length: 201 }, (_, i) => `u${i}`) })] }), 'layers[0].members'],
    ['too many windows', (s: Schedule) => ({ ...s, layers: [layer({ restrictions: Array.from({ length: 51 }, () => ({ start: '08:00', end: '09:00' })) })] }), 'layers[0].restrictions'],
    ['an override that ends before it starts', (s: Schedule) => ({ ...s, overrides: [{ ...s.overrides[0]!, end: s.overrides[0]!.start - 1 }] }), 'overrides[0].end'],
    ['an override of no length', (s: Schedule) => ({ ...s, overrides: [{ ...s.overrides[0]!, end: s.overrides[0]!.start }] }), 'overrides[0].end'],
    ['an override without a person', (s: Schedule) => ({ ...s, overrides: [{ ...s.overrides[0]!, user_id: '' }] }), 'overrides[0].user_id'],
    ['an override start that is not a time', (s: Schedule) => ({ ...s, overrides: [{ ...s.overrides[0]!, start: Number.NaN }] }), 'overrides[0].start'],
  ])('names the field for %s', (_, change, field) => {
    expect(fields(good())).toEqual([]);
    expect(fields(change(good()))).toEqual([field]);
  });

  it('answers input of the wrong shape with errors, never by throwing', () => {
    expect(fields({} as Schedule)).toEqual(['name', 'time_zone', 'layers', 'overrides']);
    expect(fields({ ...good(), layers: [null as never, { ...layer(), id: 'l2', shift: null as never, members: 'ana' as never, restrictions: [null as never] }] })).toEqual([
      'layers[0]',
      'layers[1].members',
      'layers[1].shift.unit',
      'layers[1].restrictions[0].start',
      'layers[1].restrictions[0].end',
    ]);
  });

  it('reports every problem at once', () => {
    const bad = { ...good(), time_zone: 'Nowhere', layers: [layer({ members: [], handoff: '25:00' })] };
    expect(fields(bad)).toEqual(['time_zone', 'layers[0].members', 'layers[0].handoff']);
  });
});
