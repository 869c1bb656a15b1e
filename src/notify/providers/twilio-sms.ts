import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError, type ProviderStatus } from '../../core/outbox/index.js';
import type { TwilioSettings } from '../twilio-settings.js';
import { httpFailure, jsonOf, request, type HttpAnswer, type SmsSender, type SmsStatusQuery } from './sms-router-http.js';

export interface TwilioSmsOptions {
  /** Where Twilio reports delivery (our /notify/twilio/sms-status); none when Tocsin has no public URL. */
  statusCallback?: string;
  clock?: Clock;
}

/** The fields of Twilio's Message resource the status query reads. */
interface TwilioMessage {
  sid?: unknown;
  to?: unknown;
  from?: unknown;
  body?: unknown;
  status?: unknown;
  direction?: unknown;
  messaging_service_sid?: unknown;
  /** RFC 2822, GMT: `Mon, 05 Jan 2026 09:00:01 +0000`. */
  date_created?: unknown;
}

/**
 * How far Twilio's clock (date_created, whole seconds) may be behind ours. Small on purpose: the
 * same text to the same number a little earlier (a page repeated by the next round) must not
 * pass for this one; a clock further off makes the question answer `unknown`, which sends again.
 */
export const TWILIO_CLOCK_SKEW_MS = 5_000;
/** Messages of one list page: the list is newest first, and ours was sent moments ago. */
export const TWILIO_STATUS_PAGE_SIZE = 50;

/**
 * Twilio's status of a message as the outbox's answer. queued/sending/sent (and accepted,
 * scheduled) are taken; delivered/read reached the phone. failed/undelivered/canceled never
 * reached the person: `unknown`, so the outbox sends it again (a retry, not a duplicate).
 */
export function twilioState(status: unknown): ProviderStatus['state'] {
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'queued' || status === 'sending' || status === 'sent' || status === 'accepted' || status === 'scheduled') return 'accepted';
  return 'unknown';
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Twilio's Programmable Messaging REST API
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth SID:token, form fields
 * To, From (or MessagingServiceSid for an MG... sender), Body, StatusCallback. 201 answers the
 * message whose `sid` (SM...) is the provider ref; errors answer `{ code, message }` (21211: the
 * To number is invalid). 429 and 5xx are worth retrying; any other 4xx is not.
 *
 * `status` (the outbox asks it after an attempt that got no answer; Twilio takes no idempotency
 * key): with a sid, GET .../Messages/{sid}.json; without one, the list
 * GET .../Messages.json?To=&From=&DateSent>=YYYY-MM-DD&PageSize=50 (Basic auth as for sending;
 * https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources),
 * where ours is the outbound message to the same number with exactly our Body, from our number
 * (or Messaging Service), created no earlier than the first attempt minus TWILIO_CLOCK_SKEW_MS.
 */
export function twilioSms(settings: TwilioSettings, opts: TwilioSmsOptions = {}): SmsSender {
  const clock = opts.clock ?? systemClock;
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  const sender = settings.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';
  const reading = { authorization: auth, accept: 'application/json', 'user-agent': 'tocsin-sms' };
  const read = async (href: string, signal: AbortSignal): Promise<HttpAnswer | null> => {
    const a = await request(href, { method: 'GET', headers: reading, signal });
    if (a.status === 404) return null;
    if (a.status < 200 || a.status >= 300) throw httpFailure('twilio', a, clock);
    return a;
  };
  const ours = (m: TwilioMessage, q: SmsStatusQuery): boolean =>
    m.to === q.to &&
    m.body === q.text &&
    (sender === 'From' ? m.from === settings.from : m.messaging_service_sid === settings.from) &&
    (typeof m.direction !== 'string' || m.direction.startsWith('outbound')) &&
    typeof m.date_created === 'string' &&
    Date.parse(m.date_created) >= q.since - TWILIO_CLOCK_SKEW_MS;
  const answer = (m: TwilioMessage): ProviderStatus => {
    const state = twilioState(m.status);
    return state === 'unknown' ? { state } : { state, providerRef: String(m.sid) };
  };
  return {
    name: 'twilio',
    takesReplies: true,
    send: async ({ to, text, signal }) => {
      const form = new URLSearchParams({ To: to, [sender]: settings.from, Body: text });
      if (opts.statusCallback) form.set('StatusCallback', opts.statusCallback);
      const a = await request(url, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': 'tocsin-sms' },
        body: form.toString(),
        signal,
      });
      const body = jsonOf(a.text) as { sid?: unknown; code?: unknown; message?: unknown } | null;
      if (a.status >= 200 && a.status < 300) {
        if (typeof body?.sid !== 'string') throw new ProviderError(`twilio: HTTP ${a.status} without a message sid (is TOCSIN_TWILIO_BASE_URL Twilio?)`, 'permanent', a.status);
        return body.sid;
      }
      const detail = body && (body.code !== undefined || body.message !== undefined) ? `${String(body.code ?? '')} ${String(body.message ?? '')}`.trim() : undefined;
      throw httpFailure('twilio', a, clock, detail);
    },
    status: async (q) => {
      if (q.ref) {
        const a = await read(`${url.slice(0, -'.json'.length)}/${encodeURIComponent(q.ref)}.json`, q.signal);
        const m = a && (jsonOf(a.text) as TwilioMessage | null);
        return m && typeof m.sid === 'string' ? answer(m) : { state: 'unknown' };
      }
      const query = new URLSearchParams({ To: q.to, ...(sender === 'From' ? { From: settings.from } : {}), 'DateSent>': dayOf(q.since - TWILIO_CLOCK_SKEW_MS), PageSize: String(TWILIO_STATUS_PAGE_SIZE) });
      const a = await read(`${url}?${query.toString()}`, q.signal);
      const list = a && (jsonOf(a.text) as { messages?: unknown } | null);
      if (!list || !Array.isArray(list.messages)) throw new ProviderError('twilio: the message list answered without `messages`', 'transient', a?.status);
      // Taken beats failed: a copy that reached the phone settles it whatever else is listed.
      const found = (list.messages as TwilioMessage[]).filter((m) => ours(m, q)).map(answer);
      return found.find((f) => f.state === 'delivered') ?? found.find((f) => f.state === 'accepted') ?? { state: 'unknown' };
    },
  };
}
