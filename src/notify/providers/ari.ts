import { systemClock, type Clock } from '../../core/clock.js';
import { ProviderError, type OutboxMessage, type Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import type { AriSettings } from '../voice-settings.js';
import { callProvider } from '../voice-http.js';

export interface AriProviderOptions {
  settings: AriSettings;
  timeoutMs?: number;
  concurrency?: number;
  clock?: Clock;
}

/**
 * Places a call through the operator's own Asterisk and SIP trunk with ARI's originate
 * (https://docs.asterisk.org/Latest_API/API_Documentation/Asterisk_REST_Interface/Channels_REST_API/#originate):
 * POST {url}/ari/channels?endpoint=PJSIP/<number>@<trunk>&app=<app>&callerId=...&appArgs=<message id>,
 * Basic auth. When the person answers, the channel enters the Stasis application with the message id
 * as its argument, and the call script (voice-call-script.ts) runs the conversation. The provider
 * ref is Asterisk's channel id.
 */
export function createAriProvider(opts: AriProviderOptions): Provider<ChannelPayload> {
  const { settings } = opts;
  const clock = opts.clock ?? systemClock;
  return {
    channel: 'voice',
    concurrency: opts.concurrency ?? 4,
    timeoutMs: opts.timeoutMs ?? 10_000,
    send: async (message: OutboxMessage<ChannelPayload>, { signal }) => {
      const to = message.payload.to;
      if (!/^\+[1-9]\d{6,14}$/.test(to)) throw new ProviderError(`not an E.164 phone number: ${to}`, 'permanent');
      const query = new URLSearchParams({ endpoint: `PJSIP/${to}@${settings.trunk}`, app: settings.app });
      if (settings.callerId) query.set('callerId', settings.callerId);
      query.set('appArgs', message.id);
      const url = `${settings.url}/ari/channels?${query.toString()}`;
      const { status, json } = await callProvider({ url, user: settings.user, password: settings.password, signal, clock });
      return { providerRef: typeof json.id === 'string' ? json.id : undefined, responseCode: status };
    },
  };
}
