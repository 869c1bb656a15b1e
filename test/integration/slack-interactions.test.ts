import { afterAll, expect, it } from 'vitest';
import { inTransaction } from '../../src/core/events.js';
import { createActionLinks } from '../../src/notify/links.js';
import { slackSignature } from '../../src/notify/slack-signature.js';
import { renderSlack } from '../../src/notify/providers/slack.js';
import { PAGE } from '../support/chat-fixtures.js';
import { describeEachDatabase, type Harness } from '../support/harness.js';
import { startRecorder } from '../support/http-recorder.js';
import { declareVia, snapshot } from './incidents-helpers.js';

// Slack's buttons on both databases: a signed press acknowledges (then resolves) the incident as
// the person paged, via chat; a forged, unsigned or replayed press is 401 and changes nothing.

const SECRET = 'slack-signing-secret-0123456789abcdef';

/** The page's real single-use links (src/notify/links.ts): the buttons carry their tokens. */
async function linksFor(h: Harness, userId: string, incidentId: string) {
  return inTransaction(h.ctx(), (t) => createActionLinks(t, { userId, incidentId, expiresAt: h.clock.now().getTime() + 3_600_000, publicUrl: 'https://tocsin.example' }));
}

const rx = await startRecorder();
afterAll(() => rx.close());

function press(h: Harness, actionId: string, value: string, opts: { secret?: string; ageS?: number; body?: string } = {}) {
  const payload = {
    type: 'block_actions',
    user: { id: 'U024BE7LH', username: 'ana', name: 'Ana Ops' },
    actions: [{ action_id: actionId, block_id: 'tocsin_actions', value, type: 'button' }],
    response_url: `${rx.base}/actions/T0/1/abc`,
    message: renderSlack(PAGE, { interactive: true }),
  };
  const body = opts.body ?? new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = String(Math.floor(h.clock.now().getTime() / 1000) - (opts.ageS ?? 0));
  return h.call('POST', '/notify/slack/interactions', {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(opts.secret ?? SECRET, ts, body) },
  });
}

describeEachDatabase(
  'Slack interactions',
  (h) => {
    it('a forged, unsigned or replayed press is 401 and changes nothing', async () => {
      const responder = await h.actor('responder');
      const inc = await declareVia(h, responder.token, { severity: 'SEV-1' });
      const { ackToken } = await linksFor(h, responder.id, inc.id);
      const before = await snapshot(h.db, inc.id);
      expect((await press(h, 'tocsin_ack', ackToken, { secret: 'not-the-secret-000000' })).statusCode).toBe(401);
      expect((await press(h, 'tocsin_ack', ackToken, { ageS: 301 })).statusCode).toBe(401);
      const unsigned = await h.call('POST', '/notify/slack/interactions', { body: 'payload=%7B%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(unsigned.statusCode).toBe(401);
      expect(unsigned.headers['content-type']).toMatch(/problem\+json/);
      expect(await snapshot(h.db, inc.id)).toEqual(before);
      // The link was not spent by the refused presses: a signed one still acknowledges.
      expect((await press(h, 'tocsin_ack', ackToken)).statusCode).toBe(200);
      expect((await snapshot(h.db, inc.id)).incident?.status).toBe('acknowledged');
    });

    it('a signed press acknowledges as the person paged, via chat, and replaces the message; resolve then works; a reused button is refused', async () => {
      const responder = await h.actor('responder');
      const inc = await declareVia(h, responder.token, { severity: 'SEV-1' });
      const { ackToken, resolveToken } = await linksFor(h, responder.id, inc.id);
      const seen = rx.requests.length;

      const res = await press(h, 'tocsin_ack', ackToken);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      const after = await snapshot(h.db, inc.id);
      expect(after.incident?.status).toBe('acknowledged');
      const ack = after.timeline.find((e) => JSON.stringify(e).includes('acknowledged') && JSON.stringify(e).includes('chat'));
      expect(ack).toBeDefined();

      const update = await rx.waitFor(seen);
      expect(update.method).toBe('POST');
      expect(update.url).toBe('/actions/T0/1/abc');
      const message = JSON.parse(update.body);
      expect(message).toMatchObject({ replace_original: true, text: `Acknowledged by Ana Ops from Slack: incident #${inc.number} is now acknowledged.` });
      const ids = message.blocks.filter((b: { type: string }) => b.type === 'actions').flatMap((b: { elements: { action_id: string }[] }) => b.elements.map((e) => e.action_id));
      expect(ids).toEqual(['tocsin_resolve', 'tocsin_open']); // acknowledge is done; resolve remains

      expect((await press(h, 'tocsin_resolve', resolveToken)).statusCode).toBe(200);
      expect((await snapshot(h.db, inc.id)).incident?.status).toBe('resolved');
      expect(JSON.parse((await rx.waitFor(seen + 1)).body).text).toMatch(/^Resolved by Ana Ops/);

      const again = await press(h, 'tocsin_ack', ackToken);
      expect(again.statusCode).toBe(200);
      expect(JSON.parse((await rx.waitFor(seen + 2)).body)).toEqual({ response_type: 'ephemeral', replace_original: false, text: expect.stringMatching(/already used/) });
    });

    it('a press of another button, or a body that is not an interaction, changes nothing', async () => {
      expect((await press(h, 'tocsin_open', '')).statusCode).toBe(200);
      expect((await press(h, 'tocsin_ack', 'x', { body: 'not=a-payload' })).statusCode).toBe(400);
    });
  },
  {
    env: { TOCSIN_SLACK_SIGNING_SECRET: SECRET, TOCSIN_CHAT_ANY_HOST: 'true' },
  },
);

describeEachDatabase('Slack interactions, not set up', (h) => {
  it('answers 404 naming the setting that is missing', async () => {
    const res = await h.call('POST', '/notify/slack/interactions', { body: 'payload=%7B%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([res.statusCode, res.json().detail]).toEqual([404, 'Slack interactivity (set TOCSIN_SLACK_SIGNING_SECRET) not found']);
  });
});
