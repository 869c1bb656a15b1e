import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { chatMessage, NOTICE, PAGE, TEST_PAGE } from '../../../test/support/chat-fixtures.js';
import { rejection, startRecorder, type HttpRecorder } from '../../../test/support/http-recorder.js';
import { CHAT_FORMATS, type ChatFormat } from './chat-content.js';
import { createChatProvider, renderChat } from './chat.js';

// The chat provider against a real HTTP server on loopback: the exact request each product
// documents, the provider ref each answer gives, and every kind of refusal.

const PATHS: Record<ChatFormat, string> = {
  slack: '/services/T000/B000/XXXX',
  teams: '/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=s1g',
  discord: '/api/webhooks/123/tok',
  mattermost: '/hooks/xyz',
  google_chat: '/v1/spaces/AAA/messages?key=k&token=t',
};
const SENT_PATHS: Record<ChatFormat, string> = {
  ...PATHS,
  discord: '/api/webhooks/123/tok?wait=true',
  google_chat: '/v1/spaces/AAA/messages?key=k&token=t&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
};

describe('chat provider (real HTTP server on loopback)', () => {
  let rx: HttpRecorder;
  beforeAll(async () => {
    rx = await startRecorder();
  });
  afterAll(async () => rx.close());
  beforeEach(() => {
    rx.requests.length = 0;
    rx.answer = () => ({ status: 200, body: 'ok' });
  });

  const provider = (opts: { timeoutMs?: number; anyHost?: boolean } = {}) =>
    createChatProvider({ anyHost: opts.anyHost ?? true, interactive: true, timeoutMs: opts.timeoutMs ?? 2_000, clock: new FakeClock('2026-01-05T09:00:00Z') });
  const send = (format: string, content = PAGE, opts: { timeoutMs?: number; anyHost?: boolean; url?: string } = {}) =>
    provider(opts).send(chatMessage(opts.url ?? rx.base + PATHS[format as ChatFormat], format, content), { idempotencyKey: 'k', signal: AbortSignal.timeout(opts.timeoutMs ?? 2_000) });

  describe.each(CHAT_FORMATS)('%s', (format) => {
    it.each([
      ['page', PAGE],
      ['test', TEST_PAGE],
      ['notice', NOTICE],
    ] as const)('POSTs a %s as the documented JSON to the webhook', async (_kind, content) => {
      await send(format, content);
      expect(rx.requests).toHaveLength(1);
      const got = rx.requests[0]!;
      expect(got.method).toBe('POST');
      expect(got.url).toBe(content.incident || format !== 'google_chat' ? SENT_PATHS[format] : PATHS[format]);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['user-agent']).toBe('tocsin-chat');
      expect(got.headers.authorization).toBeUndefined(); // the URL is the credential
      expect(JSON.parse(got.body)).toEqual(renderChat(format, 'https://x.example/', content, { interactive: true }).body);
    });
  });

  it('takes the provider ref each product gives: Discord’s message id, Google Chat’s message name, the Teams run id', async () => {
    rx.answer = () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"id":"1189","channel_id":"5"}' });
    expect(await send('discord')).toEqual({ providerRef: '1189', responseCode: 200 });
    rx.answer = () => ({ status: 200, body: '{"name":"spaces/AAA/messages/BBB.CCC"}' });
    expect(await send('google_chat')).toEqual({ providerRef: 'spaces/AAA/messages/BBB.CCC', responseCode: 200 });
    rx.answer = () => ({ status: 202, headers: { 'x-ms-workflow-run-id': '0858' } });
    expect(await send('teams')).toEqual({ providerRef: '0858', responseCode: 202 });
    rx.answer = () => ({ status: 200, body: 'ok' });
    expect(await send('slack')).toEqual({ providerRef: undefined, responseCode: 200 });
  });

  it.each([
    ['slack', 400, 'invalid_payload', 'permanent', /invalid_payload/],
    ['slack', 404, 'no_service', 'permanent', /no_service: the webhook was disabled or removed/],
    ['slack', 403, 'invalid_token', 'permanent', /invalid_token: the webhook URL token is invalid/],
    ['slack', 410, 'channel_is_archived', 'permanent', /archived/],
    ['slack', 500, 'rollup_error', 'transient', /HTTP 500: rollup_error/],
    ['discord', 404, '{"message":"Unknown Webhook","code":10015}', 'permanent', /Unknown Webhook: the webhook was deleted/],
    ['discord', 401, '{"message":"Invalid Webhook Token","code":50027}', 'permanent', /Invalid Webhook Token/],
    ['discord', 400, '{"message":"Invalid Form Body","code":50035}', 'permanent', /HTTP 400: Invalid Form Body/],
    ['teams', 502, '', 'transient', /teams: HTTP 502$/],
    ['mattermost', 403, 'Unable to find the webhook', 'permanent', /HTTP 403/],
    ['google_chat', 503, '{"error":{"code":503}}', 'transient', /HTTP 503/],
    ['mattermost', 302, '', 'permanent', /HTTP 302/],
  ] as const)('%s HTTP %i %s is %s', async (format, status, body, kind, message) => {
    rx.answer = () => ({ status, body, headers: status === 302 ? { location: 'http://127.0.0.1:1/' } : ({} as Record<string, string>) });
    const err = await rejection(send(format));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe(kind);
    expect((err as ProviderError).responseCode).toBe(status);
    expect(err.message).toMatch(message);
  });

  it('429 is transient and waits Retry-After; Discord’s retry_after (seconds, fractional) counts too', async () => {
    rx.answer = () => ({ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' });
    const slack = (await rejection(send('slack'))) as ProviderError;
    expect([slack.kind, slack.retryAfterMs]).toEqual(['transient', 30_000]);
    rx.answer = () => ({ status: 429, headers: { 'retry-after': '2' }, body: '{"message":"You are being rate limited.","retry_after":2.57,"global":false}' });
    const discord = (await rejection(send('discord'))) as ProviderError;
    expect([discord.kind, discord.retryAfterMs]).toEqual(['transient', 2_570]);
  });

  it('gives up at the timeout when the webhook hangs (transient, not a ProviderError)', async () => {
    rx.answer = () => ({ hang: true });
    const t0 = performance.now();
    const err = await rejection(send('slack', PAGE, { timeoutMs: 200 }));
    expect(err).not.toBeInstanceOf(ProviderError);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('refuses, before any request, an unknown format and a URL off the product’s hosts', async () => {
    const bad = (await rejection(send('irc'))) as ProviderError;
    expect([bad.kind, bad.message]).toEqual(['permanent', expect.stringMatching(/details.format must be one of slack, teams/)]);
    const plain = (await rejection(send('slack', PAGE, { anyHost: false }))) as ProviderError;
    expect([plain.kind, plain.message]).toEqual(['permanent', 'slack: the webhook URL must be an https URL']);
    const off = (await rejection(send('slack', PAGE, { anyHost: false, url: 'https://169.254.169.254/services/x' }))) as ProviderError;
    expect([off.kind, off.message]).toEqual(['permanent', expect.stringMatching(/not a slack incoming-webhook host/)]);
    expect(rx.requests).toHaveLength(0);
  });
});
