import { createHash, timingSafeEqual } from 'node:crypto';
import { newSecret } from './ids.js';

/**
 * Session cookies and API tokens are random secrets; only their SHA-256 is stored, so a copy
 * of the database does not let anyone act as a user. (They are high-entropy, so a slow hash
 * like argon2 is not needed here; passwords use argon2.)
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const TOKEN_PREFIX = 'tocsin_';

/** A new API token, shown once: `tocsin_` + 43 base64url characters. */
export const newApiToken = (): string => TOKEN_PREFIX + newSecret(32);

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
