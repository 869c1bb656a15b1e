import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/core/events.js';
import type { DomainModule } from '../../src/core/module.js';
import { describeEachDatabase } from '../support/harness.js';

type Actor = Awaited<ReturnType<Parameters<Parameters<typeof describeEachDatabase>[1]>[0]['actor']>>;
interface ShiftJson {
  start: string;
  end: string;
  user_id: string | null;
  override_id: string | null;
  uncovered_user_id: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

// Hand-off notices reach whoever listens to the bus; this test module listens.
const handoffs: DomainEvent[] = [];
const listener: DomainModule = { name: 'test-handoffs', on: { 'schedule.handoff': async (_ctx, e) => void handoffs.push(e) } };

describeEachDatabase(
  'on-call schedules',
  (h) => {
    let admin: Actor;
    let ana: Actor;
    let bo: Actor;
    let cy: Actor;
    let viewer: Actor;
    beforeAll(async () => {
      admin = await h.actor('admin');
      [ana, bo, cy] = [await h.actor('responder'), await h.actor('responder'), await h.actor('responder')];
      viewer = await h.actor('viewer');
    });
    const as = (a: Actor) => ({ token: a.token });
    const start = Date.parse('2026-01-05T09:00:00.000Z'); // the fake clock's start, a Monday
    const weekly = (name: string, members = [ana.id, bo.id, cy.id]) =>
      h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name, time_zone: 'Europe/Berlin', template: 'weekly', members, start_date: '2026-01-05', handoff: '09:00' } });

    it('creates a weekly rotation from the template and tells who is on call, now and later', async () => {
      h.clock.set(iso(start));
      const res = await weekly('Platform');
      expect(res.statusCode, res.body).toBe(201);
      const s = res.json();
      expect(s.layers).toHaveLength(1);
      expect(s.layers[0]).toMatchObject({ members: [ana.id, bo.id, cy.id], shift: { unit: 'weeks', count: 1 }, handoff: '09:00' });
      // 09:00 in Berlin is 08:00 UTC in January: Ana's week runs to the next Monday 08:00 UTC.
      expect(s.on_call_now).toMatchObject({ user_id: ana.id, user_name: ana.name, end: '2026-01-12T08:00:00.000Z' });
      expect(s.warnings).toEqual([]);

      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T08:00:00Z&to=2026-01-26T08:00:00Z`, as(viewer))).json();
      expect(plan.final.map((x: ShiftJson) => [x.user_id, x.start])).toEqual([
        [ana.id, '2026-01-05T08:00:00.000Z'],
        [bo.id, '2026-01-12T08:00:00.000Z'],
        [cy.id, '2026-01-19T08:00:00.000Z'],
      ]);
      expect(plan.layers[0].shifts).toHaveLength(3);
      const later = (await h.call('GET', `/api/v1/schedules/${s.id}/on-call?at=2026-01-13T00:00:00Z`, as(viewer))).json();
      expect(later.shift.user_id).toBe(bo.id);

      const mine = (await h.call('GET', '/api/v1/users/me/on-call', as(ana))).json();
      expect(mine.now.map((x: { schedule_id: string }) => x.schedule_id)).toContain(s.id);
      const bos = (await h.call('GET', `/api/v1/users/${bo.id}/on-call`, as(viewer))).json();
      expect(bos.now).toEqual([]);
      expect(bos.next).toMatchObject({ schedule_id: s.id, start: '2026-01-12T08:00:00.000Z' });
      const board = (await h.call('GET', '/api/v1/on-call', as(viewer))).json();
      expect(board.items.find((i: { schedule_id: string }) => i.schedule_id === s.id)).toMatchObject({ user_id: ana.id, schedule_name: 'Platform' });
    });

    it('makes primary and secondary schedules, the secondary one member ahead', async () => {
      h.clock.set(iso(start));
      const res = await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Payments', time_zone: 'UTC', template: 'primary-secondary', members: [ana.id, bo.id, cy.id], start_date: '2026-01-05' } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: 'Payments primary', on_call_now: { user_id: ana.id }, secondary: { name: 'Payments secondary', on_call_now: { user_id: bo.id } } });
    });

    it('does not say primary twice when the name already says it', async () => {
      h.clock.set(iso(start));
      const res = await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Ledger Primary', time_zone: 'UTC', template: 'primary-secondary', members: [ana.id, bo.id], start_date: '2026-01-05' } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ name: 'Ledger Primary', secondary: { name: 'Ledger Secondary' } });
    });

    it('makes follow-the-sun layers that hand over through the day', async () => {
      h.clock.set(iso(start));
      const res = await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Sun', time_zone: 'UTC', template: 'follow-the-sun', members: [ana.id, bo.id, cy.id], start_date: '2026-01-05' } });
      expect(res.statusCode, res.body).toBe(201);
      const s = res.json();
      expect(s.layers).toHaveLength(3);
      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z`, as(viewer))).json();
      expect(plan.final.map((x: ShiftJson) => [x.user_id, x.start, x.end])).toEqual([
        [ana.id, '2026-01-05T00:00:00.000Z', '2026-01-05T08:00:00.000Z'],
        [bo.id, '2026-01-05T08:00:00.000Z', '2026-01-05T16:00:00.000Z'],
        [cy.id, '2026-01-05T16:00:00.000Z', '2026-01-06T00:00:00.000Z'],
      ]);
    });

    it('takes a window that ends at 24:00, the end of the day, as its rules and errors say', async () => {
      h.clock.set(iso(start));
      const evenings = { members: [ana.id], shift: { unit: 'weeks', count: 1 }, start_date: '2026-01-05', restrictions: [{ start: '16:00', end: '24:00', days: [1] }] };
      const res = await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Evenings', time_zone: 'UTC', layers: [evenings] } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().layers[0].restrictions).toEqual([{ start: '16:00', end: '24:00', days: [1] }]);
      const plan = (await h.call('GET', `/api/v1/schedules/${res.json().id}/shifts?from=2026-01-05T00:00:00Z&to=2026-01-07T00:00:00Z`, as(viewer))).json();
      // Monday 16:00 to midnight on call; the rest of the two days a gap (nobody).
      expect(plan.final.map((x: ShiftJson) => [x.user_id, x.start, x.end])).toEqual([
        [null, '2026-01-05T00:00:00.000Z', '2026-01-05T16:00:00.000Z'],
        [ana.id, '2026-01-05T16:00:00.000Z', '2026-01-06T00:00:00.000Z'],
        [null, '2026-01-06T00:00:00.000Z', '2026-01-07T00:00:00.000Z'],
      ]);
    });

    it('refuses a range with more turns than one answer holds, saying how many days it may ask for', async () => {
      const hourly = Array.from({ length: 20 }, () => ({ members: [ana.id, bo.id], shift: { unit: 'hours', count: 1 }, handoff: '00:00', start_date: '2026-01-05' }));
      const s = (await h.call('POST', '/api/v1/schedules', { ...as(admin), body: { name: 'Hourly twenty', time_zone: 'UTC', layers: hourly } })).json();
      // 20 hourly layers over 400 days: 192,000 turns, seconds of the server's one thread.
      const wide = await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T00:00:00Z&to=2027-02-09T00:00:00Z`, as(viewer));
      expect([wide.statusCode, wide.json().field]).toEqual([400, 'to']);
      expect(wide.json().detail).toBe('from 2026-01-05T00:00:00.000Z to 2027-02-09T00:00:00.000Z this schedule has about 192,000 turns, over the 20,000 one answer holds: ask for at most 41 days');
      const month = await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T00:00:00Z&to=2026-02-04T00:00:00Z`, as(viewer));
      expect(month.statusCode, month.body).toBe(200);
      expect(month.json().layers[0].shifts).toHaveLength(720);
    });

    it('puts an override on top of the rotation and removes it again', async () => {
      h.clock.set(iso(start));
      const s = (await weekly('Override me')).json();
      const res = await h.call('POST', `/api/v1/schedules/${s.id}/overrides`, { ...as(cy), body: { user_id: cy.id, replaces: ana.id, start: '2026-01-05T10:00:00Z', end: '2026-01-05T12:00:00Z' } });
      expect(res.statusCode, res.body).toBe(201);
      const o = res.json();
      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T08:00:00Z&to=2026-01-06T08:00:00Z`, as(viewer))).json();
      expect(plan.overrides).toHaveLength(1);
      expect(plan.final.map((x: ShiftJson) => [x.user_id, x.start, x.override_id])).toEqual([
        [ana.id, '2026-01-05T08:00:00.000Z', null],
        [cy.id, '2026-01-05T10:00:00.000Z', o.id],
        [ana.id, '2026-01-05T12:00:00.000Z', null],
      ]);
      expect((await h.call('GET', `/api/v1/schedules/${s.id}/on-call?at=2026-01-05T11:00:00Z`, as(viewer))).json().shift).toMatchObject({ user_id: cy.id, override_id: o.id });
      expect((await h.call('DELETE', `/api/v1/schedules/${s.id}/overrides/${o.id}`, as(bo))).statusCode).toBe(204);
      expect((await h.call('DELETE', `/api/v1/schedules/${s.id}/overrides/${o.id}`, as(bo))).statusCode).toBe(404);
      expect((await h.call('POST', `/api/v1/schedules/${s.id}/overrides`, { ...as(viewer), body: { user_id: cy.id, start: '2026-01-05T10:00:00Z', end: '2026-01-05T12:00:00Z' } })).statusCode).toBe(403);
    });

    it('refuses bad input naming the field, and changes nothing', async () => {
      const s = (await weekly('Strict')).json();
      const before = (await h.call('GET', '/api/v1/schedules?limit=200', as(viewer))).json();
      const layer = { members: [ana.id], shift: { unit: 'days', count: 1 }, start_date: '2026-01-05' };
      const creates: Array<[unknown, number, string]> = [
        [{ name: 'Z', time_zone: 'Mars/Olympus', layers: [layer] }, 400, 'time_zone'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, members: [] }] }, 400, 'layers.0.members'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, shift: { unit: 'hours', count: 0 } }] }, 400, 'layers.0.shift.count'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, restrictions: [{ start: '08:00', end: '16:00', days: [] }] }] }, 400, 'layers.0.restrictions.0.days'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, members: ['usr_nobody'] }] }, 400, 'layers.0.members'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, handoff: '25:00' }] }, 400, 'layers.0.handoff'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, restrictions: [{ start: '24:00', end: '08:00' }] }] }, 400, 'layers.0.restrictions.0.start'],
        [{ name: 'Z', time_zone: 'UTC', layers: [{ ...layer, restrictions: [{ start: '08:00', end: '08:00' }] }] }, 400, 'layers.0.restrictions.0.end'],
        [{ name: 'Z', time_zone: 'UTC', template: 'follow-the-sun', members: [ana.id] }, 400, 'members'],
        [{ name: 'strict', time_zone: 'UTC', layers: [layer] }, 409, ''],
        [{ name: 'Z\u0000', time_zone: 'UTC', layers: [layer] }, 400, 'name'],
      ];
      for (const [body, status, field] of creates) {
        const res = await h.call('POST', '/api/v1/schedules', { ...as(admin), body });
        expect(res.statusCode, JSON.stringify(body) + res.body).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        if (field) expect(res.json().field, JSON.stringify(body)).toBe(field);
      }
      const override = (body: unknown) => h.call('POST', `/api/v1/schedules/${s.id}/overrides`, { ...as(ana), body });
      const backwards = await override({ user_id: ana.id, start: '2026-01-05T12:00:00Z', end: '2026-01-05T10:00:00Z' });
      expect([backwards.statusCode, backwards.json().field]).toEqual([400, 'end']);
      expect((await override({ user_id: 'usr_nobody', start: '2026-01-05T10:00:00Z', end: '2026-01-05T12:00:00Z' })).json().field).toBe('user_id');
      const self = await override({ user_id: ana.id, replaces: ana.id, start: '2026-01-05T10:00:00Z', end: '2026-01-05T12:00:00Z' });
      expect([self.statusCode, self.json().field]).toEqual([400, 'replaces']);
      expect((await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z`, as(viewer))).json().overrides).toEqual([]);
      const wide = await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z`, as(viewer));
      expect([wide.statusCode, wide.json().field]).toEqual([400, 'to']);
      for (const url of ['/api/v1/schedules/sch_nope', '/api/v1/schedules/sch_nope/shifts', '/api/v1/schedules/sch_nope/on-call', '/api/v1/users/usr_nope/on-call']) {
        expect((await h.call('GET', url, as(viewer))).statusCode, url).toBe(404);
      }
      expect((await h.call('PATCH', '/api/v1/schedules/sch_nope', { ...as(admin), body: { name: 'x' } })).statusCode).toBe(404);
      expect((await h.call('POST', '/api/v1/schedules', { ...as(ana), body: { name: 'Mine', time_zone: 'UTC', layers: [layer] } })).statusCode).toBe(403);
      expect((await h.call('GET', '/api/v1/schedules?limit=200', as(viewer))).json()).toEqual(before);
    });

    it('changes layers and name, and deletes', async () => {
      const s = (await weekly('Editable')).json();
      const res = await h.call('PATCH', `/api/v1/schedules/${s.id}`, { ...as(admin), body: { name: 'Edited', layers: [{ ...s.layers[0], members: [cy.id], ends_at: null }] } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Edited', layers: [{ id: s.layers[0].id, members: [cy.id] }] });
      // The same id twice, or another schedule's: the layer gets a new one rather than a conflict.
      const twice = await h.call('PATCH', `/api/v1/schedules/${s.id}`, { ...as(admin), body: { layers: [s.layers[0], s.layers[0]].map((l) => ({ ...l, ends_at: null })) } });
      expect(twice.statusCode, twice.body).toBe(200);
      expect(new Set(twice.json().layers.map((l: { id: string }) => l.id)).size).toBe(2);
      expect((await h.call('DELETE', `/api/v1/schedules/${s.id}`, as(admin))).statusCode).toBe(204);
      expect((await h.call('GET', `/api/v1/schedules/${s.id}`, as(viewer))).statusCode).toBe(404);
    });

    it('shows a deactivated member’s turn as a flagged gap', async () => {
      h.clock.set(iso(start));
      const gone = await h.actor('responder');
      const s = (await weekly('With a leaver', [gone.id, bo.id])).json();
      expect((await h.call('DELETE', `/api/v1/users/${gone.id}`, as(admin))).statusCode).toBe(204);
      const after = (await h.call('GET', `/api/v1/schedules/${s.id}`, as(viewer))).json();
      expect(after.on_call_now).toBeNull();
      expect(after.warnings.map((w: { kind: string; user_id: string }) => [w.kind, w.user_id])).toEqual([
        ['inactive_member', gone.id],
        ['gap', gone.id],
      ]);
      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T08:00:00Z&to=2026-01-19T08:00:00Z`, as(viewer))).json();
      expect(plan.final.map((x: ShiftJson) => [x.user_id, x.uncovered_user_id])).toEqual([
        [null, gone.id],
        [bo.id, null],
      ]);
    });

    it('turns a cover request into an override for exactly one taker, and hints who should cover', async () => {
      h.clock.set(iso(start));
      const s = (await weekly('Cover')).json();
      const ask = await h.call('POST', `/api/v1/schedules/${s.id}/cover-requests`, { ...as(ana), body: { start: '2026-01-06T00:00:00Z', end: '2026-01-07T00:00:00Z', note: 'dentist' } });
      expect(ask.statusCode, ask.body).toBe(201);
      const req = ask.json();
      expect(req).toMatchObject({ status: 'open', requester_id: ana.id });
      expect([bo.id, cy.id]).toContain(req.suggested_user_id);
      expect((await h.call('GET', `/api/v1/schedules/${s.id}/cover-requests`, as(viewer))).json().items.map((r: { id: string }) => r.id)).toEqual([req.id]);
      expect((await h.call('POST', `/api/v1/cover-requests/${req.id}/take`, as(ana))).statusCode).toBe(409);

      const takers = [bo, cy, await h.actor('responder'), await h.actor('responder')];
      const answers = await Promise.all(takers.map((t) => h.call('POST', `/api/v1/cover-requests/${req.id}/take`, as(t))));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409]);
      const won = answers.find((a) => a.statusCode === 201)!.json();
      const at = (await h.call('GET', `/api/v1/schedules/${s.id}/on-call?at=2026-01-06T12:00:00Z`, as(viewer))).json();
      expect(at.shift).toMatchObject({ user_id: won.user_id, override_id: won.id });
      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=2026-01-05T00:00:00Z&to=2026-01-08T00:00:00Z`, as(viewer))).json();
      expect(plan.overrides).toHaveLength(1);
      expect((await h.call('GET', `/api/v1/schedules/${s.id}/cover-requests`, as(viewer))).json().items).toEqual([]);

      // Withdrawn by the asker; someone else's only by an admin; taken or withdrawn ones stay as they are.
      const other = (await h.call('POST', `/api/v1/schedules/${s.id}/cover-requests`, { ...as(bo), body: { start: '2026-01-13T00:00:00Z', end: '2026-01-14T00:00:00Z' } })).json();
      expect((await h.call('DELETE', `/api/v1/cover-requests/${other.id}`, as(cy))).statusCode).toBe(403);
      expect((await h.call('DELETE', `/api/v1/cover-requests/${other.id}`, as(bo))).statusCode).toBe(204);
      expect((await h.call('POST', `/api/v1/cover-requests/${other.id}/take`, as(cy))).statusCode).toBe(409);
      expect((await h.call('DELETE', `/api/v1/cover-requests/${req.id}`, as(admin))).statusCode).toBe(409);
      expect((await h.call('POST', '/api/v1/cover-requests/cov_nope/take', as(cy))).statusCode).toBe(404);
      const backwards = await h.call('POST', `/api/v1/schedules/${s.id}/cover-requests`, { ...as(bo), body: { start: '2026-01-14T00:00:00Z', end: '2026-01-13T00:00:00Z' } });
      expect([backwards.statusCode, backwards.json().field]).toEqual([400, 'end']);
    });

    it('serves iCalendar feeds that a parser reads as the computed shifts, and rotates them', async () => {
      h.clock.set(iso(start));
      const s = (await weekly('Feed; with, "commas"')).json();
      const link = await h.call('POST', `/api/v1/schedules/${s.id}/feed-token`, as(admin));
      expect(link.statusCode).toBe(201);
      const path = new URL(link.json().url).pathname;
      const feed = await h.call('GET', path);
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toContain('text/calendar');
      expect(feed.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
      expect(feed.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
      const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      const now = h.clock.now().getTime();
      const plan = (await h.call('GET', `/api/v1/schedules/${s.id}/shifts?from=${iso(now - 30 * DAY)}&to=${iso(now + 180 * DAY)}`, as(viewer))).json();
      expect(events.map((e) => [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()])).toEqual(plan.final.map((x: ShiftJson) => [x.start, x.end]));
      expect(events.find((e) => e.startDate.toJSDate().getTime() === Date.parse('2026-01-12T08:00:00Z'))!.summary).toBe(`On call: ${bo.name} (Feed; with, "commas")`);
      expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
      const again = (await h.call('GET', path)).body;
      expect(again.match(/UID:.*$/gm)).toEqual(feed.body.match(/UID:.*$/gm));

      const rotated = new URL((await h.call('POST', `/api/v1/schedules/${s.id}/feed-token`, as(admin))).json().url).pathname;
      expect((await h.call('GET', path)).statusCode).toBe(404);
      expect((await h.call('GET', rotated)).statusCode).toBe(200);

      const mine = new URL((await h.call('POST', '/api/v1/users/me/feed-token', as(bo))).json().url).pathname;
      const personal = await h.call('GET', mine);
      expect(personal.statusCode).toBe(200);
      const summaries = new ICAL.Component(ICAL.parse(personal.body)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
      expect(summaries).toContain('On call: Feed; with, "commas"');
      await h.call('POST', '/api/v1/users/me/feed-token', as(bo));
      expect((await h.call('GET', mine)).statusCode).toBe(404);
      expect((await h.call('GET', '/calendar/schedules/not-a-secret')).statusCode).toBe(404);
    });

    it('announces each hand-off once, as it happens', async () => {
      h.clock.set(iso(start));
      const s = (await weekly('Handing off', [ana.id, bo.id])).json();
      const mine = () => handoffs.filter((e) => e.data.schedule_id === s.id).map((e) => e.data);
      await h.kernel.engine.runOnce(); // starts looking now: Ana's turn began before
      expect(mine()).toEqual([]);
      h.clock.set('2026-01-12T08:00:30.000Z');
      await h.kernel.engine.runOnce();
      expect(mine()).toEqual([{ schedule_id: s.id, at: '2026-01-12T08:00:00.000Z', from_user_id: ana.id, to_user_id: bo.id }]);
      await h.kernel.engine.runOnce();
      // A second engine that looked from further back records nothing twice.
      await h.db.kysely.updateTable('schedule_handoff_cursors').set({ checked_until: Date.parse('2026-01-12T07:00:00Z') }).where('schedule_id', '=', s.id).execute();
      await h.kernel.engine.runOnce();
      expect(mine()).toHaveLength(1);
    });

    it('reports hours on call per person', async () => {
      const r = await h.call('GET', '/api/v1/reports/on-call?from=2026-01-05T08:00:00Z&to=2026-01-12T08:00:00Z', as(viewer));
      expect(r.statusCode, r.body).toBe(200);
      const row = r.json().items.find((i: { user_id: string }) => i.user_id === ana.id);
      expect(row.hours).toBeGreaterThanOrEqual(168);
      expect(row.weekend_hours).toBeGreaterThanOrEqual(48);
      expect((await h.call('GET', '/api/v1/reports/on-call?from=2026-01-05T08:00:00Z&to=2026-01-01T08:00:00Z', as(viewer))).json().field).toBe('to');
    });
  },
  { modules: [listener] },
);
