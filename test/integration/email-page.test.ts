import { afterAll, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/events.js';
import { findMessageByKey, listAttempts, sendLater } from '../../src/core/outbox/index.js';
import type { ChannelPayload, PageContent } from '../../src/notify/content.js';
import { createActionLinks } from '../../src/notify/links.js';
import { createEmailProvider } from '../../src/notify/providers/email.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { declareVia, snapshot } from './incidents-helpers.js';
import { freePort } from '../support/net.js';
import { rig } from '../support/outbox-fixtures.js';
import { spawnSmtpSink } from '../support/smtp-sink.js';
import { waitFor } from '../support/wait-for.js';

// A page by email end to end, on both databases: the outbox dispatcher hands it to the email
// provider, a real SMTP server in its own process receives it, and the acknowledge link in the
// received message acknowledges the incident without signing in, once.

const PUBLIC_URL = 'https://tocsin.example';
const FROM = 'Tocsin Pager <pager@tocsin.example>';
const sink = await spawnSmtpSink();
afterAll(() => sink.close());

type Person = Awaited<ReturnType<Harness['actor']>>;

async function pageByEmail(h: Harness, who: Person, to: string, opts: { ttlMs?: number } = {}) {
  const incident = await declareVia(h, who.token, { title: `Checkout <502> for ${to}`, severity: 'SEV-1' });
  const key = `page:${incident.id}:${who.id}:email`;
  await inTransaction(h.ctx(), async (tx) => {
    const links = await createActionLinks(tx, { userId: who.id, incidentId: incident.id, expiresAt: h.clock.now().getTime() + (opts.ttlMs ?? 3_600_000), publicUrl: PUBLIC_URL });
    const content: PageContent = {
      kind: 'page',
      subject: `[SEV-1] #${incident.number} Checkout <502>`,
      text: 'Checkout answers 502.',
      userId: who.id,
      incident: { id: incident.id, number: incident.number, title: String(incident.title), severity: 'SEV-1', status: 'triggered', url: `${PUBLIC_URL}/incidents/${incident.number}`, services: [] },
      ackUrl: links.ackUrl,
      resolveUrl: links.resolveUrl,
    };
    await sendLater(tx, { channel: 'email', key, payload: { to, content } satisfies ChannelPayload });
  });
  return { incident, key };
}

/** Runs engine cycles until the message reaches one of `statuses`. */
const settle = (h: Harness, key: string, statuses: string[]) =>
  waitFor(
    async () => {
      await h.kernel.engine.runOnce();
      const m = await findMessageByKey(h.db.kysely, key);
      return m && statuses.includes(m.status) && (m.status !== 'sending' || m.lastError) ? m : undefined;
    },
    { timeoutMs: 15_000, intervalMs: 50, what: `${key} to be ${statuses.join(' or ')}` },
  );

const pathOf = (url: string) => new URL(url).pathname;
const linkIn = (text: string, label: string) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1] ?? '';

