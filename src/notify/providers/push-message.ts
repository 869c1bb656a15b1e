import type { MessageKind, PageContent } from '../content.js';

/**
 * What the service worker (web/public/sw.js) receives, decrypted: everything it needs to show the
 * notification and act on it without asking the server first (the phone may be offline by the
 * time the person taps "Acknowledge", and the links act without a session anyway).
 */
export interface PushMessage {
  title: string;
  body: string;
  /** Where a tap on the notification's body goes: the incident's page. */
  url?: string;
  ackUrl?: string;
  resolveUrl?: string;
  /** One notification per incident on the device: a newer page replaces the older one. */
  tag: string;
  kind: MessageKind;
}

export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/** The Web Push request's TTL, Urgency and Topic (RFC 8030 §5.2, §5.3, §5.4). */
export interface PushDelivery {
  ttlSeconds: number;
  urgency: PushUrgency;
  topic?: string;
}

/**
 * Push services refuse bodies over 4096 bytes (413); the aes128gcm record adds 86 bytes of header,
 * padding delimiter and tag, so the JSON stays well under that and the text gives way first.
 */
export const MAX_PUSH_JSON_BYTES = 3_800;

/**
 * How long the push service keeps a message for a phone that is off. A page older than an hour
 * has escalated past this person already, and a verification code expires; a notice may wait.
 */
const TTL_SECONDS: Record<MessageKind, number> = { page: 3_600, test: 3_600, verify: 600, notice: 6 * 3_600 };

/**
 * high wakes a phone in battery saving (Android Doze); a test page must behave like a real one,
 * or it proves nothing. The rest can wait for the device's next wake-up.
 */
const URGENCY: Record<MessageKind, PushUrgency> = { page: 'high', test: 'high', verify: 'normal', notice: 'normal' };

export function pushMessage(content: PageContent): PushMessage {
  const msg: PushMessage = {
    title: content.subject,
    body: content.text,
    url: content.incident?.url,
    ackUrl: content.ackUrl,
    resolveUrl: content.resolveUrl,
    tag: content.incident?.id ?? content.kind,
    kind: content.kind,
  };
  return fitMessage(msg);
}

/** Shortens the body (then the title) until the JSON fits a push message. */
export function fitMessage(msg: PushMessage, maxBytes = MAX_PUSH_JSON_BYTES): PushMessage {
  let out = msg;
  for (const field of ['body', 'title'] as const) {
    const over = Buffer.byteLength(JSON.stringify(out)) - maxBytes;
    if (over <= 0) return out;
    out = { ...out, [field]: shorten(out[field], jsonBytes(out[field]) - over) };
  }
  return out;
}

/** Bytes a string takes inside the JSON, escapes included, quotes not. */
const jsonBytes = (s: string) => Buffer.byteLength(JSON.stringify(s)) - 2;

/** The longest prefix (whole code points) that, with the ellipsis, takes at most `bytes` in JSON. */
function shorten(text: string, bytes: number): string {
  const chars = [...text];
  const fits = (n: number) => jsonBytes(chars.slice(0, n).join('') + '…') <= bytes;
  let [lo, hi] = [0, chars.length]; // fits(lo) or lo = 0; binary search, as texts can be long
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? chars.slice(0, lo).join('') + '…' : '';
}

export function pushDelivery(content: PageContent): PushDelivery {
  return { ttlSeconds: TTL_SECONDS[content.kind], urgency: URGENCY[content.kind], topic: pushTopic(content) };
}

/**
 * Topic lets the push service replace a message still waiting for the device with a newer one on
 * the same topic: the latest word on an incident wins. At most 32 URL-safe base64 characters.
 * Verification codes get none: each code must arrive.
 */
export function pushTopic(content: PageContent): string | undefined {
  if (content.kind === 'verify') return undefined;
  const raw = content.incident?.id ?? content.kind;
  const topic = raw.replace(/[^A-Za-z0-9_-]/g, '').slice(-32);
  return topic || undefined;
}
