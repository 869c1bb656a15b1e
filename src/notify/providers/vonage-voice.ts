import type { Clock } from '../../core/clock.js';
import { newSecret } from '../../core/ids.js';
import type { Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import { applicationJwt } from '../vonage-jwt.js';
import type { NccoAction } from '../voice-ncco.js';
import type { VonageVoiceSettings } from '../voice-settings.js';
import { callProvider, callProviderShell, type CallProviderOptions } from '../voice-http.js';

/** Where Vonage fetches a call's instructions (NCCO) and posts its events: see voice-vonage-routes.ts. */
export const VONAGE_VOICE_PATH = '/notify/vonage/voice';

const bearer = (s: VonageVoiceSettings, clock: Clock) => ({ bearer: applicationJwt(s.applicationId, s.privateKey, Math.floor(clock.now().getTime() / 1000), newSecret(16)) });

/**
 * Places a call through Vonage's Voice API
 * (https://developer.vonage.com/en/api/voice#createCall): POST {base}/v1/calls, JSON, a JWT signed
 * with the application's private key. As with Twilio the call fetches its words from Tocsin by the
 * outbox message's id (answer_url), so nothing about the incident travels in the request; its
 * events (answered by a machine or a person, busy, unanswered ...) come to event_url, and machine
 * detection goes on with the call (`continue`) so that a voicemail can be told it did not
 * acknowledge. The provider ref is the call's uuid.
 */
export function createVonageVoiceProvider(opts: CallProviderOptions & { settings: VonageVoiceSettings; publicUrl: string }): Provider<ChannelPayload> {
  const { settings } = opts;
  const base = `${opts.publicUrl.replace(/\/+$/, '')}${VONAGE_VOICE_PATH}`;
  return callProviderShell(opts, async (message, to, { signal, clock }) => {
    const call = `${base}/${encodeURIComponent(message.id)}`;
    const json = {
      to: [{ type: 'phone', number: to.replace(/^\+/, '') }],
      from: { type: 'phone', number: settings.from },
      answer_url: [`${call}/answer`],
      answer_method: 'POST',
      event_url: [`${call}/event`],
      event_method: 'POST',
      machine_detection: 'continue',
    };
    const answer = await callProvider({ url: `${settings.baseUrl}/v1/calls`, auth: bearer(settings, clock), json, signal, clock });
    return { providerRef: typeof answer.json.uuid === 'string' ? answer.json.uuid : undefined, responseCode: answer.status };
  });
}

/**
 * Moves a live call to new words (https://developer.vonage.com/en/api/voice#updateCall): PUT
 * {base}/v1/calls/{uuid} with a `transfer` to an NCCO. Used once a call turns out to have reached
 * an answering machine, which then hears that its message does not acknowledge.
 */
export async function transferCall(settings: VonageVoiceSettings, uuid: string, ncco: NccoAction[], clock: Clock, timeoutMs: number): Promise<void> {
  await callProvider({
    method: 'PUT',
    url: `${settings.baseUrl}/v1/calls/${encodeURIComponent(uuid)}`,
    auth: bearer(settings, clock),
    json: { action: 'transfer', destination: { type: 'ncco', ncco } },
    signal: AbortSignal.timeout(timeoutMs),
    clock,
  });
}
