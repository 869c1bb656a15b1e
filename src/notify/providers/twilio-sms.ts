import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError } from '../../core/outbox/index.js';
import type { TwilioSettings } from '../twilio-settings.js';
import { httpFailure, jsonOf, request, type SmsSender } from './sms-router-http.js';

export interface TwilioSmsOptions {
  /** Where Twilio reports delivery (our /notify/twilio/sms-status); none when Tocsin has no public URL. */
  statusCallback?: string;
  clock?: Clock;
}

/**
 * Twilio's Programmable Messaging REST API
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, Basic auth SID:token, form fields
 * To, From (or MessagingServiceSid for an MG... sender), Body, StatusCallback. 201 answers the
 * message whose `sid` (SM...) is the provider ref; errors answer `{ code, message }` (21211: the
 * To number is invalid). 429 and 5xx are worth retrying; any other 4xx is not.
 */
export function twilioSms(settings: TwilioSettings, opts: TwilioSmsOptions = {}): SmsSender {
  const clock = opts.clock ?? systemClock;
  const url = `${settings.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  const sender = settings.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';
  return {
    name: 'twilio',
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
  };
}
