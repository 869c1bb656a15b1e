import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { makeCtx, systemActor } from '../core/context.js';
import { inTransaction } from '../core/events.js';
import { newId } from '../core/ids.js';
import { markDelivered, markUndelivered, sendLater } from '../core/outbox/index.js';
import type { ChannelPayload } from './content.js';
import { isE164 } from './providers/number-routes.js';
import { actOnPage } from './actions.js';
import { outboxReplyLookup, type ReplyLookup } from './sms-replies-lookup.js';
import { HELP_TEXT, outcomeText, parseSmsReply, TWIML_EMPTY, twimlMessage, unknownCodeText } from './sms-replies-model.js';
import { twilioSettings } from './twilio-settings.js';
import { validTwilioSignature } from './twilio-signature.js';

// Twilio's webhooks for the SMS channel: inbound replies ("ACK 4821") and delivery reports. Both
// are public; each request must carry Twilio's signature of our public URL and its parameters.

export const SMS_REPLY_PATH = '/notify/twilio/sms';
export const SMS_STATUS_PATH = '/notify/twilio/sms-status';

const FORM = 'application/x-www-form-urlencoded';
type Params = Record<string, string | string[]>;

function parseForm(body: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const one = (p: Params, name: string): string => {
  const v = p[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** A scope that reads form-encoded posts (Twilio's, Vonage's), whatever parsers the rest of the app has. */
function formScope(app: App, routes: (scope: App) => void): void {
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, parseForm(String(body))));
    routes(scope as unknown as App);
  });
}

/** The request's parameters once its X-Twilio-Signature is Twilio's for our public URL; 403 otherwise. */
function verified(kernel: Kernel, req: FastifyRequest): Params {
  const twilio = twilioSettings(kernel.config.env);
  if (!twilio) throw new NotFoundError('Twilio account (set TOCSIN_TWILIO_*)');
  const params = req.body && typeof req.body === 'object' ? (req.body as Params) : {};
  const header = req.headers['x-twilio-signature'];
  const url = `${kernel.config.publicUrl}${req.url}`;
  if (!validTwilioSignature(twilio.authToken, typeof header === 'string' ? header : undefined, url, params)) {
    req.log.warn({ url }, 'refused a Twilio callback whose signature does not match (TOCSIN_PUBLIC_URL must be the URL Twilio calls)');
    throw new ForbiddenError('X-Twilio-Signature does not match this request');
  }
  return params;
}

/** What the person reads back: the outcome, or why nothing happened (Twilio and Vonage replies alike). */
export async function answerReply(kernel: Kernel, lookup: ReplyLookup, from: string, body: string): Promise<string> {
  const reply = parseSmsReply(body);
  if (!reply) return HELP_TEXT;
  const found = await lookup.find(kernel, from, reply.code);
  if (!found) return unknownCodeText(reply);
  try {
    const r = await actOnPage(kernel, { userId: found.userId, incident: found.incidentId, action: reply.action, via: 'sms' });
    return outcomeText(reply.action, r.outcome, r.incident);
  } catch (err) {
    if (err instanceof ForbiddenError) return 'Tocsin: your account cannot act on incidents.';
    if (err instanceof NotFoundError) return unknownCodeText(reply);
    throw err;
  }
}

/** How often a phone whose texts are not replies hears the format again. */
export const HELP_EVERY_MS = 10 * 60_000;

/**
 * The answer to a reply as an SMS of its own, for providers that take none in the webhook's
 * response (Vonage, gateways; Twilio's format explanations): through the provider the reply came by first, keyed by its
 * message id, so a webhook delivered twice answers once. The format's explanation goes to a phone
 * at most once in HELP_EVERY_MS: an auto-reply ("I'm driving") or another bot answering it must
 * not start a loop of texts, each one paid for.
 */
