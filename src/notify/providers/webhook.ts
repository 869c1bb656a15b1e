import { systemClock, type Clock } from '../../core/clock.js';
import { classifyStatus, parseRetryAfter, ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';

/** What a `webhook` message carries: the JSON body, and optionally its own URL and headers. */
export interface WebhookPayload {
  /** Overrides the provider's configured URL. */
  url?: string;
  body: unknown;
  headers?: Record<string, string>;
}

export interface WebhookProviderOptions {
  /** Channel name; default `webhook`. */
  channel?: string;
  /** Used when the payload names no URL. */
  url?: string;
  concurrency?: number;
  ratePerSecond?: number;
  /** Per request, connection included; default 10 s. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** For Retry-After given as a date. */
  clock?: Clock;
}

/**
 * A generic outbound webhook: POSTs the payload's body as JSON with `Idempotency-Key: <the
 * message key>`, so a receiver that dedupes sees a re-send after a crash once. 2xx is sent
 * (the provider ref is the answer's `X-Request-Id` when there is one); 408, 429 and 5xx are
 * transient, honouring Retry-After; other 4xx and 3xx (redirects are not followed: a webhook
 * URL that moved is a configuration error) are permanent; network errors and the timeout are
 * transient.
 */
export function createWebhookProvider(opts: WebhookProviderOptions = {}): Provider<WebhookPayload> {
  const clock = opts.clock ?? systemClock;
  return {
    channel: opts.channel ?? 'webhook',
    concurrency: opts.concurrency ?? 8,
    ratePerSecond: opts.ratePerSecond,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message: OutboxMessage<WebhookPayload>, { idempotencyKey, signal }) => {
      const url = message.payload.url ?? opts.url;
      if (!url) throw new ProviderError('no URL: neither the message nor the provider names one', 'permanent');
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'tocsin-webhook',
          ...opts.headers,
          ...message.payload.headers,
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(message.payload.body ?? null),
        redirect: 'manual',
        signal,
      });
      // Read (and so release) the body either way; a connection left half-read is not reused.
      const text = await res.text().catch(() => '');
      const kind = classifyStatus(res.status);
      if (kind === 'ok') return { providerRef: res.headers.get('x-request-id') ?? undefined, responseCode: res.status };
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now().getTime());
      const detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      throw new ProviderError(`HTTP ${res.status}${detail ? `: ${detail}` : ''}`, kind, res.status, retryAfterMs);
    },
  };
}
