import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import { isGsm } from '../channels/sms-text.js';
import type { VonageSignatureMethod } from '../vonage-sms-signature.js';
import { httpFailure, jsonOf, request, type SmsSender } from './sms-router-http.js';

export interface VonageSettings {
  apiKey: string;
  apiSecret: string;
  /** A number (digits, no +) or an alphanumeric sender id where the country allows one. */
  from: string;
  /** https://rest.nexmo.com unless a test or a proxy says otherwise. */
  baseUrl: string;
  /** Checks the `sig` of inbound messages and delivery receipts; without it they are refused. */
  signatureSecret: string | null;
  signatureMethod: VonageSignatureMethod;
}

/**
 * Vonage's status codes (https://developer.vonage.com/en/messaging/sms/guides/troubleshooting-sms):
 * 1 throttled, 5 internal error and 10 too many binds pass; every other one (bad number, barred,
 * no credit, bad credentials ...) needs a person, so retrying cannot help.
 */
const TRANSIENT = new Set(['1', '5', '10']);

interface VonageAnswer {
  messages?: { status?: string; 'message-id'?: string; 'error-text'?: string }[];
}

/**
 * Vonage SMS API (https://developer.vonage.com/en/api/sms): POST {base}/sms/json, form fields
 * api_key, api_secret, from, to (E.164 without the +), text, type=unicode when the text is not
 * GSM, client-ref = our message key (for their logs), callback = where to send the delivery
 * receipt (ours, when TOCSIN_PUBLIC_URL is set). A 200 answer lists one entry per part; all must
 * have status "0", and the first part's message-id is the provider ref.
 */
export function vonageSms(settings: VonageSettings, opts: { clock?: Clock; statusCallback?: string } = {}): SmsSender {
  const clock = opts.clock ?? systemClock;
  return {
    name: 'vonage',
    // Vonage's inbound webhook is accepted only signed (sms-replies-vonage.ts).
    takesReplies: settings.signatureSecret !== null,
    send: async ({ to, text, idempotencyKey, signal }) => {
      const form = new URLSearchParams({ api_key: settings.apiKey, api_secret: settings.apiSecret, from: settings.from, to: to.replace(/^\+/, ''), text });
      if (!isGsm(text)) form.set('type', 'unicode');
      form.set('client-ref', idempotencyKey.slice(0, 100));
      if (opts.statusCallback) form.set('callback', opts.statusCallback);
      const a = await request(`${settings.baseUrl}/sms/json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'tocsin-sms' },
        body: form.toString(),
        signal,
      });
      if (a.status < 200 || a.status >= 300) throw httpFailure('vonage', a, clock);
      const parts = (jsonOf(a.text) as VonageAnswer | null)?.messages;
      if (!Array.isArray(parts) || parts.length === 0) throw new ProviderError(`vonage: HTTP ${a.status} without messages (is TOCSIN_VONAGE_BASE_URL Vonage?)`, 'permanent', a.status);
      const bad = parts.find((p) => p.status !== '0');
      if (bad) {
        const status = String(bad.status);
        throw new ProviderError(`vonage: status ${status} ${bad['error-text'] ?? ''}`.trim(), TRANSIENT.has(status) ? 'transient' : 'permanent', a.status);
      }
      return parts[0]?.['message-id'];
    },
  };
}
