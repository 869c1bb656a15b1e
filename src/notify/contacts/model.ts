import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { parsePhoneNumber as ParsePhoneNumber } from 'awesome-phonenumber';
import { ValidationError } from '../../core/errors.js';
import { normalizeEmail } from '../../users/model.js';
import type { ChannelName, ChannelPayload, PageContent } from '../content.js';

// Pure rules of contact methods: what an address may be on each channel (normalised at entry,
// so a page never goes to an address nobody checked), the payload a channel receives, and the
// verification code's life.

// The phone number library (the world's numbering plans) is loaded at the first number checked:
// evaluating it took about 50 ms of every server start.
const load = createRequire(import.meta.url);
let phoneParser: typeof ParsePhoneNumber | null = null;
const parsePhoneNumber: typeof ParsePhoneNumber = (...args) =>
  (phoneParser ??= (load('awesome-phonenumber') as { parsePhoneNumber: typeof ParsePhoneNumber }).parsePhoneNumber)(...args);

export const CHAT_FORMATS = ['slack', 'teams', 'discord', 'mattermost', 'google_chat'] as const;
export type ChatFormat = (typeof CHAT_FORMATS)[number];

export const MAX_ADDRESS_LENGTH = 2048;
export const MAX_LABEL_LENGTH = 100;
export const MAX_METHODS_PER_USER = 20;
export const CODE_TTL_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
/** A new code is sent at most once a minute per method (resend is also rate-limited per request). */
export const RESEND_INTERVAL_MS = 60_000;

export interface MethodInput {
  channel: ChannelName;
  address: string;
  /** ISO 3166 region for a phone number written in national format (e.g. `GB` for 07700 900123). */
  country?: string;
  details?: Record<string, unknown> | null;
}

export interface CheckedMethod {
  channel: ChannelName;
  address: string;
  details: Record<string, unknown> | null;
}

function checkText(raw: string, field: string, max: number): string {
  if (raw.includes('\u0000')) throw new ValidationError(`${field} must not contain NUL bytes`, field);
  if (raw.length > max) throw new ValidationError(`${field} must be at most ${max} characters`, field);
  return raw.trim();
}

/** A phone number in E.164, from international format or national format with a `country`. */
export function normalizePhone(raw: string, country?: string, field = 'address'): string {
  const text = checkText(raw, field, 64);
  if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) throw new ValidationError('country must be a two-letter region code such as GB', 'country');
  if (!text.startsWith('+') && !text.startsWith('00') && country === undefined) {
    throw new ValidationError(`${field} must be a phone number in international format (+44 7700 900123), or give country`, field);
  }
  // 00 is the international prefix in most of the world; the library wants +.
  const parsed = parsePhoneNumber(text.replace(/^00/, '+'), country ? { regionCode: country.toUpperCase() } : undefined);
  if (!parsed.valid) throw new ValidationError(`${field} is not a valid phone number`, field);
  return parsed.number.e164;
}

/** An absolute https URL (push endpoints and chat webhooks carry secrets: never plain http). */
export function checkHttpsUrl(raw: string, field = 'address'): string {
  const text = checkText(raw, field, MAX_ADDRESS_LENGTH);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`${field} must be an https URL`, field);
  }
  if (url.protocol !== 'https:' || url.username || url.password) throw new ValidationError(`${field} must be an https URL without credentials`, field);
  return url.toString();
}

function pushDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const keys = details?.keys as Record<string, unknown> | undefined;
  const ok = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 512 && /^[A-Za-z0-9_=-]+$/.test(v);
  if (!keys || typeof keys !== 'object' || !ok(keys.p256dh) || !ok(keys.auth)) {
    throw new ValidationError('details.keys must hold the subscription keys p256dh and auth (base64url)', 'details.keys');
  }
  return { keys: { p256dh: keys.p256dh, auth: keys.auth } };
}

function chatDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const format = details?.format;
  if (typeof format !== 'string' || !(CHAT_FORMATS as readonly string[]).includes(format)) {
    throw new ValidationError(`details.format must be one of ${CHAT_FORMATS.join(', ')}`, 'details.format');
  }
  return { format };
}

/** Checks and normalises an address for its channel; throws a ValidationError naming the field. */
export function checkMethod(input: MethodInput): CheckedMethod {
  const { channel } = input;
  switch (channel) {
    case 'email':
      return { channel, address: normalizeEmail(checkText(input.address, 'address', 254), 'address'), details: null };
    case 'sms':
    case 'voice':
      return { channel, address: normalizePhone(input.address, input.country), details: null };
    case 'push':
      return { channel, address: checkHttpsUrl(input.address), details: pushDetails(input.details) };
    case 'chat':
      return { channel, address: checkHttpsUrl(input.address), details: chatDetails(input.details) };
    default:
      throw new ValidationError(`channel must be one of email, sms, voice, push, chat`, 'channel');
  }
}

export function checkLabel(raw: string | undefined): string {
  return raw === undefined ? '' : checkText(raw, 'label', MAX_LABEL_LENGTH);
}

/** The payload of the outbox message that carries `content` to this contact method. */
export function payloadFor(
  step: { channel: ChannelName; address: string; details: Record<string, unknown> | null; contact_method_id: string },
  content: PageContent,
): ChannelPayload {
  return {
    to: step.address,
    ...(step.details ? { details: step.details } : {}),
    contactMethodId: step.contact_method_id,
    content,
  };
}

/** How a method's address is shown where the whole would leak a secret (push and chat URLs). */
export function displayAddress(channel: ChannelName, address: string): string {
  if (channel !== 'push' && channel !== 'chat') return address;
  const url = new URL(address);
  return `${url.origin}/…`;
}

/** A fresh 6-digit code; leading zeros kept. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Codes are stored hashed with the method's id, so a database read does not give them away. */
export const hashCode = (methodId: string, code: string): string => createHash('sha256').update(`${methodId}:${code}`).digest('hex');

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'exhausted' | 'none';

/** Whether `code` verifies a method in this state at `now` (values, not exceptions). */
export function checkCode(
  state: { id: string; verify_code_hash: string | null; verify_expires_at: number | null; verify_attempts: number },
  code: string,
  now: number,
): CodeCheck {
  if (state.verify_code_hash === null || state.verify_expires_at === null) return 'none';
  if (state.verify_attempts >= MAX_CODE_ATTEMPTS) return 'exhausted';
  if (now >= state.verify_expires_at) return 'expired';
  const given = Buffer.from(hashCode(state.id, code.trim()));
  return timingSafeEqual(given, Buffer.from(state.verify_code_hash)) ? 'ok' : 'wrong';
}

/** The text of a verification message (short enough for one SMS, plain enough to be spoken). */
export function verifyContent(code: string, userId: string): PageContent {
  return { kind: 'verify', subject: 'Your Tocsin code', text: `Your Tocsin verification code is ${code}. It expires in 15 minutes.`, code, userId };
}

/** The text of "send me a test page". */
export function testContent(userId: string, channel: ChannelName): PageContent {
  return { kind: 'test', subject: 'Tocsin test page', text: `This is a test page from Tocsin on ${channel}. If you got it, pages reach you here.`, userId };
}
