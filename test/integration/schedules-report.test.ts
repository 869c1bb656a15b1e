import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;

// The fairness and pay report: holidays from an iCalendar file, pay rates, hours split in each
// person's own zone, incidents led, CSV. The harness clock starts on Monday 2026-01-05 09:00 UTC.

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//holidays//EN',
  'BEGIN:VEVENT',
  'UID:h1',
  'DTSTART;VALUE=DATE:20260107',
  'DTEND;VALUE=DATE:20260108',
  'SUMMARY:Founders\\, Day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:h2',
  'DTSTART:20260108T100000Z',
  'DTEND:20260108T110000Z',
  'SUMMARY:A meeting',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const WEEK = 'from=2026-01-05T00:00:00Z&to=2026-01-12T00:00:00Z';

describeEachDatabase('on-call fairness and pay report', (h) => {
  let admin: Actor;
  let ana: Actor;
  let bo: Actor;
  let viewer: Actor;
  let scheduleId: string;
  const as = (a: Actor) => ({ token: a.token });
  const report = async (query: string) => {
    const r = await h.call('GET', `/api/v1/reports/on-call?${query}`, as(viewer));
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Array<Record<string, unknown> & { user_id: string; pay: Array<Record<string, unknown>> }> };
  };
  const row = async (query: string, who: Actor) => (await report(query)).items.find((i) => i.user_id === who.id);

  beforeAll(async () => {
    h.clock.set('2026-01-05T09:00:00.000Z');
    admin = await h.actor('admin');
    [ana, bo] = [await h.actor('responder'), await h.actor('responder')];
    viewer = await h.actor('viewer');
    // Ana lives in Tokyo (UTC+9): her nights, weekends and business hours are Tokyo's.
    await h.db.kysely.updateTable('users').set({ time_zone: 'Asia/Tokyo' }).where('id', '=', ana.id).execute();
    const made = await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Fair', time_zone: 'UTC', template: 'weekly', members: [ana.id, bo.id], start_date: '2026-01-05', handoff: '00:00' } });
    expect(made.statusCode, made.body).toBe(201);
    scheduleId = made.json().id;
  });

  it('imports holidays from an iCalendar file, as a file or as JSON; a bad file changes nothing', async () => {
    const put = await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(admin), body: ICS, headers: { 'content-type': 'text/calendar' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ schedule_id: scheduleId, holidays: [{ date: '2026-01-07', name: 'Founders, Day' }], skipped: 1 });
    const again = await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(admin), body: { ics: ICS } });
    expect(again.statusCode, again.body).toBe(200);

    for (const body of [{ ics: 'not a calendar' }, { ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\0' }]) {
      const bad = await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(admin), body });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().field).toBe('ics');
    }
    const wrongType = await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(admin), body: { ics: 5 } });
    expect(wrongType.statusCode).toBe(400);
    const binary = await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(admin), body: ICS, headers: { 'content-type': 'application/octet-stream' } });
    expect(binary.statusCode).toBe(415);
    expect((await h.call('PUT', `/api/v1/schedules/${scheduleId}/holidays`, { ...as(viewer), body: { ics: ICS } })).statusCode).toBe(403);
    expect((await h.call('PUT', '/api/v1/schedules/sch_nope/holidays', { ...as(admin), body: { ics: ICS } })).statusCode).toBe(404);

    const listed = await h.call('GET', `/api/v1/schedules/${scheduleId}/holidays`, as(viewer));
    expect(listed.json().holidays).toEqual([{ date: '2026-01-07', name: 'Founders, Day' }]);
  });

  it('splits hours on call in the person’s own zone, with the schedule’s holidays', async () => {
    const a = await row(WEEK, ana);
    // A full week: 7 nights of 9 hours, Saturday and Sunday in Tokyo, Wednesday a holiday,
    // business hours Monday-Friday 09-17 but Wednesday.
    expect(a).toMatchObject({ time_zone: 'Asia/Tokyo', hours: 168, night_hours: 63, weekend_hours: 48, business_hours: 32, after_hours: 64, weekend_pay_hours: 48, holiday_hours: 24, shifts: 1, pages: 0, pages_after_hours: 0, pay: [] });
    // Friday in UTC is Friday 09:00 to Saturday 09:00 in Tokyo: 9 weekend hours that UTC would not count.
    const friday = await row('from=2026-01-09T00:00:00Z&to=2026-01-10T00:00:00Z', ana);
    expect(friday).toMatchObject({ hours: 24, weekend_hours: 9, business_hours: 8, after_hours: 7, night_hours: 9 });
    // Bo keeps UTC: his week is the next one.
    expect(await row(WEEK, bo)).toBeUndefined();
    expect(await row('from=2026-01-12T00:00:00Z&to=2026-01-19T00:00:00Z', bo)).toMatchObject({ time_zone: 'UTC', hours: 168, holiday_hours: 0 });
  });

  it('pays by the schedule’s rates and exports CSV', async () => {
    const bad = await h.call('PUT', `/api/v1/schedules/${scheduleId}/pay-rates`, { ...as(admin), body: { currency: 'euro', per_shift: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toContain('currency');
    const negative = await h.call('PUT', `/api/v1/schedules/${scheduleId}/pay-rates`, { ...as(admin), body: { currency: 'EUR', per_hour: { business: -1 } } });
    expect(negative.statusCode).toBe(400);
    expect((await h.call('GET', `/api/v1/schedules/${scheduleId}/pay-rates`, as(viewer))).json().rates).toBeNull();
    expect((await h.call('PUT', `/api/v1/schedules/${scheduleId}/pay-rates`, { ...as(viewer), body: { currency: 'EUR' } })).statusCode).toBe(403);

    const rates = { currency: 'EUR', per_hour: { business: 1, after_hours: 2, weekend: 3, holiday: 4 }, per_shift: 10 };
    const put = await h.call('PUT', `/api/v1/schedules/${scheduleId}/pay-rates`, { ...as(admin), body: rates });
    expect(put.statusCode, put.body).toBe(200);
    expect((await h.call('GET', `/api/v1/schedules/${scheduleId}/pay-rates`, as(viewer))).json().rates).toEqual(rates);
    const a = await row(`${WEEK}&schedule_id=${scheduleId}`, ana);
    // 32 x 1 + 64 x 2 + 48 x 3 + 24 x 4 + one shift x 10
    expect(a!.pay).toEqual([{ currency: 'EUR', business: 32, after_hours: 128, weekend: 144, holiday: 96, per_shift: 10, total: 410 }]);

    const csv = await h.call('GET', `/api/v1/reports/on-call.csv?${WEEK}&user_id=${ana.id}`, as(viewer));
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('user_id,user_name,time_zone,hours,night_hours,weekend_hours,business_hours,after_hours,weekend_pay_hours,holiday_hours,shifts,incidents_led,pages,pages_after_hours,pay_currency,pay_total');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`${ana.id},${ana.name},Asia/Tokyo,168,63,48,32,64,48,24,1,0,0,0,EUR,410.00`);

    const cleared = await h.call('DELETE', `/api/v1/schedules/${scheduleId}/pay-rates`, as(admin));
    expect(cleared.json().rates).toBeNull();
    expect((await row(WEEK, ana))!.pay).toEqual([]);
  });

  it('counts the incidents a person led in the range, not drills', async () => {
    for (const drill of [false, true]) {
      const r = await h.call('POST', '/api/v1/incidents', { ...as(admin), body: { title: `Checkout down ${drill}`, severity: 'SEV-2', commander_id: ana.id, drill } });
      expect(r.statusCode, r.body).toBe(201);
    }
    expect(await row(WEEK, ana)).toMatchObject({ incidents_led: 1 });
    // Before the incidents began: none led, though on call.
    expect(await row('from=2026-01-05T00:00:00Z&to=2026-01-05T08:00:00Z', ana)).toMatchObject({ hours: 8, incidents_led: 0 });
  });

  it('filters by schedule and person; unknown ones are 404, bad ranges 400', async () => {
    expect((await report(`${WEEK}&user_id=${bo.id}`)).items).toEqual([]);
    expect((await report(`${WEEK}&user_id=${ana.id}`)).items.map((i) => i.user_id)).toEqual([ana.id]);
    expect((await h.call('GET', `/api/v1/reports/on-call?${WEEK}&schedule_id=sch_nope`, as(viewer))).statusCode).toBe(404);
    expect((await h.call('GET', `/api/v1/reports/on-call?${WEEK}&user_id=usr_nope`, as(viewer))).statusCode).toBe(404);
    const backwards = await h.call('GET', '/api/v1/reports/on-call.csv?from=2026-01-05T00:00:00Z&to=2026-01-01T00:00:00Z', as(viewer));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().field).toBe('to');
  });
  it('counts the pages each person received, and those after hours in their own zone', async () => {
    const incident = (await h.call('POST', '/api/v1/incidents', { ...as(admin), body: { title: 'Paged twice', severity: 'SEV-2' } })).json();
    const pageAna = () => h.call('POST', `/api/v1/incidents/${incident.id}/page`, { ...as(admin), body: { targets: [{ kind: 'user', id: ana.id }] } });
    h.clock.set('2026-01-06T01:00:00.000Z'); // Tuesday 10:00 in Tokyo: working hours
    expect((await pageAna()).statusCode).toBe(201);
    h.clock.set('2026-01-06T14:00:00.000Z'); // Tuesday 23:00 in Tokyo, 14:00 in UTC: after hours for her
    expect((await pageAna()).statusCode).toBe(201);
    h.clock.set('2026-01-05T09:00:00.000Z');
    expect(await row(WEEK, ana)).toMatchObject({ pages: 2, pages_after_hours: 1 });
    expect(await row('from=2026-01-12T00:00:00Z&to=2026-01-19T00:00:00Z', bo)).toMatchObject({ pages: 0, pages_after_hours: 0 });
  });
});
