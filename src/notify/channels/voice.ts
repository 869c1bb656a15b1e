import type { Kernel } from '../../core/module.js';
import type { Provider } from '../../core/outbox/index.js';
import type { ChannelPayload } from '../content.js';
import { createAriProvider } from '../providers/ari.js';
import { messageOrder } from '../providers/number-routes.js';
import { createTwilioVoiceProvider } from '../providers/twilio-voice.js';
import { createVonageVoiceProvider } from '../providers/vonage-voice.js';
import { createAriSession } from '../voice-ari-session.js';
import { failoverProvider, type NamedProvider } from '../voice-failover.js';
import { voiceSettings, type VoiceSettings } from '../voice-settings.js';
import { twilioVoiceRoutes } from '../voice-twilio-routes.js';
import { vonageVoiceRoutes } from '../voice-vonage-routes.js';
import { hostOf, publicUrlSet, routeLines } from './setup.js';
import type { ChannelPlugin, ChannelSetup } from './types.js';
import { unconfiguredProvider } from './unconfigured.js';

/** The providers of TOCSIN_VOICE_PROVIDERS, in order, each with the configured timeout. */
function chain(kernel: Kernel, s: VoiceSettings): NamedProvider<ChannelPayload>[] {
  const common = { timeoutMs: s.timeoutMs, clock: kernel.clock };
  const publicUrl = kernel.config.publicUrl;
  const make = {
    twilio: () => createTwilioVoiceProvider({ settings: s.twilio!, publicUrl, ...common }),
    vonage: () => createVonageVoiceProvider({ settings: s.vonage!, publicUrl, ...common }),
    ari: () => createAriProvider({ settings: s.ari!, ...common }),
  };
  return s.order.map((name) => ({ name, provider: make[name]() }));
}

const HOW_TO = 'set TOCSIN_TWILIO_ACCOUNT_SID, _AUTH_TOKEN and _FROM, TOCSIN_VONAGE_APPLICATION_ID, _PRIVATE_KEY and _SIGNATURE_SECRET, or TOCSIN_ARI_URL, _USER, _PASSWORD and _TRUNK (docs/notify-voice.md)';

/** Who places calls, in order; Twilio and Vonage fetch each call's words from Tocsin, so they need the public URL. */
function voiceSetup(kernel: Kernel): ChannelSetup {
  const s = voiceSettings(kernel.config.env);
  if (s.order.length === 0) return { providers: [], routes: [], callbacks: [], notes: [HOW_TO] };
  const describe = {
    twilio: () => `twilio, from ${s.twilio!.from}`,
    vonage: () => `vonage, application ${s.vonage!.applicationId}, from +${s.vonage!.from}`,
    ari: () => `asterisk (ARI) at ${hostOf(s.ari!.url)}, trunk ${s.ari!.trunk}`,
  };
  const fetching = s.order.filter((n) => n !== 'ari');
  const notes = fetching.length && !publicUrlSet(kernel) ? [`TOCSIN_PUBLIC_URL is not set: ${fetching.join(' and ')} ${fetching.length > 1 ? 'fetch' : 'fetches'} what each call says from Tocsin, so calls through ${fetching.length > 1 ? 'them' : 'it'} cannot work until it is`] : [];
  return { providers: s.order.map((n) => describe[n]()), testable: [...s.order], routes: routeLines(s.routes), callbacks: [], notes };
}

/**
 * Voice pages: a call that says the summary and takes a key press (4 acknowledges, 6 resolves),
 * through Twilio, Vonage and/or the operator's Asterisk (ARI), failing over in TOCSIN_VOICE_PROVIDERS order.
 */
export const voiceChannel: ChannelPlugin = {
  channel: 'voice',
  providers: (kernel): Provider<ChannelPayload>[] => {
    const s = voiceSettings(kernel.config.env);
    const c = chain(kernel, s);
    if (c.length === 0) return [unconfiguredProvider('voice', HOW_TO)];
    return [failoverProvider('voice', c, (m) => messageOrder(m.payload.to, m.payload.details, s.order, s.routes))];
  },
  configured: (kernel) => voiceSettings(kernel.config.env).order.length > 0,
  setup: voiceSetup,
  public: [twilioVoiceRoutes, vonageVoiceRoutes],
  workers: (kernel) => {
    const s = voiceSettings(kernel.config.env);
    return s.ari && s.order.includes('ari') ? [createAriSession(kernel, s.ari)] : [];
  },
};
