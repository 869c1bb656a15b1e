import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, ValidationError } from '../core/errors.js';
import type { App, Kernel } from '../core/module.js';
import { sameSecret } from '../core/secrets.js';
import { isE164 } from './providers/number-routes.js';
import { pick, type GatewayInbound } from './providers/sms-gateway.js';
import { gatewaySettings } from './providers/sms-router-config.js';
import { outboxReplyLookup, type ReplyLookup } from './sms-replies-lookup.js';
import { answerReply, providerWebhook, recordReceipt, sendReplyAnswer } from './sms-replies.js';

// Replies through the operator's own SMS gateway: a phone running an SMS-gateway app, or a GSM
// modem behind Kannel or Gammu, set up to call Tocsin with each SMS it receives. Gateways differ
// in what they send, so where the sender and the text are is configured (dotted paths into a
// JSON body, or parameter names); a shared token, in the Authorization header or the URL,
// proves the request is the gateway's.

export const GATEWAY_REPLY_PATH = '/notify/sms-gateway/inbound';
export const GATEWAY_STATUS_PATH = '/notify/sms-gateway/status';

/** The gateway's token: `Authorization: Bearer <token>` or `?token=<token>` (for gateways that only fill in a URL). */
function verified(kernel: Kernel, req: FastifyRequest): GatewayInbound {
  const inbound = gatewaySettings(kernel.config.env)?.inbound;
  if (!inbound) throw new NotFoundError('SMS gateway inbound webhook (set TOCSIN_SMS_GATEWAY_INBOUND_TOKEN)');
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const query = (req.query as Record<string, unknown> | undefined)?.token;
  const given = header ?? (typeof query === 'string' ? query : '');
  if (!given || !sameSecret(given, inbound.token)) {
    req.log.warn('refused an SMS gateway webhook without its token');
    throw new ForbiddenError('the SMS gateway token is missing or wrong');
  }
  return inbound;
}

/** A sender as gateways write it: spaces, dashes and brackets dropped, the + kept or added. */
const e164 = (raw: string) => {
  const digits = raw.replace(/[\s()-]/g, '');
  const plus = `+${digits.replace(/^\+/, '')}`;
  return isE164(plus) ? plus : null;
};

/** GET|POST /notify/sms-gateway/inbound: one SMS the gateway received (nothing for the gateway to send back). */
export function registerGatewayReplyRoute(app: App, kernel: Kernel, lookup: ReplyLookup = outboxReplyLookup): void {
  providerWebhook(app, GATEWAY_REPLY_PATH, async (req, source) => {
    const inbound = verified(kernel, req);
    const rawFrom = pick(source, inbound.from);
    const text = pick(source, inbound.text);
    if (rawFrom === undefined) throw new ValidationError(`no sender at "${inbound.from}" (TOCSIN_SMS_GATEWAY_INBOUND_FROM)`, inbound.from);
    if (text === undefined) throw new ValidationError(`no text at "${inbound.text}" (TOCSIN_SMS_GATEWAY_INBOUND_TEXT)`, inbound.text);
    const from = e164(rawFrom);
    if (!from) throw new ValidationError(`the sender "${rawFrom.slice(0, 32)}" is not an international number (+ and country code); set the gateway to report senders in E.164`, inbound.from);
    const answer = await answerReply(kernel, lookup, from, text);
    // Without the gateway's id, the same text from the same phone within a minute is one reply.
    const id = (inbound.id && pick(source, inbound.id)) || createHash('sha256').update(`${from}\n${text}\n${Math.floor(kernel.clock.now().getTime() / 60_000)}`).digest('hex').slice(0, 24);
    await sendReplyAnswer(kernel, 'gateway', from, answer, id);
    req.log.info({ from, answer }, 'SMS reply (gateway)');
  });
}

/**
 * GET|POST /notify/sms-gateway/status: the gateway's delivery reports (an SMS-gateway app's
 * sms:delivered / sms:failed webhooks), by the states TOCSIN_SMS_GATEWAY_STATUS_* lists: a phone
 * with no signal or no credit is not a silent "sent".
 */
export function registerGatewayStatusRoute(app: App, kernel: Kernel): void {
  providerWebhook(app, GATEWAY_STATUS_PATH, async (req, source) => {
    const status = verified(kernel, req).status;
    if (!status) throw new NotFoundError('SMS gateway delivery reports (set TOCSIN_SMS_GATEWAY_STATUS_ID)');
    const id = pick(source, status.id);
    const state = pick(source, status.state);
    if (id === undefined) throw new ValidationError(`no message id at "${status.id}" (TOCSIN_SMS_GATEWAY_STATUS_ID)`, status.id);
    if (state === undefined) throw new ValidationError(`no state at "${status.state}" (TOCSIN_SMS_GATEWAY_STATUS_STATE)`, status.state);
    const outcome = status.delivered.includes(state) ? 'delivered' : status.failed.includes(state) ? 'failed' : 'other';
    const reason = status.reason ? pick(source, status.reason) : undefined;
    await recordReceipt(kernel, req, `gateway:${id}`, outcome, `gateway: ${state}${reason ? ` (${reason.slice(0, 200)})` : ''}`);
  });
}
