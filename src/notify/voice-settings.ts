import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ValidationError } from '../core/errors.js';
import { parseNumberRoutes, type NumberRoute } from './providers/number-routes.js';
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

/** A Vonage Voice API application: calls are placed with its key, its callbacks are signed with the account's secret. */
export interface VonageVoiceSettings {
  applicationId: string;
  /** The application's private key (RS256), which signs each request's JWT. */
  privateKey: KeyObject;
  /** The account's signature secret: Vonage signs every callback's JWT with it (HS256). */
  signatureSecret: string;
  /** The calling number, digits only (E.164 without the +). */
  from: string;
  /** https://api.nexmo.com unless a test or a proxy says otherwise. */
  baseUrl: string;
}

export type VoiceProviderName = 'twilio' | 'vonage' | 'ari';
const PROVIDERS: readonly VoiceProviderName[] = ['twilio', 'vonage', 'ari'];
const VARIABLES: Record<VoiceProviderName, string> = { twilio: 'TOCSIN_TWILIO_*', vonage: 'TOCSIN_VONAGE_APPLICATION_ID, _PRIVATE_KEY and _SIGNATURE_SECRET', ari: 'TOCSIN_ARI_*' };

export interface VoiceSettings {
  /** Tried in this order; the next one when one fails. Empty: voice is not configured. */
  order: VoiceProviderName[];
  /** TOCSIN_VOICE_ROUTES: numbers with these prefixes go to this provider first. */
  routes: NumberRoute[];
  twilio: TwilioSettings | null;
  vonage: VonageVoiceSettings | null;
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

/** The key itself (PEM, `\\n` for line breaks in a one-line variable) or the path of the file Vonage gave. */
function privateKey(raw: string): KeyObject {
  const name = 'TOCSIN_VONAGE_PRIVATE_KEY';
  let pem = raw.replace(/\\n/g, '\n');
  if (!pem.startsWith('-----BEGIN')) {
    try {
      pem = readFileSync(raw, 'utf8');
    } catch (err) {
      throw refuse(name, `must be the application's private key (PEM) or the path of its file; could not read ${raw}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
    return key;
  } catch (err) {
    throw refuse(name, `is not an RSA private key in PEM form (the private.key of the Vonage application): ${(err as Error).message}`);
  }
}

/** Reads TOCSIN_VONAGE_APPLICATION_ID and the rest of the Voice API's settings; null when no application is set. */
export function vonageVoiceSettings(env: Env): VonageVoiceSettings | null {
  const v = (name: string) => env[name]?.trim() || undefined;
  const applicationId = v('TOCSIN_VONAGE_APPLICATION_ID');
  const [key, secret] = [v('TOCSIN_VONAGE_PRIVATE_KEY'), v('TOCSIN_VONAGE_SIGNATURE_SECRET')];
  if (!applicationId && !key) return null;
  if (!applicationId || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(applicationId)) throw refuse('TOCSIN_VONAGE_APPLICATION_ID', 'must be the id of a Vonage application with Voice enabled (a UUID)');
  if (!key) throw refuse('TOCSIN_VONAGE_PRIVATE_KEY', 'must be set with TOCSIN_VONAGE_APPLICATION_ID (the application\'s private key, or the path of its file)');
  // Without it a forged callback could press 4 for someone: calls are not placed unverifiable.
  if (!secret) throw refuse('TOCSIN_VONAGE_SIGNATURE_SECRET', 'must be set with TOCSIN_VONAGE_APPLICATION_ID: Vonage signs its call callbacks with it (Dashboard, API settings)');
  const from = (v('TOCSIN_VONAGE_VOICE_FROM') ?? v('TOCSIN_VONAGE_FROM') ?? '').replace(/^\+/, '');
  if (!/^[1-9]\d{6,14}$/.test(from)) throw refuse('TOCSIN_VONAGE_VOICE_FROM', 'must be the Vonage number calls come from (E.164, e.g. +447700900000); TOCSIN_VONAGE_FROM is used when it is a number');
  const baseUrl = (v('TOCSIN_VONAGE_VOICE_BASE_URL') ?? 'https://api.nexmo.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw refuse('TOCSIN_VONAGE_VOICE_BASE_URL', 'must be an http(s) URL');
  return { applicationId, privateKey: privateKey(key), signatureSecret: secret, from, baseUrl };
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
  const vonage = vonageVoiceSettings(env);
  const ari = ariSettings(env);
  const raw = env.TOCSIN_VOICE_PROVIDERS?.trim();
  const configured: Record<VoiceProviderName, boolean> = { twilio: twilio !== null, vonage: vonage !== null, ari: ari !== null };
  let order: VoiceProviderName[];
  if (!raw) order = PROVIDERS.filter((n) => configured[n]);
  else {
    const names = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    for (const n of names) {
      if (!PROVIDERS.includes(n as VoiceProviderName)) throw refuse('TOCSIN_VOICE_PROVIDERS', `names "${n}": use twilio, vonage and/or ari, comma-separated`);
      if (!configured[n as VoiceProviderName]) throw refuse('TOCSIN_VOICE_PROVIDERS', `names ${n}, which is not configured (${VARIABLES[n as VoiceProviderName]})`);
    }
    order = [...new Set(names as VoiceProviderName[])];
  }
  const routes = parseNumberRoutes(env.TOCSIN_VOICE_ROUTES, 'TOCSIN_VOICE_ROUTES', order);
  return { order, routes, twilio, vonage, ari, timeoutMs: timeout(env) };
}
