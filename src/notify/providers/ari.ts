import type { Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import type { AriSettings } from '../voice-settings.js';
import { callProvider, callProviderShell, type CallProviderOptions } from '../voice-http.js';

/**
 * Places a call through the operator's own Asterisk and SIP trunk with ARI's originate
 * (https://docs.asterisk.org/Latest_API/API_Documentation/Asterisk_REST_Interface/Channels_REST_API/#originate):
 * POST {url}/ari/channels?endpoint=PJSIP/<number>@<trunk>&app=<app>&callerId=...&appArgs=<message id>,
 * Basic auth. When the person answers, the channel enters the Stasis application with the message id
 * as its argument, and the call script (voice-call-script.ts) runs the conversation. The provider
 * ref is Asterisk's channel id.
 */
export function createAriProvider(opts: CallProviderOptions & { settings: AriSettings }): Provider<ChannelPayload> {
  const { settings } = opts;
  return callProviderShell(opts, async (message, to, { signal, clock }) => {
    const query = new URLSearchParams({ endpoint: `PJSIP/${to}@${settings.trunk}`, app: settings.app });
    if (settings.callerId) query.set('callerId', settings.callerId);
    query.set('appArgs', message.id);
    const url = `${settings.url}/ari/channels?${query.toString()}`;
    const { status, json } = await callProvider({ url, auth: { user: settings.user, password: settings.password }, signal, clock });
    return { providerRef: typeof json.id === 'string' ? json.id : undefined, responseCode: status };
  });
}
