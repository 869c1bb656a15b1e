import type { Clock } from '../../core/clock.js';
import { classifyStatus, parseRetryAfter, ProviderError, type ProviderStatus } from '../../core/outbox/index.js';

/** One SMS to hand to one provider; the signal fires at that provider's own timeout. */
export interface Sms {
  /** E.164, e.g. +15550001111. */
  to: string;
  text: string;
  /** The outbox message key: the same for every attempt at this SMS. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/** The outbox's question about an SMS whose attempt got no answer: did this provider take it? */
export interface SmsStatusQuery {
  to: string;
  /** Exactly the text a send hands over. */
  text: string;
  /** The first attempt's start (epoch ms): nothing the provider took before is this SMS. */
  since: number;
  /** This provider's id of the message when one was recorded (without the `twilio:` prefix). */
  ref: string | null;
  signal: AbortSignal;
}

/** One SMS provider (Twilio, Vonage, a gateway): resolves with its id of the message, or throws a ProviderError. */
export interface SmsSender {
  /** How TOCSIN_SMS_PROVIDERS and TOCSIN_SMS_ROUTES name it; the prefix of the provider ref. */
  name: string;
  /** Replies to its number reach Tocsin (Twilio; Vonage with signed webhooks): only then does a page say "Reply ACK 4821". */
  takesReplies: boolean;
  send(sms: Sms): Promise<string | undefined>;
  /** Optional: whether it took the SMS (its `providerRef` without the prefix); throws when it cannot say. */
  status?(query: SmsStatusQuery): Promise<ProviderStatus>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** Calls and reads the whole answer (a connection left half-read is not reused); redirects are not followed. */
export async function request(url: string, init: RequestInit & { signal: AbortSignal }): Promise<HttpAnswer> {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text().catch(() => '') };
}

/** The answer's JSON, or null when it is not JSON (a proxy's HTML error page). */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A non-2xx answer as the outbox understands it: 408/429/5xx transient (with Retry-After), other codes permanent. */
export function httpFailure(provider: string, a: HttpAnswer, clock: Clock, detail?: string): ProviderError {
  const kind = classifyStatus(a.status);
  const said = detail ?? (a.text.length > 200 ? `${a.text.slice(0, 200)}…` : a.text);
  const retryAfterMs = parseRetryAfter(a.headers.get('retry-after'), clock.now().getTime());
  return new ProviderError(`${provider}: HTTP ${a.status}${said ? ` ${said}` : ''}`, kind === 'ok' ? 'permanent' : kind, a.status, retryAfterMs);
}
