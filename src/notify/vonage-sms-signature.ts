import { createHash, createHmac } from 'node:crypto';
import { sameSecret } from '../core/secrets.js';

/**
 * The SMS API's signed webhooks (inbound messages, delivery receipts): a `sig` parameter over the
 * other parameters with the account's signature secret, by the method chosen in Vonage's
 * dashboard: "MD5 hash" (its default) or an HMAC (MD5, SHA-1, SHA-256, SHA-512)
 * (https://developer.vonage.com/en/getting-started/concepts/signing-messages).
 */
export const VONAGE_SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type VonageSignatureMethod = (typeof VONAGE_SIGNATURE_METHODS)[number];

/**
 * The signed string: every parameter but `sig`, sorted by name, as `&name=value` (a leading
 * ampersand too), each value's `&` and `=` replaced by `_`. The hash method appends the secret
 * and takes MD5; the HMACs key with it. Hex, compared without regard to case.
 */
export function vonageSmsSignature(params: Readonly<Record<string, string>>, secret: string, method: VonageSignatureMethod): string {
  const signed = Object.keys(params)
    .filter((k) => k !== 'sig')
    .sort()
    .map((k) => `&${k}=${params[k]!.replace(/[&=]/g, '_')}`)
    .join('');
  if (method === 'md5hash') return createHash('md5').update(signed + secret, 'utf8').digest('hex');
  return createHmac(method, secret).update(signed, 'utf8').digest('hex');
}

/** Why these parameters are not Vonage's, or null when their `sig` is the secret's. */
export function vonageSmsSignatureProblem(params: Readonly<Record<string, string>>, secret: string, method: VonageSignatureMethod): string | null {
  const sig = params.sig;
  if (!sig) return 'no sig parameter (ask Vonage support to sign the account’s SMS webhooks)';
  if (!params.timestamp) return 'no timestamp parameter';
  if (!sameSecret(sig.toLowerCase(), vonageSmsSignature(params, secret, method))) return `sig does not match (is TOCSIN_VONAGE_SIGNATURE_METHOD ${method} the dashboard's?)`;
  return null;
}
