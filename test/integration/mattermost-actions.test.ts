import { afterAll, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/events.js';
import { findMessageByKey, sendLater } from '../../src/core/outbox/index.js';
import type { ChannelPayload, PageContent } from '../../src/notify/content.js';
import { createActionLinks } from '../../src/notify/links.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { startRecorder } from '../support/http-recorder.js';
import { waitFor } from '../support/wait-for.js';
import { declareVia, snapshot } from './incidents-helpers.js';

// A page in Mattermost end to end, on both databases: the outbox posts it to an incoming
// webhook (a local server standing in for Mattermost, which keeps what it got), and a press of
// its Acknowledge, then Resolve, button comes back as Mattermost's server sends it: the
// incident acts as the person paged, via chat, and the answer redraws the post with the buttons
// that are left. A used, expired or forged button changes nothing.

const PUBLIC_URL = 'https://tocsin.example';
const mattermost = await startRecorder();
afterAll(() => mattermost.close());

type Person = Awaited<ReturnType<Harness['actor']>>;
interface Button {
  id: string;
  name: string;
  integration: { url: string; context: Record<string, unknown> };
}

/** The page posted to Mattermost, as it arrived there. */
async function pageToMattermost(h: Harness, who: Person) {
  const incident = await declareVia(h, who.token, { title: `Queue backed up for ${who.name}`, severity: 'SEV-1' });
  const key = `page:${incident.id}:${who.id}:chat`;
  const hook = `/hooks/${who.id}`;
  await inTransaction(h.ctx(), async (tx) => {
    const links = await createActionLinks(tx, { userId: who.id, incidentId: incident.id, expiresAt: h.clock.now().getTime() + 3_600_000, publicUrl: PUBLIC_URL });
    const content: PageContent = {
      kind: 'page',
      subject: `[SEV-1] #${incident.number} Queue backed up`,
      text: 'Orders wait 4 minutes in the queue.',
      userId: who.id,
      incident: { id: incident.id, number: incident.number, title: String(incident.title), severity: 'SEV-1', status: 'triggered', url: `${PUBLIC_URL}/incidents/${incident.number}`, services: [] },
      ackUrl: links.ackUrl,
      resolveUrl: links.resolveUrl,
    };
    await sendLater(tx, { channel: 'chat', key, payload: { to: `${mattermost.base}${hook}`, details: { format: 'mattermost' }, content } satisfies ChannelPayload });
  });
  await waitFor(
    async () => {
      await h.kernel.engine.runOnce();
      return (await findMessageByKey(h.db.kysely, key))?.status === 'sent';
    },
    { timeoutMs: 15_000, intervalMs: 50, what: 'the page to reach Mattermost' },
  );
  const posted = mattermost.requests.find((r) => r.url === hook)!;
  const post = JSON.parse(posted.body) as { text: string; attachments: { text: string; actions?: Button[] }[] };
  return { incident, post, buttons: post.attachments[0]!.actions ?? [] };
}

/** A press as Mattermost's server sends it (its integration request), to the button's URL on Tocsin. */
function press(h: Harness, button: Button, userName = 'ana.ops', context: unknown = button.integration.context) {
  expect(button.integration.url).toBe(`${PUBLIC_URL}/notify/mattermost/actions`);
  return h.call('POST', new URL(button.integration.url).pathname, {
    body: { user_id: 'rbmcq1yk7fr6xrxd6c3xjfaq7w', user_name: userName, channel_id: 'x9fnzy6ukbyh3g4g7r3owq4eje', channel_name: 'ops', team_id: 'zquxcrwn4tg4bf6d8zxkfn7j7a', team_domain: 'acme', post_id: 'gy3s4trobtgm5b8yr3d6ri9b9c', trigger_id: 'trigger', type: '', data_source: '', context },
  });
}

describeEachDatabase(
  'Mattermost buttons',
  (h) => {
    it('Acknowledge then Resolve act as the person paged, via chat, and redraw the post; a used button answers its presser only', async () => {
      const ana = await h.actor('responder');
      const { incident, post, buttons } = await pageToMattermost(h, ana);
      expect(buttons.map((b) => [b.id, b.name])).toEqual([
        ['tocsinack', 'Acknowledge'],
        ['tocsinresolve', 'Resolve'],
      ]);

      const acked = await press(h, buttons[0]!);
      expect(acked.statusCode, acked.body).toBe(200);
      const after = await snapshot(h.db, incident.id);
      expect(after.incident?.status).toBe('acknowledged');
      expect(after.timeline.some((e) => JSON.stringify(e).includes('acknowledged') && JSON.stringify(e).includes('chat'))).toBe(true);
      const update = acked.json().update as { message: string; props: { attachments: { text: string; actions?: Button[] }[] } };
      expect(update.message).toBe(post.text);
      const redrawn = update.props.attachments[0]!;
      expect(redrawn.text).toBe(`${post.attachments[0]!.text}\n\nAcknowledged by ana.ops from Mattermost: incident #${incident.number} is now acknowledged.`);
      expect(redrawn.actions!.map((b) => b.id)).toEqual(['tocsinresolve']); // acknowledged: only resolve is left

      const resolved = await press(h, redrawn.actions![0]!);
      expect(resolved.statusCode).toBe(200);
      expect((await snapshot(h.db, incident.id)).incident?.status).toBe('resolved');
      const last = resolved.json().update.props.attachments[0];
      expect(last.text).toMatch(/Resolved by ana\.ops from Mattermost: incident #\d+ is now resolved\.$/);
      expect(last.actions).toBeUndefined();

      const before = await snapshot(h.db, incident.id);
      const again = await press(h, buttons[0]!);
      expect(again.json()).toEqual({ ephemeral_text: expect.stringMatching(/already used/) });
      expect(await snapshot(h.db, incident.id)).toEqual(before);
    });

    it('five presses of one button at once (a double tap, a retried request) acknowledge once', async () => {
      const cy = await h.actor('responder');
      const { incident, buttons } = await pageToMattermost(h, cy);
      const answers = await Promise.all(Array.from({ length: 5 }, () => press(h, buttons[0]!)));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
      expect(answers.filter((a) => a.json().update).length).toBe(1);
      expect(answers.filter((a) => /already used/.test(a.json().ephemeral_text ?? '')).length).toBe(4);
      const acks = (await snapshot(h.db, incident.id)).timeline.filter((e) => JSON.stringify(e).includes('acknowledged'));
      expect(acks).toHaveLength(1);
    });

    it('a forged token, or a body that is no press of a Tocsin button, changes nothing', async () => {
      const bo = await h.actor('responder');
      const { incident, buttons } = await pageToMattermost(h, bo);
      const before = await snapshot(h.db, incident.id);
      const forged = await press(h, buttons[0]!, 'mallory', { ...buttons[0]!.integration.context, token: 'forged-token-000000000000' });
      expect(forged.json()).toEqual({ ephemeral_text: expect.stringMatching(/not valid/) });
      for (const body of [{ context: { action: 'delete', token: 'x' } }, { context: 'x' }, [], { user_name: 'x' }]) {
        const bad = await h.call('POST', '/notify/mattermost/actions', { body });
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ status: 400, field: 'context' });
      }
      const notJson = await h.call('POST', '/notify/mattermost/actions', { body: '{"context":', headers: { 'content-type': 'application/json' } });
      expect(notJson.statusCode).toBe(400);
      const huge = await h.call('POST', '/notify/mattermost/actions', { body: JSON.stringify({ context: { pad: 'x'.repeat(70_000) } }), headers: { 'content-type': 'application/json' } });
      expect(huge.statusCode).toBe(413);
      expect(await snapshot(h.db, incident.id)).toEqual(before);
      // None of that spent the real button.
      expect((await press(h, buttons[0]!)).json().update).toBeDefined();
    });
  },
  { env: { TOCSIN_CHAT_ANY_HOST: 'true', TOCSIN_PUBLIC_URL: PUBLIC_URL } },
);
