import { createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock.js';
import { sameSecret } from '../../core/secrets.js';
import { classifyStatus, parseRetryAfter, ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';
import { postJson } from './post-json.js';

/** What a `webhook` message carries: the JSON body, and optionally its own URL and headers. */
export interface WebhookPayload {
  /** Overrides the provider's configured URL. */
  url?: string;
  body: unknown;
  headers?: Record<string, string>;
  /** Signs with this receiver's own secret instead of the provider's (stored with the message). */
  secret?: string;
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
  /** For Retry-After given as a date, and the signature's timestamp. */
  clock?: Clock;
  /** HMAC secret (TOCSIN_WEBHOOK_SECRET): each request carries X-Tocsin-Signature. */
  secret?: string;
}

export const SIGNATURE_HEADER = 'x-tocsin-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>`, Stripe's scheme: the time is
 * signed with the body, so a receiver can refuse an old request replayed (docs/notify-chat.md).
 */
export function webhookSignature(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')}`;
}

/** The receiver's side of the recipe: the header signs this exact body, at most `toleranceS` from now. */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowMs: number, toleranceS = 300): boolean {
  const parts = new Map((header ?? '').split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || Math.abs(nowMs / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return sameSecret(v1, expected);
}

/**
 * A generic outbound webhook: POSTs the payload's body as JSON with `Idempotency-Key: <the
 * message key>`, so a receiver that dedupes sees a re-send after a crash once. 2xx is sent
 * (the provider ref is the answer's `X-Request-Id` when there is one); 408, 429 and 5xx are
 * transient, honouring Retry-After; other 4xx and 3xx (redirects are not followed: a webhook
 * URL that moved is a configuration error) are permanent; network errors and the timeout are
 * transient. With a secret, X-Tocsin-Signature signs the body and the time of sending.
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
      const body = JSON.stringify(message.payload.body ?? null);
      const secret = message.payload.secret ?? opts.secret;
      const res = await postJson(
        url,
        body,
        {
          'content-type': 'application/json',
          'user-agent': 'tocsin-webhook',
          ...opts.headers,
          ...message.payload.headers,
          'idempotency-key': idempotencyKey,
          // Signed at each attempt: a retry an hour later still passes the receiver's freshness check.
          ...(secret ? { [SIGNATURE_HEADER]: webhookSignature(secret, body, clock.now().getTime()) } : {}),
        },
        signal,
      );
      const text = res.text;
      const kind = classifyStatus(res.status);
      if (kind === 'ok') return { providerRef: res.header('x-request-id'), responseCode: res.status };
      const retryAfterMs = parseRetryAfter(res.header('retry-after') ?? null, clock.now().getTime());
      const detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      throw new ProviderError(`HTTP ${res.status}${detail ? `: ${detail}` : ''}`, kind, res.status, retryAfterMs);
    },
  };
}
