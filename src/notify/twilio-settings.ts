import { ValidationError } from '../core/errors.js';

/** One Twilio account, shared by the SMS and voice channels. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or, for SMS, a Messaging Service SID (MG...). */
  from: string;
  /** https://api.twilio.com unless a test or a proxy says otherwise. */
  baseUrl: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads TOCSIN_TWILIO_*; null when no account is configured; a half-configured account is refused by name. */
export function twilioSettings(env: Env): TwilioSettings | null {
  const accountSid = env.TOCSIN_TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TOCSIN_TWILIO_AUTH_TOKEN?.trim();
  const from = env.TOCSIN_TWILIO_FROM?.trim();
  if (!accountSid && !authToken && !from) return null;
  if (!accountSid || !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) throw new ValidationError('TOCSIN_TWILIO_ACCOUNT_SID must be a Twilio account SID (AC followed by 32 hex digits)', 'TOCSIN_TWILIO_ACCOUNT_SID');
  if (!authToken) throw new ValidationError('TOCSIN_TWILIO_AUTH_TOKEN must be set with TOCSIN_TWILIO_ACCOUNT_SID', 'TOCSIN_TWILIO_AUTH_TOKEN');
  if (!from || !/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/.test(from)) throw new ValidationError('TOCSIN_TWILIO_FROM must be an E.164 number (+15551234567) or a Messaging Service SID', 'TOCSIN_TWILIO_FROM');
  const baseUrl = (env.TOCSIN_TWILIO_BASE_URL?.trim() || 'https://api.twilio.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw new ValidationError('TOCSIN_TWILIO_BASE_URL must be an http(s) URL', 'TOCSIN_TWILIO_BASE_URL');
  return { accountSid, authToken, from, baseUrl };
}
