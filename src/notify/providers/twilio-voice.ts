import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import type { TwilioSettings } from '../twilio-settings.js';
import { callProvider } from '../voice-http.js';

/** Where Twilio fetches a call's instructions (TwiML) and posts its status: see voice-routes.ts. */
export const TWILIO_VOICE_PATH = '/notify/twilio/voice';

export interface TwilioVoiceOptions {
  settings: TwilioSettings;
  /** TOCSIN_PUBLIC_URL: Twilio must reach it. */
  publicUrl: string;
  timeoutMs?: number;
  concurrency?: number;
  clock?: Clock;
}

/**
 * Places a call through Twilio's Calls API
 * (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource): POST
 * {base}/2010-04-01/Accounts/{Sid}/Calls.json, form-encoded, Basic auth (SID, auth token). The
 * call fetches its TwiML from Tocsin by the outbox message's id, so nothing about the incident
 * travels in the request, and answering machines are detected (MachineDetection=Enable): a
 * voicemail is told about the page but cannot acknowledge it. The provider ref is the call SID.
 */
export function createTwilioVoiceProvider(opts: TwilioVoiceOptions): Provider<ChannelPayload> {
  const { settings } = opts;
  const clock = opts.clock ?? systemClock;
  const base = `${opts.publicUrl.replace(/\/+$/, '')}${TWILIO_VOICE_PATH}`;
  return {
    channel: 'voice',
    concurrency: opts.concurrency ?? 4,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message: OutboxMessage<ChannelPayload>, { signal }) => {
      const to = message.payload.to;
      if (!/^\+[1-9]\d{6,14}$/.test(to)) throw new ProviderError(`not an E.164 phone number: ${to}`, 'permanent');
      const call = `${base}/${encodeURIComponent(message.id)}`;
      const form = new URLSearchParams({
        To: to,
        From: settings.from,
        Url: call,
        Method: 'POST',
        StatusCallback: `${call}/status`,
        StatusCallbackMethod: 'POST',
        MachineDetection: 'Enable',
      });
      const url = `${settings.baseUrl}/2010-04-01/Accounts/${settings.accountSid}/Calls.json`;
      const { status, json } = await callProvider({ url, user: settings.accountSid, password: settings.authToken, form, signal, clock });
      return { providerRef: typeof json.sid === 'string' ? json.sid : undefined, responseCode: status };
    },
  };
}
