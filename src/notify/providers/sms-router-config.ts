import type { Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { twilioSettings } from '../twilio-settings.js';
import { VONAGE_SIGNATURE_METHODS, type VonageSignatureMethod } from '../vonage-sms-signature.js';
import { smsGateway, fillTemplate, type GatewayInbound, type GatewayStatus, type SmsGatewaySettings } from './sms-gateway.js';
import type { SmsSender } from './sms-router-http.js';
import { parseNumberRoutes } from './number-routes.js';
import type { SmsRoute } from './sms-router.js';
import { twilioSms } from './twilio-sms.js';
import { vonageSms, type VonageSettings } from './vonage.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface SmsConfig {
  senders: SmsSender[];
  routes: SmsRoute[];
  perProviderTimeoutMs: number;
}

const bad = (name: string, why: string) => new ValidationError(`${name} ${why}`, name);
const get = (env: Env, name: string) => env[name]?.trim() || undefined;

function baseUrl(env: Env, name: string, def: string): string {
  const url = (get(env, name) ?? def).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw bad(name, 'must be an http(s) URL');
  return url;
}

/** TOCSIN_VONAGE_*: null when none is set; a half-configured account is refused by name. */
export function vonageSettings(env: Env): VonageSettings | null {
  const [apiKey, apiSecret, from] = ['TOCSIN_VONAGE_API_KEY', 'TOCSIN_VONAGE_API_SECRET', 'TOCSIN_VONAGE_FROM'].map((n) => get(env, n));
  if (!apiKey && !apiSecret && !from) return null;
  if (!apiKey) throw bad('TOCSIN_VONAGE_API_KEY', 'must be set with the other TOCSIN_VONAGE_* variables');
  if (!apiSecret) throw bad('TOCSIN_VONAGE_API_SECRET', 'must be set with TOCSIN_VONAGE_API_KEY');
  if (!from || !/^(\+?[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/.test(from)) throw bad('TOCSIN_VONAGE_FROM', 'must be a phone number or an alphanumeric sender id of at most 11 characters');
  const method = (get(env, 'TOCSIN_VONAGE_SIGNATURE_METHOD') ?? 'md5hash').toLowerCase();
  if (!(VONAGE_SIGNATURE_METHODS as readonly string[]).includes(method)) throw bad('TOCSIN_VONAGE_SIGNATURE_METHOD', `must be one of ${VONAGE_SIGNATURE_METHODS.join(', ')} (the dashboard's signature method)`);
  return {
    apiKey,
    apiSecret,
    from: from.replace(/^\+/, ''),
    baseUrl: baseUrl(env, 'TOCSIN_VONAGE_BASE_URL', 'https://rest.nexmo.com'),
    signatureSecret: get(env, 'TOCSIN_VONAGE_SIGNATURE_SECRET') ?? null,
    signatureMethod: method as VonageSignatureMethod,
  };
}

function headersOf(env: Env): Record<string, string> {
  const raw = get(env, 'TOCSIN_SMS_GATEWAY_HEADERS');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw bad('TOCSIN_SMS_GATEWAY_HEADERS', 'must be a JSON object of header names to values');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string')) {
    throw bad('TOCSIN_SMS_GATEWAY_HEADERS', 'must be a JSON object of header names to string values');
  }
  return Object.fromEntries(Object.entries(parsed as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
}

/** TOCSIN_SMS_GATEWAY_*: the request template; a JSON body template must give JSON once filled. */
export function gatewaySettings(env: Env): SmsGatewaySettings | null {
  const url = get(env, 'TOCSIN_SMS_GATEWAY_URL');
  if (!url) return null;
  if (!/^https?:\/\/[^/]+/.test(url)) throw bad('TOCSIN_SMS_GATEWAY_URL', 'must be an http(s) URL');
  const method = (get(env, 'TOCSIN_SMS_GATEWAY_METHOD') ?? 'POST').toUpperCase();
  if (method !== 'GET' && method !== 'POST' && method !== 'PUT') throw bad('TOCSIN_SMS_GATEWAY_METHOD', 'must be GET, POST or PUT');
  const headers = headersOf(env);
  const body = method === 'GET' ? null : (env.TOCSIN_SMS_GATEWAY_BODY ?? '');
  if (method === 'GET' && env.TOCSIN_SMS_GATEWAY_BODY) throw bad('TOCSIN_SMS_GATEWAY_BODY', 'cannot go with TOCSIN_SMS_GATEWAY_METHOD=GET (put {{to}} and {{text}} in the URL)');
  if (body !== null && !headers['content-type']) headers['content-type'] = /^\s*[[{]/.test(body) ? 'application/json' : 'application/x-www-form-urlencoded';
  const type = headers['content-type'] ?? '';
  const bodyFormat = type.includes('json') ? 'json' : type.includes('x-www-form-urlencoded') ? 'form' : 'text';
  if (body !== null && bodyFormat === 'json') {
    try {
      JSON.parse(fillTemplate(body, { to: '+15550001111', text: 'a "quoted" text\n', key: 'k' }, 'json'));
    } catch {
      throw bad('TOCSIN_SMS_GATEWAY_BODY', 'must be JSON once {{to}} {{text}} {{key}} are filled (put the placeholders inside quotes)');
    }
  }
  return { url, method, headers, body, bodyFormat, refField: get(env, 'TOCSIN_SMS_GATEWAY_REF_FIELD') ?? null, inbound: gatewayInbound(env) };
}

/** TOCSIN_SMS_GATEWAY_INBOUND_*: null unless a token is set; a token short enough to guess is refused. */
function gatewayInbound(env: Env): GatewayInbound | null {
  const token = get(env, 'TOCSIN_SMS_GATEWAY_INBOUND_TOKEN');
  if (!token) {
    const stray = ['TOCSIN_SMS_GATEWAY_INBOUND_FROM', 'TOCSIN_SMS_GATEWAY_INBOUND_TEXT', 'TOCSIN_SMS_GATEWAY_INBOUND_ID', 'TOCSIN_SMS_GATEWAY_STATUS_ID'].find((n) => get(env, n));
    if (stray) throw bad(stray, 'needs TOCSIN_SMS_GATEWAY_INBOUND_TOKEN (what the gateway sends Tocsin is accepted only with it)');
    return null;
  }
  if (token.length < 16 || !/^[\x21-\x7e]+$/.test(token)) throw bad('TOCSIN_SMS_GATEWAY_INBOUND_TOKEN', 'must be at least 16 printable characters without spaces (e.g. openssl rand -hex 16)');
  const path = (name: string, def: string | null) => {
    const v = get(env, name) ?? def;
    if (v !== null && !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(v)) throw bad(name, 'must be a field name or a dotted path like payload.phoneNumber');
    return v;
  };
  return {
    token,
    from: path('TOCSIN_SMS_GATEWAY_INBOUND_FROM', 'from')!,
    text: path('TOCSIN_SMS_GATEWAY_INBOUND_TEXT', 'text')!,
    id: path('TOCSIN_SMS_GATEWAY_INBOUND_ID', null),
    status: gatewayStatus(env, path),
  };
}

/** TOCSIN_SMS_GATEWAY_STATUS_*: null unless the id's path is set; then the state's path and at least one list of states. */
function gatewayStatus(env: Env, path: (name: string, def: string | null) => string | null): GatewayStatus | null {
  const id = path('TOCSIN_SMS_GATEWAY_STATUS_ID', null);
  if (!id) return null;
  const state = path('TOCSIN_SMS_GATEWAY_STATUS_STATE', null);
  if (!state) throw bad('TOCSIN_SMS_GATEWAY_STATUS_STATE', 'must be set with TOCSIN_SMS_GATEWAY_STATUS_ID: where a delivery report says what happened');
  const list = (name: string) => (get(env, name) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const delivered = list('TOCSIN_SMS_GATEWAY_STATUS_DELIVERED');
  const failed = list('TOCSIN_SMS_GATEWAY_STATUS_FAILED');
  if (!delivered.length && !failed.length) throw bad('TOCSIN_SMS_GATEWAY_STATUS_FAILED', 'or TOCSIN_SMS_GATEWAY_STATUS_DELIVERED must list the states that mean it (e.g. sms:failed)');
  return { id, state, delivered, failed, reason: path('TOCSIN_SMS_GATEWAY_STATUS_REASON', null) };
}

/**
 * The SMS providers TOCSIN_* configures, in failover order: TOCSIN_SMS_PROVIDERS when set (each
 * must be configured), else every configured one (twilio, vonage, gateway). Null when none is.
 */
export function smsConfig(env: Env, opts: { statusCallbacks?: { twilio?: string; vonage?: string }; clock?: Clock } = {}): SmsConfig | null {
  const twilio = twilioSettings(env);
  const vonage = vonageSettings(env);
  const gateway = gatewaySettings(env);
  const available: SmsSender[] = [
    ...(twilio ? [twilioSms(twilio, { clock: opts.clock, statusCallback: opts.statusCallbacks?.twilio })] : []),
    ...(vonage ? [vonageSms(vonage, { clock: opts.clock, statusCallback: opts.statusCallbacks?.vonage })] : []),
    ...(gateway ? [smsGateway(gateway, opts)] : []),
  ];
  const listed = get(env, 'TOCSIN_SMS_PROVIDERS')?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const senders = listed
    ? [...new Set(listed)].map((name) => available.find((s) => s.name === name) ?? throwBad('TOCSIN_SMS_PROVIDERS', `names ${name}, which is not configured (configured: ${available.map((s) => s.name).join(', ') || 'none'})`))
    : available;
  if (!senders.length) return null;
  const timeout = get(env, 'TOCSIN_SMS_TIMEOUT_MS') ?? '10000';
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 120_000) throw bad('TOCSIN_SMS_TIMEOUT_MS', 'must be a whole number of milliseconds from 100 to 120000');
  return { senders, routes: parseNumberRoutes(get(env, 'TOCSIN_SMS_ROUTES'), 'TOCSIN_SMS_ROUTES', senders.map((s) => s.name)), perProviderTimeoutMs: Number(timeout) };
}

function throwBad(name: string, why: string): never {
  throw bad(name, why);
}
