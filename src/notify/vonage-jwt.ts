import { createHash, createHmac, sign, type KeyObject } from 'node:crypto';
import { sameSecret } from '../core/secrets.js';

// Vonage's two JWTs (https://developer.vonage.com/en/getting-started/concepts/authentication):
// Tocsin signs each Voice API request with the application's private key (RS256), and Vonage
// signs each call callback with the account's signature secret (HS256), its body's SHA-256 in the
// `payload_hash` claim. Pure functions of their inputs; the time comes from the caller's clock.

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The bearer token of one Voice API request: the application's id, issued now, good for 5 minutes. */
export function applicationJwt(applicationId: string, key: KeyObject, nowSeconds: number, jti: string): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ application_id: applicationId, iat: nowSeconds, exp: nowSeconds + 300, jti })}`;
  return `${head}.${sign('sha256', Buffer.from(head), key).toString('base64url')}`;
}

/** An HS256 token over these claims (what Vonage sends; tests sign their callbacks with it). */
export function hs256(secret: string, claims: Record<string, unknown>): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export const payloadHash = (body: string): string => createHash('sha256').update(body, 'utf8').digest('hex');

/** How far a callback's `iat` may be from this server's clock (either way), in seconds. */
const SKEW_SECONDS = 300;

/**
 * Why a callback's `Authorization: Bearer <jwt>` is not Vonage's for this body, or null when it is:
 * HS256 under the signature secret, the body's hash as signed, and issued within five minutes of
 * now (an old callback replayed is refused).
 */
export function webhookJwtProblem(secret: string, authorization: string | undefined, body: string, nowSeconds: number): string | null {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return 'no bearer token';
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [head, claims, signature] = parts as [string, string, string];
  let header: { alg?: unknown };
  let c: { payload_hash?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString()) as typeof header;
    c = JSON.parse(Buffer.from(claims, 'base64url').toString()) as typeof c;
  } catch {
    return 'not a JWT';
  }
  // The algorithm is ours to choose, never the token's ("none", or RS256 with the secret as a key).
  if (header?.alg !== 'HS256') return 'not HS256';
  if (!sameSecret(signature, createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url'))) return 'bad signature';
  if (typeof c?.payload_hash !== 'string' || !sameSecret(c.payload_hash.toLowerCase(), payloadHash(body))) return 'the body is not the one signed';
  if (typeof c.iat !== 'number' || Math.abs(nowSeconds - c.iat) > SKEW_SECONDS) return 'issued too long ago (or ahead)';
  if (typeof c.exp === 'number' && c.exp < nowSeconds - SKEW_SECONDS) return 'expired';
  return null;
}
