import { ValidationError } from '../core/errors.js';
import { twilioSettings, type TwilioSettings } from './twilio-settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The operator's own Asterisk, reached through its REST interface (ARI) and a SIP trunk. */
export interface AriSettings {
  /** http(s)://asterisk:8088, without /ari. */
  url: string;
  user: string;
  password: string;
  /** The PJSIP endpoint calls go out through: PJSIP/<number>@<trunk>. */
  trunk: string;
  /** The Stasis application that gets the answered call. */
  app: string;
  callerId: string | null;
  /** A text-to-speech URL with {text}, played as `sound:<url>`; without it, recorded prompts. */
  ttsUrl: string | null;
  /** Recorded prompts without TTS: `<prefix>page`, `<prefix>menu` ... (docs/notify-voice.md). */
  soundPrefix: string;
}

export type VoiceProviderName = 'twilio' | 'ari';

export interface VoiceSettings {
  /** Tried in this order; the next one when one fails. Empty: voice is not configured. */
  order: VoiceProviderName[];
  twilio: TwilioSettings | null;
  ari: AriSettings | null;
  /** Per provider request (connection included). */
  timeoutMs: number;
}

const refuse = (name: string, why: string) => new ValidationError(`${name} ${why}`, name);

/** Reads TOCSIN_ARI_*; null when none is set; a half-configured Asterisk is refused by name. */
export function ariSettings(env: Env): AriSettings | null {
  const v = (name: string) => env[name]?.trim() || undefined;
  const [url, user, password, trunk] = [v('TOCSIN_ARI_URL'), v('TOCSIN_ARI_USER'), v('TOCSIN_ARI_PASSWORD'), v('TOCSIN_ARI_TRUNK')];
  if (!url && !user && !password && !trunk) return null;
  if (!url || !/^https?:\/\/[^/]+/.test(url)) throw refuse('TOCSIN_ARI_URL', 'must be the http(s) URL of Asterisk\'s HTTP server, e.g. http://pbx:8088');
  if (!user) throw refuse('TOCSIN_ARI_USER', 'must be set with TOCSIN_ARI_URL (a user of ari.conf)');
  if (!password) throw refuse('TOCSIN_ARI_PASSWORD', 'must be set with TOCSIN_ARI_URL');
  if (!trunk || !/^[\w.-]+$/.test(trunk)) throw refuse('TOCSIN_ARI_TRUNK', 'must name the PJSIP endpoint of the SIP trunk (letters, digits, . _ -)');
  const app = v('TOCSIN_ARI_APP') ?? 'tocsin';
  if (!/^[\w.-]+$/.test(app)) throw refuse('TOCSIN_ARI_APP', 'must be a Stasis application name (letters, digits, . _ -)');
  const ttsUrl = v('TOCSIN_ARI_TTS_URL') ?? null;
  if (ttsUrl && (!/^https?:\/\//.test(ttsUrl) || !ttsUrl.includes('{text}'))) throw refuse('TOCSIN_ARI_TTS_URL', 'must be an http(s) URL containing {text}');
  return {
    url: url.replace(/\/+$/, '').replace(/\/ari$/, ''),
    user,
    password,
    trunk,
    app,
    callerId: v('TOCSIN_ARI_CALLER_ID') ?? null,
    ttsUrl,
    soundPrefix: v('TOCSIN_ARI_SOUND_PREFIX') ?? 'sound:tocsin-',
  };
}

function timeout(env: Env): number {
  const raw = env.TOCSIN_VOICE_TIMEOUT_MS?.trim();
  if (!raw) return 10_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 120_000) throw refuse('TOCSIN_VOICE_TIMEOUT_MS', `must be a whole number of milliseconds from 100 to 120000, got "${raw}"`);
  return n;
}

/**
 * TOCSIN_VOICE_PROVIDERS="twilio,ari" says which providers place calls and in which order. Left
 * unset, every configured one is used, Twilio first. Naming one that is not configured is refused:
 * an operator who asked for a failover must get one, not find out at 3 AM.
 */
export function voiceSettings(env: Env): VoiceSettings {
  const twilio = twilioSettings(env);
  const ari = ariSettings(env);
  const raw = env.TOCSIN_VOICE_PROVIDERS?.trim();
  const configured: Record<VoiceProviderName, boolean> = { twilio: twilio !== null, ari: ari !== null };
  let order: VoiceProviderName[];
  if (!raw) order = (['twilio', 'ari'] as const).filter((n) => configured[n]);
  else {
    const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    for (const n of names) {
      if (n !== 'twilio' && n !== 'ari') throw refuse('TOCSIN_VOICE_PROVIDERS', `names "${n}": use twilio and/or ari, comma-separated`);
      if (!configured[n]) throw refuse('TOCSIN_VOICE_PROVIDERS', `names ${n}, which is not configured (${n === 'twilio' ? 'TOCSIN_TWILIO_*' : 'TOCSIN_ARI_*'})`);
    }
    order = [...new Set(names as VoiceProviderName[])];
  }
  return { order, twilio, ari, timeoutMs: timeout(env) };
}
