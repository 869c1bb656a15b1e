import { createECDH } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';

/** What signs every push request (RFC 8292): the application server's identity. */
export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface VapidSettings {
  subject: string;
  /** From TOCSIN_VAPID_PUBLIC_KEY / _PRIVATE_KEY; absent: generated once and kept in the database. */
  keys?: VapidKeys;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function key(env: Readonly<Record<string, string | undefined>>, name: string, bytes: number): string {
  const value = env[name]!.trim();
  if (!B64URL.test(value) || Buffer.from(value, 'base64url').length !== bytes) {
    throw new ValidationError(`${name} must be a URL-safe base64 key of ${bytes} bytes without padding (web-push generate-vapid-keys prints one)`, name);
  }
  return value;
}

/**
 * Reads the VAPID variables. The subject is how a push service reaches the operator about
 * abuse; it must be `mailto:` or `https:`, and defaults to TOCSIN_PUBLIC_URL when that is https.
 * Apple's service refuses a localhost subject, hence the warning in docs/notify-push.md.
 */
export function vapidSettings(env: Readonly<Record<string, string | undefined>>, publicUrl: string): VapidSettings {
  const subject = env.TOCSIN_VAPID_SUBJECT?.trim() || (publicUrl.startsWith('https:') ? publicUrl : 'mailto:tocsin@localhost');
  if (!/^(mailto:[^@\s]+@[^@\s]+|https:\/\/[^\s/]+.*)$/.test(subject)) {
    throw new ValidationError(`TOCSIN_VAPID_SUBJECT must be a mailto: address or an https: URL, got "${subject}"`, 'TOCSIN_VAPID_SUBJECT');
  }
  const hasPublic = Boolean(env.TOCSIN_VAPID_PUBLIC_KEY?.trim());
  const hasPrivate = Boolean(env.TOCSIN_VAPID_PRIVATE_KEY?.trim());
  if (hasPublic !== hasPrivate) {
    const missing = hasPublic ? 'TOCSIN_VAPID_PRIVATE_KEY' : 'TOCSIN_VAPID_PUBLIC_KEY';
    throw new ValidationError(`${missing} must be set with its pair, or neither (a pair is then generated and kept in the database)`, missing);
  }
  if (!hasPublic) return { subject };
  return { subject, keys: { publicKey: key(env, 'TOCSIN_VAPID_PUBLIC_KEY', 65), privateKey: key(env, 'TOCSIN_VAPID_PRIVATE_KEY', 32) } };
}

/**
 * A new P-256 pair as web-push's generateVAPIDKeys makes it: the public key uncompressed (65
 * bytes), the private key 32 bytes, both URL-safe base64 without padding. Made here with
 * node:crypto, since every first start makes one and web-push costs a start 60 ms to load.
 */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const scalar = ecdh.getPrivateKey(); // shorter than 32 bytes when it starts with zeros
  const privateKey = Buffer.concat([Buffer.alloc(32 - scalar.length), scalar]);
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: privateKey.toString('base64url') };
}

/** The stored pair, or undefined when the row is not one (then a new pair replaces nothing: see the store). */
export function parseStoredKeys(value: string | undefined): VapidKeys | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as Partial<VapidKeys>;
    return typeof v.publicKey === 'string' && typeof v.privateKey === 'string' ? { publicKey: v.publicKey, privateKey: v.privateKey } : undefined;
  } catch {
    return undefined;
  }
}
