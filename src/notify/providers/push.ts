import type webpushModule from 'web-push';
import { systemClock, type Clock } from '../../core/clock.js';
import { classifyStatus, parseRetryAfter, ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import { pushDelivery, pushMessage } from './push-message.js';
import type { VapidDetails } from './push-vapid.js';

export interface PushProviderOptions {
  /** The signing identity; asked on every send (it is loaded once, then cached by the caller). */
  vapid: () => Promise<VapidDetails>;
  /** The push service says this subscription is gone for good (404/410): forget it. */
  onGone?: (contactMethodId: string) => Promise<void>;
  /** Reports an onGone that failed; the send's outcome stays a permanent failure either way. */
  onGoneError?: (err: unknown, contactMethodId: string) => void;
  concurrency?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Push services are https; plain http endpoints only for tests and local push servers. */
  allowHttp?: boolean;
  /** For Retry-After given as a date. */
  clock?: Clock;
}

/** `details` of a push message: the subscription's keys, as PushSubscription.toJSON() gives them. */
export interface PushSubscriptionKeys {
  p256dh: string;
  auth: string;
}

function subscriptionKeys(details: Record<string, unknown> | undefined): PushSubscriptionKeys {
  const keys = details?.keys as Partial<PushSubscriptionKeys> | undefined;
  if (typeof keys?.p256dh !== 'string' || typeof keys.auth !== 'string') {
    throw new ProviderError('push subscription has no keys (details.keys.p256dh and auth)', 'permanent');
  }
  return { p256dh: keys.p256dh, auth: keys.auth };
}

function endpointUrl(to: string, allowHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new ProviderError(`push endpoint is not a URL: ${to.slice(0, 100)}`, 'permanent');
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) throw new ProviderError(`push endpoint must be https: ${url.origin}`, 'permanent');
  return url.href;
}

/**
 * Web Push with VAPID, straight to the browser's push service (no relay): the payload is
 * encrypted for the subscription (aes128gcm, RFC 8291) and signed (RFC 8292) by `web-push`,
 * then POSTed here with fetch so the outbox's AbortSignal bounds it. 201/202 is sent (the
 * provider ref is the message's Location); 404/410 means the subscription expired: permanent,
 * and `onGone` removes it; 400/413 are permanent; 429 and 5xx transient with Retry-After.
 * Push services take no idempotency key: a re-send after a crash shows again, but under the same
 * notification tag, so the device keeps one notification per incident.
 */
export function createPushProvider(opts: PushProviderOptions): Provider<ChannelPayload> {
  const clock = opts.clock ?? systemClock;
  return {
    channel: 'push',
    concurrency: opts.concurrency ?? 8,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message: OutboxMessage<ChannelPayload>, { signal }) => {
      const { to, details, content, contactMethodId } = message.payload;
      const endpoint = endpointUrl(to, opts.allowHttp === true);
      const keys = subscriptionKeys(details);
      const delivery = pushDelivery(content);
      // Outside the try: a database that cannot answer for the keys is a transient failure.
      const vapidDetails = await opts.vapid();
      // Loaded at the first push, not at every start of a server that may never send one.
      const webpush = ((await import('web-push')) as { default: typeof webpushModule }).default;
      let request: ReturnType<typeof webpushModule.generateRequestDetails>;
      try {
        request = webpush.generateRequestDetails({ endpoint, keys }, JSON.stringify(pushMessage(content)), {
          vapidDetails,
          TTL: delivery.ttlSeconds,
          urgency: delivery.urgency,
          ...(delivery.topic ? { topic: delivery.topic } : {}),
        });
      } catch (err) {
        // Bad subscription keys (not a P-256 point, wrong length): no retry will fix them.
        throw new ProviderError(`push subscription refused: ${(err as Error).message}`, 'permanent');
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers as Record<string, string | number>)
          .filter(([name]) => name.toLowerCase() !== 'content-length') // fetch counts the body itself
          .map(([name, value]) => [name, String(value)]),
      );
      const res = await fetch(endpoint, { method: 'POST', headers, body: request.body ? new Uint8Array(request.body) : null, redirect: 'manual', signal });
      // Read (and so release) the body either way, for keep-alive.
      const text = await res.text().catch(() => '');
      if (res.status >= 200 && res.status < 300) return { providerRef: res.headers.get('location') ?? undefined, responseCode: res.status };
      if ((res.status === 404 || res.status === 410) && contactMethodId) await forget(opts, contactMethodId);
      const kind = classifyStatus(res.status) === 'transient' ? 'transient' : 'permanent';
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now().getTime());
      const detail = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      const why = res.status === 404 || res.status === 410 ? ' (subscription expired; removed)' : '';
      throw new ProviderError(`HTTP ${res.status}${why}${detail ? `: ${detail}` : ''}`, kind, res.status, retryAfterMs);
    },
  };
}

async function forget(opts: PushProviderOptions, contactMethodId: string): Promise<void> {
  try {
    await opts.onGone?.(contactMethodId);
  } catch (err) {
    opts.onGoneError?.(err, contactMethodId);
  }
}
