import { afterAll, beforeAll, expect, it } from 'vitest';
import { findMessageByKey, markUndelivered } from '../../src/core/outbox/index.js';
import { makeReachable } from '../support/factories.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { spawnSmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

// Paging end to end on both databases: a declared incident pages its service's escalation
// policy tier by tier (fake clock), through the real email channel to a real SMTP server; an
// acknowledgement stops it; a severity raise fires the tiers it unlocks at once; SEV-4 pages
// nobody; a tier that reaches nobody and a page that fails are on the timeline.

const sink = await spawnSmtpSink();
afterAll(() => sink.close());
const PUBLIC_URL = 'https://tocsin.example';

type Person = Awaited<ReturnType<Harness['actor']>>;
interface TimelineItem { kind: string; data: Record<string, unknown> }

describeEachDatabase(
  'paging',
  (h) => {
    let admin: Person;
    let ana: Person;
    let bo: Person;
    let cy: Person;
    let nobody: Person;
    let service: string;
    let policy: string;
    const mailTo = (p: Person, tag = '') => `${p.id}${tag}-${h.dialect}@example.com`.toLowerCase();

    /** A verified email method and a rule reaching it at `delay` minutes, for both urgencies. */
    const reachByEmail = (p: Person, address: string, delay = 0) => makeReachable(h.db, p.id, { address, delay, at: h.clock.now().getTime() });
    const settle = async () => {
      for (let i = 0; i < 4; i++) await h.kernel.engine.runOnce();
      // Sends run in the background: wait until none is in flight or due now (a fixed 150 ms was
      // too short on a loaded machine), running the engine meanwhile.
      await waitFor(
        async () => {
          const now = h.clock.now().getTime();
          const busy = await h.db.kysely
            .selectFrom('outbox_messages')
            .select('id')
            .where((eb) => eb.or([eb('lease_owner', 'is not', null), eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)])]))
            .executeTakeFirst();
          if (busy) await h.kernel.engine.runOnce();
          return !busy;
        },
        { timeoutMs: 15_000, intervalMs: 20, what: 'the outbox to send what is due' },
      );
      for (let i = 0; i < 2; i++) await h.kernel.engine.runOnce();
    };
    const mailFor = (address: string) => sink.messages.filter((m) => m.to.includes(address));
    const declare = async (severity: string, title: string) => {
      const res = await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title, severity, service_ids: [service] } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; number: number };
    };
    const timeline = async (id: string): Promise<TimelineItem[]> => (await h.call('GET', `/api/v1/incidents/${id}/timeline`, { token: admin.token })).json().items;
    const pagesOf = async (id: string) => (await h.call('GET', `/api/v1/incidents/${id}/pages`, { token: admin.token })).json() as { pages: { user: { id: string }; tier: number; notifications: { delivery: string; contact_method_id: string }[] }[]; escalations: { state: string }[] };
    const advance = async (minutes: number) => {
      h.clock.advance(minutes * 60_000);
      await settle();
    };

    beforeAll(async () => {
      h.clock.set('2026-01-05T10:00:00.000Z'); // a Monday, inside the default business hours
      admin = await h.actor('admin');
      [ana, bo, cy, nobody] = [await h.actor('responder'), await h.actor('responder'), await h.actor('responder'), await h.actor('responder')];
      await reachByEmail(ana, mailTo(ana));
      await reachByEmail(bo, mailTo(bo));
      await reachByEmail(cy, mailTo(cy));
      service = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Checkout API' } })).json().id;
      const made = await h.call('POST', '/api/v1/escalation-policies', {
        token: admin.token,
        body: {
          name: 'Checkout',
          tiers: [
            { delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] },
            { delay_minutes: 5, targets: [{ kind: 'user', id: bo.id }] },
            { delay_minutes: 15, severities: ['SEV-1'], targets: [{ kind: 'user', id: cy.id }] },
          ],
        },
      });
      expect(made.statusCode, made.body).toBe(201);
      policy = made.json().id;
      expect((await h.call('PUT', `/api/v1/services/${service}/escalation-policy`, { token: admin.token, body: { policy_id: policy } })).statusCode).toBe(200);
    });

    it('pages tier by tier by email, fires the tier a severity raise unlocks at once, and stops on acknowledgement', async () => {
      const inc = await declare('SEV-2', 'Checkout answers 502');
      await settle();
      expect(mailFor(mailTo(ana))).toHaveLength(1);
      const mail = await sink.parse(mailFor(mailTo(ana))[0]!);
      expect(mail.subject).toBe(`[SEV-2] #${inc.number} Checkout answers 502`);
      expect(mail.text).toContain(`${PUBLIC_URL}/act/`);
      expect(mailFor(mailTo(bo))).toHaveLength(0);

      await advance(5);
      expect(mailFor(mailTo(bo))).toHaveLength(1);
      await advance(11); // 16 min: tier 3 is SEV-1 only
      expect(mailFor(mailTo(cy))).toHaveLength(0);

      const raised = await h.call('POST', `/api/v1/incidents/${inc.id}/severity`, { token: admin.token, body: { severity: 'SEV-1', reason: 'all regions' } });
      expect(raised.statusCode, raised.body).toBe(200);
      await settle();
      expect(mailFor(mailTo(cy))).toHaveLength(1); // past its 15 minutes: at once

      const paging = await pagesOf(inc.id);
      expect(paging.pages.map((p) => [p.user.id, p.tier])).toEqual([[ana.id, 1], [bo.id, 2], [cy.id, 3]]);
      expect(paging.pages.every((p) => p.notifications[0]!.delivery === 'sent')).toBe(true);

      const ack = await h.call('POST', `/api/v1/incidents/${inc.id}/acknowledge`, { token: ana.token, body: {} });
      expect(ack.statusCode, ack.body).toBe(200);
      expect((await pagesOf(inc.id)).escalations.map((e) => e.state)).toEqual(['acknowledged']);
      const before = sink.messages.length;
      await advance(60);
      expect(sink.messages.length).toBe(before);
      const kinds = (await timeline(inc.id)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'paged')).toHaveLength(3);
    });

    it('acknowledges from the email link, as the person, via email', async () => {
      const inc = await declare('SEV-2', 'Search is slow');
      await settle();
      const mails = mailFor(mailTo(ana)).filter((m) => m.raw.includes('Search is slow'));
      expect(mails).toHaveLength(1);
      const text = (await sink.parse(mails[0]!)).text ?? '';
      const ackUrl = /(https:\/\/tocsin\.example\/act\/[A-Za-z0-9_-]+)/.exec(text)![1]!;
      const res = await h.call('POST', new URL(ackUrl).pathname, { headers: { accept: 'application/json' } });
      expect(res.statusCode, res.body).toBe(200);
      const acked = (await timeline(inc.id)).find((e) => e.kind === 'acknowledged')!;
      expect(acked.data.via).toBe('email');
      expect((await pagesOf(inc.id)).escalations[0]!.state).toBe('acknowledged');
    });

    it('SEV-4 pages nobody; a tier that reaches nobody is logged and escalation moves on', async () => {
      const quiet = await declare('SEV-4', 'Typo on the status page');
      await settle();
      expect((await pagesOf(quiet.id)).pages).toHaveLength(0);
      expect((await timeline(quiet.id)).find((e) => e.kind === 'not_paged')?.data.reason).toContain('SEV-4');

      const team = (await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: `Empty ${h.dialect}` } })).json().id;
      const gapPolicy = await h.call('POST', '/api/v1/escalation-policies', { token: admin.token, body: { name: 'Gappy', tiers: [{ delay_minutes: 0, targets: [{ kind: 'team', id: team }] }, { delay_minutes: 1, targets: [{ kind: 'user', id: nobody.id }] }] } });
      const svc = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Gappy service' } })).json().id;
      await h.call('PUT', `/api/v1/services/${svc}/escalation-policy`, { token: admin.token, body: { policy_id: gapPolicy.json().id } });
      const inc = (await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title: 'Gaps', severity: 'SEV-1', service_ids: [svc] } })).json();
      await advance(1);
      const events = await timeline(inc.id);
      expect(events.find((e) => e.kind === 'escalation_gap')?.data).toMatchObject({ tier: 1, gaps: [{ kind: 'team', gap: 'this team has no active members' }] });
      // Tier 2 reached a person with no verified way to be reached: paged, and named as unreachable.
      expect(events.find((e) => e.kind === 'paged')?.data).toMatchObject({ tier: 2, unreachable: [{ id: nobody.id }] });
    });

    it("a storm's due steps fire together: each incident's tiers once, a gap and a page on its timeline in tier order, each page delivered", async () => {
      const [dee, eve] = [await h.actor('responder'), await h.actor('responder')];
      await reachByEmail(dee, mailTo(dee));
      const empty = (await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: `Empty storm ${h.dialect}` } })).json().id;
      const storm = await h.call('POST', '/api/v1/escalation-policies', {
        token: admin.token,
        body: {
          name: 'Storm',
          tiers: [
            { delay_minutes: 0, targets: [{ kind: 'user', id: ana.id }] },
            { delay_minutes: 5, targets: [{ kind: 'team', id: empty }] },
            { delay_minutes: 5, targets: [{ kind: 'user', id: dee.id }, { kind: 'user', id: eve.id }] },
          ],
        },
      });
      expect(storm.statusCode, storm.body).toBe(201);
      const svc = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Storm service' } })).json().id;
      await h.call('PUT', `/api/v1/services/${svc}/escalation-policy`, { token: admin.token, body: { policy_id: storm.json().id } });
      const incidents: { id: string; number: number }[] = [];
      for (const title of ['Storm one', 'Storm two', 'Storm three']) incidents.push((await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title, severity: 'SEV-1', service_ids: [svc] } })).json());
      await settle();
      await advance(5); // tiers 2 and 3 of all three escalations are due: one batch of step jobs
      for (const inc of incidents) {
        const facts = (await timeline(inc.id)).filter((e) => e.kind === 'paged' || e.kind === 'escalation_gap').map((e) => ({ kind: e.kind, tier: e.data.tier }));
        expect(facts).toEqual([{ kind: 'paged', tier: 1 }, { kind: 'escalation_gap', tier: 2 }, { kind: 'paged', tier: 3 }]);
        expect((await timeline(inc.id)).find((e) => e.kind === 'paged' && e.data.tier === 3)?.data).toMatchObject({ people: [{ id: dee.id }, { id: eve.id }], unreachable: [{ id: eve.id }] });
        const pages = (await pagesOf(inc.id)).pages.map((p) => `${p.tier}:${p.user.id}`).sort();
        expect(pages).toEqual([`1:${ana.id}`, `3:${dee.id}`, `3:${eve.id}`].sort());
        const mails = await Promise.all(mailFor(mailTo(dee)).map((m) => sink.parse(m)));
        expect(mails.filter((m) => m.subject === `[SEV-1] #${inc.number} ${['Storm one', 'Storm two', 'Storm three'][incidents.indexOf(inc)]}`)).toHaveLength(1);
      }
      expect(mailFor(mailTo(dee))).toHaveLength(3);
    });

    it('a failed delivery is on the timeline and the next method is tried at once', async () => {
      const dave = await h.actor('responder');
      await reachByEmail(dave, `550-${dave.id}-${h.dialect}@example.com`.toLowerCase(), 0);
      await reachByEmail(dave, mailTo(dave, 'backup'), 30);
      const solo = await h.call('POST', '/api/v1/escalation-policies', { token: admin.token, body: { name: 'Dave only', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: dave.id }] }] } });
      const svc = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Dave service' } })).json().id;
      await h.call('PUT', `/api/v1/services/${svc}/escalation-policy`, { token: admin.token, body: { policy_id: solo.json().id } });
      const inc = (await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title: 'Fallback', severity: 'SEV-1', service_ids: [svc] } })).json();
      await settle();
      await settle();
      const failed = (await timeline(inc.id)).find((e) => e.kind === 'page_failed');
      expect(failed?.data).toMatchObject({ user: { id: dave.id }, channel: 'email', fallback: 'email' });
      await settle();
      expect(mailFor(mailTo(dave, 'backup'))).toHaveLength(1); // not 30 minutes later
    });

    it('refuses bad paging requests and changes nothing', async () => {
      const inc = await declare('SEV-2', 'Bad input');
      const cases: [string, unknown, number][] = [
        ['page', { targets: [] }, 400],
        ['page', { targets: [{ kind: 'user', id: 'usr_nope' }] }, 400],
        ['page', { targets: [{ kind: 'robot', id: ana.id }] }, 400],
        ['snooze', { minutes: 0 }, 400],
        ['snooze', { minutes: 10 }, 409], // not acknowledged yet
      ];
      for (const [action, body, status] of cases) {
        const res = await h.call('POST', `/api/v1/incidents/${inc.id}/${action}`, { token: admin.token, body });
        expect(res.statusCode, `${action} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
      }
      const viewer = await h.actor('viewer');
      expect((await h.call('POST', `/api/v1/incidents/${inc.id}/page`, { token: viewer.token, body: { targets: [{ kind: 'user', id: bo.id }] } })).statusCode).toBe(403);
      expect((await pagesOf(inc.id)).pages.map((p) => p.user.id)).toEqual([ana.id]);
    });

    it('answers the paging of several incidents at once (the incident list), to a viewer too, and refuses bad lists', async () => {
      const one = await declare('SEV-2', 'List one');
      const two = await declare('SEV-4', 'List two');
      await settle();
      const viewer = await h.actor('viewer');
      const res = await h.call('GET', `/api/v1/pages?incident_ids=${two.id},${one.id},inc_nope,${one.id}`, { token: viewer.token });
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { incident_id: string; escalations: { state: string }[]; pages: { user: { id: string }; tier: number; notifications: { delivery: string }[] }[] }[];
      // In the order asked, each once; an unknown id has nothing; SEV-4 paged nobody.
      expect(items.map((i) => i.incident_id)).toEqual([two.id, one.id, 'inc_nope']);
      expect(items[0]).toMatchObject({ escalations: [], pages: [] });
      expect(items[1]!.escalations.map((e) => e.state)).toEqual(['active']);
      expect(items[1]!.pages.map((p) => [p.user.id, p.tier, p.notifications[0]!.delivery])).toEqual([[ana.id, 1, 'sent']]);
      expect(items[2]).toMatchObject({ escalations: [], pages: [] });
      // The same as the incident's own paging.
      expect(items[1]).toEqual({ incident_id: one.id, ...(await pagesOf(one.id)) });

      const tooMany = Array.from({ length: 101 }, (_, i) => `inc_${i}`).join(',');
      for (const [query, field] of [['incident_ids=', 'incident_ids'], ['incident_ids=,,', 'incident_ids'], [`incident_ids=${tooMany}`, 'incident_ids'], ['', 'incident_ids']] as const) {
        const bad = await h.call('GET', `/api/v1/pages?${query}`, { token: viewer.token });
        expect(bad.statusCode, `${query}: ${bad.body}`).toBe(400);
        expect(bad.headers['content-type']).toContain('application/problem+json');
        expect(bad.body).toContain(field);
      }
      expect((await h.call('GET', `/api/v1/pages?incident_ids=${one.id}`)).statusCode).toBe(401);
    });

    it('pages someone else, and snoozes an acknowledged incident until it pages again', async () => {
      const inc = await declare('SEV-2', 'Lateral');
      await settle();
      const res = await h.call('POST', `/api/v1/incidents/${inc.id}/page`, { token: ana.token, body: { targets: [{ kind: 'user', id: cy.id }], note: 'you know the payment code' } });
      expect(res.statusCode, res.body).toBe(201);
      await settle();
      expect(mailFor(mailTo(cy)).filter((m) => m.raw.includes('Lateral'))).toHaveLength(1);
      await h.call('POST', `/api/v1/incidents/${inc.id}/acknowledge`, { token: ana.token, body: {} });
      const snoozed = await h.call('POST', `/api/v1/incidents/${inc.id}/snooze`, { token: ana.token, body: { minutes: 10 } });
      expect(snoozed.statusCode, snoozed.body).toBe(200);
      const before = mailFor(mailTo(ana)).filter((m) => m.raw.includes('Lateral')).length;
      await advance(11);
      expect(mailFor(mailTo(ana)).filter((m) => m.raw.includes('Lateral')).length).toBe(before + 1);
      expect((await timeline(inc.id)).filter((e) => e.kind === 'paged').map((e) => e.data.reason)).toEqual(['escalation', 'manual', 'snooze_over']);
    });
    it('reassigns: the escalation stops paging its chain and the new person is paged', async () => {
      const inc = await declare('SEV-1', 'Handover');
      await settle();
      const res = await h.call('POST', `/api/v1/incidents/${inc.id}/page`, { token: ana.token, body: { targets: [{ kind: 'user', id: cy.id }], reassign: true, note: 'over to you' } });
      expect(res.statusCode, res.body).toBe(201);
      await settle(); // the page leaves right after commit: let it land before the fake clock jumps
      await advance(20); // bo's tier would have fired at 5 minutes
      expect(mailFor(mailTo(bo)).filter((m) => m.raw.includes('Handover'))).toHaveLength(0);
      expect(mailFor(mailTo(cy)).filter((m) => m.raw.includes('Handover'))).toHaveLength(1);
      expect((await pagesOf(inc.id)).escalations.map((e) => e.state)).toEqual(['done']);
      const paged = (await timeline(inc.id)).filter((e) => e.kind === 'paged').map((e) => [e.data.reason, e.data.note ?? null]);
      expect(paged).toEqual([['escalation', null], ['reassigned', 'over to you']]);
    });
    it('a failure receipt after the provider accepted (an SMS undelivered, a call unanswered) is followed up like a failed send', async () => {
      const erin = await h.actor('responder');
      await reachByEmail(erin, mailTo(erin), 0);
      await reachByEmail(erin, mailTo(erin, 'second'), 10);
      const solo = await h.call('POST', '/api/v1/escalation-policies', { token: admin.token, body: { name: 'Erin only', tiers: [{ delay_minutes: 0, targets: [{ kind: 'user', id: erin.id }] }] } });
      const svc = (await h.call('POST', '/api/v1/services', { token: admin.token, body: { name: 'Erin service' } })).json().id;
      await h.call('PUT', `/api/v1/services/${svc}/escalation-policy`, { token: admin.token, body: { policy_id: solo.json().id } });
      const inc = (await h.call('POST', '/api/v1/incidents', { token: admin.token, body: { title: 'Receipt', severity: 'SEV-1', service_ids: [svc] } })).json();
      await settle();
      const first = (await pagesOf(inc.id)).pages[0]!.notifications[0]!;
      expect(first.delivery).toBe('sent');
      const key = (await h.db.kysely.selectFrom('page_notifications').select('outbox_key').where('contact_method_id', '=', first.contact_method_id).executeTakeFirstOrThrow()).outbox_key;
      expect(await markUndelivered(h.db.kysely, { id: (await findMessageByKey(h.db.kysely, key))!.id }, 'Twilio: undelivered (error 30003)', h.clock.now().getTime())).toBe(true);
      await settle();
      expect((await timeline(inc.id)).find((e) => e.kind === 'page_failed')?.data).toMatchObject({ error: 'Twilio: undelivered (error 30003)', fallback: 'email' });
      expect(mailFor(mailTo(erin, 'second'))).toHaveLength(1);
    });
    it('the first page leaves right after the declaring commit, without waiting for an engine cycle', async () => {
      const inc = await declare('SEV-1', 'Straight out');
      const mail = await sink.waitForMessages(sink.messages.length + 1, 5_000); // no runOnce: the commit hands it over
      expect(mail.filter((m) => m.to.includes(mailTo(ana)) && m.raw.includes('Straight out'))).toHaveLength(1);
      const attempts = await h.db.kysely.selectFrom('outbox_attempts as a').innerJoin('outbox_messages as m', 'm.id', 'a.message_id').innerJoin('page_notifications as n', 'n.outbox_key', 'm.key').innerJoin('pages as p', 'p.id', 'n.page_id').select(['a.attempt']).where('p.incident_id', '=', inc.id).execute();
      expect(attempts.map((a) => Number(a.attempt))).toEqual([1]);
      await settle();
    });
    it('tells the person going on call and the one going off at each hand-off, once, by their own way', async () => {
      const day = new Date(h.clock.now().getTime()).toISOString().slice(0, 10);
      const made = await h.call('POST', '/api/v1/schedules', { token: admin.token, body: { name: `Handoffs ${h.dialect}`, time_zone: 'UTC', template: 'weekly', members: [ana.id, bo.id], start_date: day, handoff: '23:00' } });
      expect(made.statusCode, made.body).toBe(201);
      await h.kernel.engine.runOnce(); // the hand-off engine starts looking from now
      const about = (p: Person, what: string) => mailFor(mailTo(p)).filter((m) => m.raw.includes(`Subject: ${what} Handoffs ${h.dialect}`));
      h.clock.set(`${day}T23:00:30.000Z`);
      await settle();
      expect(about(ana, 'You are on call for')).toHaveLength(1);
      h.clock.set(new Date(Date.parse(`${day}T23:00:30.000Z`) + 7 * 86_400_000).toISOString());
      await settle();
      await settle();
      expect(about(bo, 'You are on call for')).toHaveLength(1);
      expect(about(ana, 'You are off call for')).toHaveLength(1);
      expect(about(ana, 'You are on call for')).toHaveLength(1); // not twice
    });
    it('a hand-off to someone who left is a gap: the schedule’s team is told, the person is not', async () => {
      const [fay, gus] = [await h.actor('responder'), await h.actor('responder')];
      await reachByEmail(fay, mailTo(fay));
      await reachByEmail(gus, mailTo(gus));
      const team = (await h.call('POST', '/api/v1/teams', { token: admin.token, body: { name: `Rota keepers ${h.dialect}`, member_ids: [cy.id] } })).json().id;
      const day = new Date(h.clock.now().getTime()).toISOString().slice(0, 10);
      const made = await h.call('POST', '/api/v1/schedules', { token: admin.token, body: { name: `Gappy ${h.dialect}`, time_zone: 'UTC', team_id: team, template: 'weekly', members: [fay.id, gus.id], start_date: day, handoff: '23:00' } });
      expect(made.statusCode, made.body).toBe(201);
      await h.kernel.engine.runOnce();
      expect((await h.call('DELETE', `/api/v1/users/${gus.id}`, { token: admin.token })).statusCode).toBe(204);
      h.clock.set(new Date(Date.parse(`${day}T23:00:30.000Z`) + 7 * 86_400_000).toISOString());
      await settle();
      await settle();
      const subject = (p: Person, what: string) => mailFor(mailTo(p)).filter((m) => m.raw.includes(`Subject: ${what} Gappy ${h.dialect}`));
      expect(subject(cy, 'Nobody is on call for')).toHaveLength(1);
      expect(subject(gus, 'You are on call for')).toHaveLength(0);
      expect(subject(fay, 'You are off call for')).toHaveLength(1);
    });
  },
  { env: { TOCSIN_SMTP_URL: sink.url, TOCSIN_PUBLIC_URL: PUBLIC_URL, TOCSIN_SMTP_TIMEOUT_MS: '5000' } },
);
