import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { isE164 } from './providers/number-routes.js';
import { vonageSettings } from './providers/sms-router-config.js';
import { outboxReplyLookup, type ReplyLookup } from './sms-replies-lookup.js';
import { answerReply, providerWebhook, recordReceipt, sendReplyAnswer } from './sms-replies.js';
import { vonageSmsSignatureProblem } from './vonage-sms-signature.js';

// Vonage's SMS API webhooks: inbound replies ("ACK 4821" to a Vonage number) and delivery
// receipts. Vonage calls them with GET, POST or POST-JSON, as its dashboard is set; each must
// carry the account's signature (`sig`), so forgeries change nothing. Unlike Twilio, Vonage takes
// no answer in the response: what the person reads back is an SMS of its own, through the outbox.

export const VONAGE_SMS_REPLY_PATH = '/notify/vonage/sms';
export const VONAGE_SMS_STATUS_PATH = '/notify/vonage/sms-status';

/** A reply signed longer ago than this is not acted on: a code may by now name a newer page. */
export const LATE_REPLY_MS = 15 * 60_000;
const FAILED = new Set(['failed', 'rejected', 'expired']);

/** The webhook's parameters as strings, from the query (GET) or the body (form or JSON). */
function paramsOf(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!source || typeof source !== 'object' || Array.isArray(source)) return out;
  for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one !== null && one !== undefined) out[k] = typeof one === 'object' ? JSON.stringify(one) : String(one as string | number | boolean);
  }
  return out;
}

/** The request's parameters once their `sig` is the account's; 403 otherwise, 404 without Vonage. */
function verified(kernel: Kernel, req: FastifyRequest, source: unknown): Record<string, string> {
  const vonage = vonageSettings(kernel.config.env);
  if (!vonage) throw new NotFoundError('Vonage account (set TOCSIN_VONAGE_API_KEY, _API_SECRET and _FROM)');
  const params = paramsOf(source);
  if (!vonage.signatureSecret) {
    req.log.warn('refused a Vonage SMS webhook: set TOCSIN_VONAGE_SIGNATURE_SECRET to accept them (docs/notify-sms.md)');
    throw new ForbiddenError('Vonage SMS webhooks are accepted only signed: TOCSIN_VONAGE_SIGNATURE_SECRET is not set');
  }
  const problem =
    vonageSmsSignatureProblem(params, vonage.signatureSecret, vonage.signatureMethod) ??
    (params['api-key'] !== undefined && params['api-key'] !== vonage.apiKey ? "api-key is not this account's" : null);
  if (problem) {
    req.log.warn({ problem }, 'refused a Vonage SMS webhook whose signature does not hold');
    throw new ForbiddenError(`Vonage signature: ${problem}`);
  }
  return params;
}

/** GET|POST /notify/vonage/sms: an inbound message to a Vonage number. */
export function registerVonageSmsReplyRoute(app: App, kernel: Kernel, lookup: ReplyLookup = outboxReplyLookup): void {
  providerWebhook(app, VONAGE_SMS_REPLY_PATH, async (req, source) => {
    const p = verified(kernel, req, source);
    const from = `+${(p.msisdn ?? '').replace(/^\+/, '')}`;
    // A reply to a page is one part; the later parts of a long text are not replies.
    const laterPart = p.concat === 'true' && p['concat-part'] !== '1';
    if (!isE164(from) || laterPart) return;
    const late = Math.abs(kernel.clock.now().getTime() - Number(p.timestamp) * 1000) > LATE_REPLY_MS;
    const text = late
      ? 'Tocsin: your reply reached us more than 15 minutes after it was sent, so it did nothing. Reply again or use the app.'
      : await answerReply(kernel, lookup, from, p.text ?? '');
    await sendReplyAnswer(kernel, 'vonage', from, text, p.messageId || `${from}:${p.timestamp}`);
    req.log.info({ from, late, answer: text }, 'SMS reply (Vonage)');
  });
}

/**
 * GET|POST /notify/vonage/sms-status: delivery receipts (the router's ref is
 * `vonage:<message-id>`): `delivered` settles the page; `failed`, `rejected` or `expired` after
 * Vonage accepted it fails it.
 */
export function registerVonageSmsStatusRoute(app: App, kernel: Kernel): void {
  providerWebhook(app, VONAGE_SMS_STATUS_PATH, async (req, source) => {
    const p = verified(kernel, req, source);
    if (!p.messageId) return;
    const outcome = p.status === 'delivered' ? 'delivered' : FAILED.has(p.status ?? '') ? 'failed' : 'other';
    const code = p['err-code'] && p['err-code'] !== '0' ? ` (error ${p['err-code']})` : '';
    await recordReceipt(kernel, req, `vonage:${p.messageId}`, outcome, `Vonage: ${p.status}${code}`);
  });
}