describeEachDatabase(
  'email pages and their action links',
  (h) => {
    it('delivers the page to the SMTP server; its acknowledge link acts once, as the person, via email', async () => {
      const ada = await h.actor('responder');
      const to = `ada-${h.dialect}@example.com`;
      const { incident, key } = await pageByEmail(h, ada, to);
      await settle(h, key, ['sent']);
      const received = sink.messages.filter((m) => m.to.includes(to));
      expect(received).toHaveLength(1);
      const mail = await sink.parse(received[0]!);
      expect(mail.from?.value[0]?.address).toBe('pager@tocsin.example');
      expect(received[0]!.from).toBe('pager@tocsin.example');
      expect(mail.subject).toBe(`[SEV-1] #${incident.number} Checkout <502>`);
      const ack = linkIn(mail.text ?? '', 'Acknowledge');
      const resolve = linkIn(mail.text ?? '', 'Resolve');
      expect(ack).toMatch(/^https:\/\/tocsin\.example\/act\/[A-Za-z0-9_-]{43}$/);
      expect(resolve).toMatch(/^https:\/\/tocsin\.example\/act\/[A-Za-z0-9_-]{43}$/);
      expect(mail.html).toContain(`href="${ack}"`);

      // GET only asks (mail scanners fetch links): nothing changes.
      const before = await snapshot(h.db, incident.id);
      const ask = await h.call('GET', pathOf(ack));
      expect(ask.statusCode).toBe(200);
      expect(ask.headers['content-type']).toMatch(/^text\/html/);
      expect(ask.body).toContain(`Acknowledge incident #${incident.number}?`);
      expect(ask.body).toContain('Checkout &lt;502&gt;');
      expect(await snapshot(h.db, incident.id)).toEqual(before);

      const act = await h.call('POST', pathOf(ack), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
      expect(act.statusCode).toBe(200);
      expect(act.body).toContain('Acknowledged by you');
      // The API's timeline schema does not show `via` yet; the stored event carries it.
      const acked = (await snapshot(h.db, incident.id)).timeline.find((e) => e.kind === 'acknowledged');
      expect(acked).toMatchObject({ actor_id: ada.id });
      expect(JSON.parse(acked!.data)).toMatchObject({ via: 'email' });

      const again = await h.call('POST', pathOf(ack));
      expect(again.statusCode).toBe(403);
      expect(again.body).toContain('This link has expired or was already used');

      // The resolve link is its own: it still acts, and a script gets JSON.
      const res = await h.call('POST', `${pathOf(resolve)}?via=push`, { headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ outcome: 'done', action: 'resolve', incident: { id: incident.id, number: incident.number, status: 'resolved' } });
      const jsonAgain = await h.call('POST', pathOf(resolve), { headers: { accept: 'application/json' } });
      expect(jsonAgain.statusCode).toBe(403);
      expect(jsonAgain.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('a forged, malformed or expired link is 403 and changes nothing', async () => {
      const bo = await h.actor('responder');
      const { incident, key } = await pageByEmail(h, bo, `bo-${h.dialect}@example.com`, { ttlMs: 60_000 });
      await settle(h, key, ['sent']);
      const mail = await sink.parse(sink.messages.find((m) => m.to.includes(`bo-${h.dialect}@example.com`))!);
      const ack = pathOf(linkIn(mail.text ?? '', 'Acknowledge'));
      const before = await snapshot(h.db, incident.id);
      const forged = `/act/${'A'.repeat(43)}`;
      for (const [method, path] of [['GET', forged], ['POST', forged], ['POST', '/act/short'], ['POST', `${ack.slice(0, -1)}${ack.endsWith('x') ? 'y' : 'x'}`]] as const) {
        const r = await h.call(method, path);
        expect(r.statusCode, `${method} ${path}`).toBe(403);
      }
      h.clock.advance(60_001);
      expect((await h.call('GET', ack)).statusCode).toBe(403);
      const expired = await h.call('POST', ack);
      expect(expired.statusCode).toBe(403);
      expect(expired.body).toContain('This link has expired or was already used');
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });

    it('a second person acknowledging after the first is told it was already done', async () => {
      const [cy, di] = [await h.actor('responder'), await h.actor('responder')];
      const first = await pageByEmail(h, cy, `cy-${h.dialect}@example.com`);
      let diAck = '';
      await inTransaction(h.ctx(), async (tx) => {
        diAck = (await createActionLinks(tx, { userId: di.id, incidentId: first.incident.id, expiresAt: h.clock.now().getTime() + 60_000, publicUrl: PUBLIC_URL })).ackUrl;
      });
      await settle(h, first.key, ['sent']);
      const mail = await sink.parse(sink.messages.find((m) => m.to.includes(`cy-${h.dialect}@example.com`))!);
      expect((await h.call('POST', pathOf(linkIn(mail.text ?? '', 'Acknowledge')))).body).toContain('Acknowledged by you');
      const late = await h.call('POST', pathOf(diAck));
      expect(late.statusCode).toBe(200);
      expect(late.body).toContain('Already acknowledged');
    });

    it('two clicks at once act once', async () => {
      const fay = await h.actor('responder');
      const { incident, key } = await pageByEmail(h, fay, `fay-${h.dialect}@example.com`);
      await settle(h, key, ['sent']);
      const mail = await sink.parse(sink.messages.find((m) => m.to.includes(`fay-${h.dialect}@example.com`))!);
      const ack = pathOf(linkIn(mail.text ?? '', 'Acknowledge'));
      const answers = await Promise.all([h.call('POST', ack), h.call('POST', ack)]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 403]);
      const events = (await snapshot(h.db, incident.id)).timeline.filter((e) => e.kind === 'acknowledged');
      expect(events).toHaveLength(1);
    });

    it('a viewer cannot act with a link (403), and the incident stays as it was', async () => {
      const [owner, viewer] = [await h.actor('responder'), await h.actor('viewer')];
      const incident = await declareVia(h, owner.token);
      let ack = '';
      await inTransaction(h.ctx(), async (tx) => {
        ack = (await createActionLinks(tx, { userId: viewer.id, incidentId: incident.id, expiresAt: h.clock.now().getTime() + 60_000, publicUrl: PUBLIC_URL })).ackUrl;
      });
      const before = await snapshot(h.db, incident.id);
      const r = await h.call('POST', pathOf(ack));
      expect(r.statusCode).toBe(403);
      expect(r.body).toContain('This link cannot act');
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });

    it('451 from the SMTP server is retried and then delivered once; 550 fails the page at once', async () => {
      const eve = await h.actor('responder');
      const greylisted = `451once-eve-${h.dialect}@example.com`;
      const grey = await pageByEmail(h, eve, greylisted);
      const waiting = await settle(h, grey.key, ['sending']);
      expect(waiting.lastError).toMatch(/451/);
      h.clock.advance(2_000); // past the first backoff (1 s)
      await settle(h, grey.key, ['sent']);
      expect(sink.messages.filter((m) => m.to.includes(greylisted))).toHaveLength(1);
      const attempts = await listAttempts(h.db.kysely, waiting.id);
      expect(attempts.map((a) => [a.outcome, a.responseCode])).toEqual([
        ['transient_error', 451],
        ['sent', 250],
      ]);

      const refused = await pageByEmail(h, eve, `550-eve-${h.dialect}@example.com`);
      const failed = await settle(h, refused.key, ['failed']);
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toMatch(/550/);
    });

    it('an SMTP server that is down is a transient error: the page waits for a retry', async () => {
      const r = rig(h.db, [createEmailProvider({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, from: FROM, timeoutMs: 2_000 })]);
      const key = `down-${h.dialect}`;
      await r.send({ key, channel: 'email', payload: { to: 'x@example.com', content: { kind: 'test', subject: 'Test', text: '' } } satisfies ChannelPayload });
      await r.cycle();
      const m = await findMessageByKey(h.db.kysely, key);
      expect(m).toMatchObject({ status: 'sending', attempts: 1 });
      expect((await listAttempts(h.db.kysely, m!.id))[0]?.outcome).toBe('transient_error');
    });
  },
  { env: { TOCSIN_SMTP_URL: sink.url, TOCSIN_SMTP_FROM: FROM, TOCSIN_PUBLIC_URL: PUBLIC_URL, TOCSIN_SMTP_TIMEOUT_MS: '5000' } },
);
