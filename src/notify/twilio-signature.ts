import { createHmac } from 'node:crypto';
import { sameSecret } from '../core/secrets.js';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's
 * auth token, of the full URL Twilio called followed by each POST parameter's name and value,
 * sorted by name (https://www.twilio.com/docs/usage/security#validating-requests).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[] | undefined>): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const v = params[name];
    for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) data += name + one;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** True when the header is the signature of this request. */
export function validTwilioSignature(authToken: string, header: string | undefined, url: string, params: Record<string, string | string[] | undefined>): boolean {
  return typeof header === 'string' && header.length > 0 && sameSecret(header, twilioSignature(authToken, url, params));
}
