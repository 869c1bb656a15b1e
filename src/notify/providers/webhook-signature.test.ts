import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.js';
import type { OutboxMessage } from '../../core/outbox/index.js';
import { startReceiver, type Receiver } from '../../../test/support/outbox-receiver.js';
import { createWebhookProvider, verifyWebhookSignature, type WebhookPayload } from './webhook.js';

const message = (payload: WebhookPayload): OutboxMessage<WebhookPayload> => ({
  id: 'obx_1', channel: 'webhook', key: 'k1', payload, status: 'sending', attempts: 1, maxAttempts: 10,
  providerRef: null, lastError: null, createdAt: 0, sentAt: null, deliveredAt: null, failedAt: null,
});

const NOW = '2026-01-05T09:00:00Z';
const T = Date.parse(NOW) / 1000;

/** The recipe in docs/notify-chat.md, written out as a receiver would, independently of the provider. */
function receiverAccepts(secret: string, header: string, rawBody: string, nowS: number): boolean {
  const fields = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const t = Number(fields.t);
  if (Math.abs(nowS - t) > 300) return false;
  return createHmac('sha256', secret).update(`${fields.t}.${rawBody}`).digest('hex') === fields.v1;
}

describe('webhook signature (X-Tocsin-Signature)', () => {
  let rx: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(async () => rx.close());

  const send = async (payload: WebhookPayload, secret?: string) => {
    const provider = createWebhookProvider({ url: rx.url, secret, clock: new FakeClock(NOW) });
    await provider.send(message(payload), { idempotencyKey: 'k1', signal: AbortSignal.timeout(2_000) });
    return rx.received.at(-1)!;
  };

  it('signs t.body with the secret, verifiable by the documented recipe', async () => {
    const got = await send({ body: { incident: { id: 'inc_1', status: 'triggered' } } }, 's3cret');
    const header = String(got.headers['x-tocsin-signature']);
    expect(header).toMatch(new RegExp(`^t=${T},v1=[0-9a-f]{64}$`));
    expect(receiverAccepts('s3cret', header, got.body, T)).toBe(true);
    expect(verifyWebhookSignature('s3cret', header, got.body, T * 1000)).toBe(true);
  });

  it('a changed body, another secret or a replay after five minutes fail verification', async () => {
    const got = await send({ body: { n: 1 } }, 's3cret');
    const header = String(got.headers['x-tocsin-signature']);
    expect(verifyWebhookSignature('s3cret', header, got.body.replace('1', '2'), T * 1000)).toBe(false);
    expect(verifyWebhookSignature('other', header, got.body, T * 1000)).toBe(false);
    expect(verifyWebhookSignature('s3cret', header, got.body, (T + 301) * 1000)).toBe(false);
    expect(receiverAccepts('s3cret', header, got.body, T + 301)).toBe(false);
    expect(verifyWebhookSignature('s3cret', undefined, got.body, T * 1000)).toBe(false);
    expect(verifyWebhookSignature('s3cret', 'v1=abc', got.body, T * 1000)).toBe(false);
  });

  it('a message’s own secret wins over the provider’s; without any, no header', async () => {
    const own = await send({ body: 1, secret: 'receiver-own' }, 'provider-wide');
    expect(verifyWebhookSignature('receiver-own', String(own.headers['x-tocsin-signature']), own.body, T * 1000)).toBe(true);
    const none = await send({ body: 1 });
    expect(none.headers['x-tocsin-signature']).toBeUndefined();
  });
});