export async function sendReplyAnswer(kernel: Kernel, provider: string, to: string, text: string, messageKey: string): Promise<void> {
  const ctx = makeCtx(kernel, systemActor('sms-replies'), newId('req'), kernel.log);
  const payload: ChannelPayload = { to, details: { provider }, content: { kind: 'notice', subject: 'Tocsin', text } };
  const key = text === HELP_TEXT ? `help:${to}:${Math.floor(kernel.clock.now().getTime() / HELP_EVERY_MS)}` : messageKey;
  await inTransaction(ctx, (t) => sendLater(t, { channel: 'sms', key: `sms-reply:${provider}:${key}`, payload, maxAttempts: 5 }));
}

const hidden = { schema: { hide: true }, config: { public: true } } as const;

/**
 * A provider's webhook at `path`, by GET or POST (form or JSON), as providers' dashboards offer
 * either: `handle` gets the query or the body, and the answer is 204 once it is done (Vonage and
 * gateways take nothing back in it).
 */
export function providerWebhook(app: App, path: string, handle: (req: FastifyRequest, source: unknown) => Promise<void>): void {
  formScope(app, (scope) =>
    scope.route({
      method: ['GET', 'POST'],
      url: path,
      ...hidden,
      handler: async (req, reply) => {
        await handle(req, req.method === 'GET' ? req.query : req.body);
        return reply.code(204).send();
      },
    }),
  );
}

/**
 * A provider's delivery report on an SMS page it took (ref `<provider>:<its id>`): delivered
 * settles the page; failed moves it from sent to failed with the provider's reason, so paging
 * reports it and tries the person's next method. Any other state changes nothing.
 */
export async function recordReceipt(kernel: Kernel, req: FastifyRequest, providerRef: string, outcome: 'delivered' | 'failed' | 'other', reason: string): Promise<void> {
  const now = kernel.clock.now().getTime();
  if (outcome === 'delivered') await markDelivered(kernel.db.kysely, { providerRef }, now);
  else if (outcome === 'failed') {
    req.log.warn({ providerRef, reason }, 'a provider could not deliver an SMS page');
    await markUndelivered(kernel.db.kysely, { providerRef }, reason, now);
  }
}

/** POST /notify/twilio/sms: Twilio's inbound-message webhook; answers TwiML with one reply message. */
export function registerSmsReplyRoute(app: App, kernel: Kernel, lookup: ReplyLookup = outboxReplyLookup): void {
  formScope(app, (scope) =>
    scope.post(SMS_REPLY_PATH, hidden, async (req, reply) => {
      const params = verified(kernel, req);
      const from = one(params, 'From');
      const text = await answerReply(kernel, lookup, from, one(params, 'Body'));
      req.log.info({ from, answer: text }, 'SMS reply');
      // The format's explanation goes out as Vonage's and gateways' do, at most once in ten
      // minutes per phone; an answer in the response would go to every auto-reply, every time.
      if (text === HELP_TEXT) {
        if (isE164(from)) await sendReplyAnswer(kernel, 'twilio', from, text, one(params, 'MessageSid'));
        return reply.code(200).type('text/xml; charset=utf-8').send(TWIML_EMPTY);
      }
      return reply.code(200).type('text/xml; charset=utf-8').send(twimlMessage(text));
    }),
  );
}

/**
 * POST /notify/twilio/sms-status: Twilio's delivery reports. `delivered` settles the outbox
 * message (the router's ref is `twilio:<sid>`); `failed`/`undelivered` after acceptance fails it
 * (a failure receipt), so paging reports it and tries the person's next way of being reached.
 */
export function registerSmsStatusRoute(app: App, kernel: Kernel): void {
  formScope(app, (scope) =>
    scope.post(SMS_STATUS_PATH, hidden, async (req, reply) => {
      const params = verified(kernel, req);
      const sid = one(params, 'MessageSid') || one(params, 'SmsSid');
      const status = one(params, 'MessageStatus') || one(params, 'SmsStatus');
      const code = one(params, 'ErrorCode');
      const outcome = status === 'delivered' ? 'delivered' : status === 'failed' || status === 'undelivered' ? 'failed' : 'other';
      if (sid) await recordReceipt(kernel, req, `twilio:${sid}`, outcome, `Twilio: ${status}${code ? ` (error ${code})` : ''}`);
      return reply.code(204).send();
    }),
  );
}
