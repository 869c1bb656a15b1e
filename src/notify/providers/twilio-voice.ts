import type { Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import type { TwilioSettings } from '../twilio-settings.js';
import { callProvider, callProviderShell, type CallProviderOptions } from '../voice-http.js';

/** Where Twilio fetches a call's instructions (TwiML) and posts its status: see voice-twilio-routes.ts. */
export const TWILIO_VOICE_PATH = '/notify/twilio/voice';

/**
 * Places a call through Twilio's Calls API
 * (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource): POST
 * {base}/2010-04-01/Accounts/{Sid}/Calls.json, form-encoded, Basic auth (SID, auth token). The
 * call fetches its TwiML from Tocsin by the outbox message's id, so nothing about the incident
 * travels in the request, and answering machines are detected (MachineDetection=Enable): a
 * voicemail is told about the page but cannot acknowledge it. The provider ref is the call SID.
 * `publicUrl` is TOCSIN_PUBLIC_URL, which Twilio must reach.
 */
export function createTwilioVoiceProvider(opts: CallProviderOptions & { settings: TwilioSettings; publicUrl: string }): Provider<ChannelPayload> {
  const { settings } = opts;
  const base = `${opts.publicUrl.replace(/\/+$/, '')}${TWILIO_VOICE_PATH}`;
  return callProviderShell(opts, async (message, to, { signal, clock }) => {
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
    const { status, json } = await callProvider({ url, auth: { user: settings.accountSid, password: settings.authToken }, form, signal, clock });
    return { providerRef: typeof json.sid === 'string' ? json.sid : undefined, responseCode: status };
  });
}
